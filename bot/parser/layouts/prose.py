"""Prose: conclusions published as news, directives relayed on a portal. No list markers; the units are
the subjects of sentences ("Theo đó, Phòng X kiểm tra …", "UBND các xã ra quân …") or the objects of
the speaker's verb ("Chủ tịch UBND huyện yêu cầu các ngành …").

A bare subject is a doer only where the text directs: after a cue ("kết luận", "yêu cầu", "chỉ đạo",
"Theo đó", a directive issued) in the paragraph or the paragraphs before it; and never the speaker
("Chủ tịch UBND xã khẳng định …"), a collective told to do its duty, or a subject whose verb narrates
("UBND tỉnh ban hành Kế hoạch …", "Cục Hải quan thông báo …").
"""

from __future__ import annotations

import re

from bot.parser import cues
from bot.parser.address import Addressee
from bot.parser.clauses import Segment, segments
from bot.parser.framing import LEADER
from bot.parser.layouts.base import Candidate, Scope, Walk
from bot.parser.layouts.implied import implied_tasks
from bot.parser.outline import Node
from bot.parser.runs import split_runs

DIRECTIVE = re.compile(
    # the lookahead (each cue's first letter) changes no match; it lets the scan skip positions fast
    r"(?=[kcyđgptnb])(?<![\wÀ-ỹ])(?:kết luận|chỉ đạo|yêu cầu|đề nghị|giao|phân công|[Tt]heo đó|như sau"
    r"|ban hành (?:Công văn|Kế hoạch|Chỉ thị|Thông báo|Quyết định|Công điện|văn bản))(?![\wÀ-ỹ])",
    re.IGNORECASE,  # "Yêu cầu UBND các xã …" opens a sentence as often as it follows the speaker
)
# Verbs that tell what the speaker or the issuer did, not what a unit must do.
NARRATIVE = re.compile(
    r"^(?:ban hành|thông báo|phát động|công bố|có ý kiến|khẳng định|đánh giá|ghi nhận|biểu dương|chấp thuận"
    r"|quyết định|họp|tổ chức (?:họp|hội nghị|phiên|cuộc|buổi|lễ|đoàn|kiểm tra)|chủ trì (?:họp|hội nghị|phiên"
    r"|cuộc|buổi)|phát biểu|kết luận|nhấn mạnh|cho biết|trình bày|tham dự|dự(?! (?:thảo|toán))|nghe|thăm"
    # "tiếp đoàn", not "tiếp tục", "tiếp nhận"; "có …" states, but "có trách nhiệm", "có kế hoạch" direct
    r"|tiếp(?! (?:tục|nhận|thu|cận))|vừa|đã|cũng|đang|sẽ|được|là"
    r"|có(?! (?:trách nhiệm|kế hoạch|văn bản|phương án|giải pháp|biện pháp))|không|chưa|còn|gồm|nêu|nói"
    r"|đề xuất|kiến nghị|mong|hy vọng|cảm ơn)(?![\wÀ-ỹ])"
)
# A "predicate" that opens with a preposition is the rest of a noun phrase: "… và Bệnh viện quận về …".
_PREPOSITION = re.compile(r"^(?:về|của|tại|trong|với|cho|đối với|theo|từ|đến|và)(?![\wÀ-ỹ])")
_CONTEXT = 6  # paragraphs before this one that may hold the cue


def recognise(node: Node, scope: Scope, walk: Walk) -> list[Candidate] | None:
    if node.style is not None or scope.numbered or scope.addressee is not None or scope.blocked:
        return None
    if node.opens and node.children:
        return None  # a lead sentence: the lead layout reads it
    directive = _directs(walk, node)
    parts = segments(node.text, walk.names, allow_subject=True, first=None, vet=_vet if directive else _modal)
    parts = split_runs(node.text, parts)
    found = []
    for i, part in enumerate(parts):
        if part.who is None or not part.who.units:
            continue  # the narrative before the first doer
        if _announces(node.text[part.start : part.end], parts[i + 1 :]):
            continue  # "… yêu cầu X thực hiện các nhiệm vụ sau: Một là, Công an xã …": only the list's lead
        found.append(
            Candidate(
                text=node.text[part.start : part.end].strip(" ;,"),
                addressee=part.who,
                start=node.para.start,
                end=node.para.end,
                section=scope.section(node),
                timing=scope.timing,
                layout="prose",
            )
        )
    if not found:
        found = implied_tasks(node, scope, walk)  # an order without a doer, for the closing line's recipients
    inner = scope.within(node)
    return found + [task for kid in walk.outline.children(node) for task in walk.node(kid, inner)]


def _announces(text: str, later: list[Segment]) -> bool:
    doers = any(part.who is not None and part.who.units for part in later)
    return doers and cues.ends_announcing(text.strip())


def _directs(walk: Walk, node: Node) -> bool:
    siblings = walk.outline.children(walk.outline.nodes[node.parent]) if node.parent is not None else None
    if siblings is None:
        siblings = walk.outline.root_nodes()
    here = next(i for i, sibling in enumerate(siblings) if sibling.index == node.index)
    if node.parent is not None and DIRECTIVE.search(walk.outline.nodes[node.parent].text):
        return True  # "Phát biểu kết luận, đồng chí Chủ tịch yêu cầu:" over the paragraphs that say what
    return any(DIRECTIVE.search(sibling.text) for sibling in siblings[max(0, here - _CONTEXT) : here + 1])


# "Trạm Y tế xã phải …", "các thôn cần …": a modal after the subject directs without a cue.
_MODAL = re.compile(r"^(?:cần|phải|cần phải)(?![\wÀ-ỹ])")


def _modal(clause: str, who: Addressee) -> bool:
    """Outside a directive's reach, only a subject with a modal is a doer."""
    return bool(_MODAL.match(who.rest)) and _vet(clause, who)


def _vet(clause: str, who: Addressee) -> bool:
    if NARRATIVE.match(who.rest) or _PREPOSITION.match(who.rest):
        return False
    return not any(LEADER.match(unit) or cues.GENERIC_UNITS.match(unit) for unit in who.units)
