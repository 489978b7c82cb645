"""A numbered or bold heading that names who does the items under it: "5. Công an phường",
"2.8. Giao Phòng X chủ trì, phối hợp Y:", "3. Đề nghị Công ty Điện lực:", "Giao Phòng X hoàn thành
trước ngày … các nội dung sau:". The heading is not a task; each item under it is one, for its units.

A heading whose text also reads as a task ("4. Đề nghị các tổ chức cung cấp dịch vụ chi trả") is a
heading only when sub-items follow it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.parser import cues
from bot.parser.address import Addressee, parse_addressee
from bot.parser.layouts.base import Candidate, Scope, Walk, lists_content, starts_with_verb
from bot.parser.letters import LOWER, UPPER
from bot.parser.models import TaskKind
from bot.parser.outline import NUMBERED, Node
from bot.parser.sentences import heading_units, names_its_doers
from bot.parser.unit_words import VERB_RE

_HEADING_LENGTH = 220  # characters; a longer numbered paragraph is a sentence, not a unit heading
_TENTATIVE = 150  # characters; an unterminated line this short may be a heading over sub-items
_TERMINAL = (".", ";", ":", "!", "?", "…", "/.")


def recognise(node: Node, scope: Scope, walk: Walk) -> list[Candidate] | None:
    if node.style not in NUMBERED:
        return None
    body = node.text
    names = walk.names
    who: Addressee | None = None
    if names_its_doers(body, names) or not scope.blocked:
        who = parse_addressee(body, names, allow_subject=True)
    if who is None and len(body) < _HEADING_LENGTH and not scope.blocked:
        who = heading_units(body, names)
    if who is None and not scope.blocked and _like_its_siblings(node, walk):
        # "2. Các hợp tác xã dịch vụ nông nghiệp trên địa bàn" among "1. Ủy ban nhân dân xã", "3. Trạm …"
        who = Addressee([body.rstrip(":. ")], [], TaskKind.assign, "")
    if who is None:
        return None
    timing = (body,) if node.opens else ()
    if cues.announces_tasks(who.rest) and not lists_content(walk, node):
        timing = (who.rest,)
        who = Addressee(who.units, who.coordinators, who.kind, "")
    elif who.rest:
        whole = _heading_over_sub_items(node, walk)
        if whole is None:
            return None  # a task: the item layout reads it
        who, timing = whole, ()
    inner = replace(scope.within(node), addressee=who, timing=(*timing, *scope.timing))
    return walk.children(node, inner)


# Nouns that open a topic heading, not a body's name: "2. Công tác tuyên truyền", "3. Kinh phí".
_TOPIC_NOUN = re.compile(
    r"^(?:Về|Đối với|Công tác|Lĩnh vực|Nhiệm vụ|Giải pháp|Nội dung|Kết quả|Tình hình|Mục tiêu|Công việc"
    r"|Chương trình|Kế hoạch|Dự án|Hoạt động|Chế độ|Chính sách|Thời gian|Kinh phí|Tổ chức thực hiện"
    r"|Trách nhiệm|Yêu cầu|Mục đích|Phạm vi|Đối tượng|Tiến độ|Phân công)(?![\wÀ-ỹ])",
    re.IGNORECASE,
)
_SIBLING_HEADING = 120  # characters
# What makes a noun phrase name bodies: a plural ("Các hợp tác xã …"), a place ("… trên địa bàn xã"),
# or a proper name after its first word ("Hợp tác xã Tân Hiệp").
_BODY_LIKE = re.compile(
    r"^(?:Các|Những)\s"
    r"|(?<![\wÀ-ỹ])(?:xã|phường|quận|huyện|tỉnh|thị xã|thị trấn|thành phố|đặc khu)(?![\wÀ-ỹ])"
    rf"|^\S+(?:\s+[{LOWER}]\S*)*\s+[{UPPER}]"
)


def _like_its_siblings(node: Node, walk: Walk) -> bool:
    """A short numbered line without a verb, over action items, among siblings that are unit headings:
    a unit heading whose noun no word list knows."""
    body = node.text.rstrip(":")
    if len(body) >= _SIBLING_HEADING or body.endswith(_TERMINAL) or _TOPIC_NOUN.match(body):
        return False
    if VERB_RE.search(body) or not body[:1].isupper() or not _BODY_LIKE.search(body):
        return False
    kids = [kid for kid in walk.outline.children(node) if kid.style is not None]
    if not kids or sum(starts_with_verb(kid.text) for kid in kids) * 2 < len(kids):
        return False
    parent = walk.outline.nodes[node.parent] if node.parent is not None else None
    siblings = walk.outline.children(parent) if parent is not None else walk.outline.root_nodes()
    return any(
        sibling.index != node.index and sibling.key == node.key and heading_units(sibling.text, walk.names)
        for sibling in siblings
    )


def _heading_over_sub_items(node: Node, walk: Walk) -> Addressee | None:
    body = node.text
    if body.endswith(_TERMINAL) or len(body) >= _TENTATIVE:
        return None
    if not any(kid.style is not None for kid in walk.outline.children(node)):
        return None
    return heading_units(body, walk.names, lenient=True)
