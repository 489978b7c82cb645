"""The safety net: sentences that look like orders but gave no task, offered to the office in the
preview so that a miss costs one tap, not a unit that never hears of its task.

A sentence looks like an order when it holds an assignment cue ("giao", "đề nghị", "yêu cầu", "chủ
trì", "có trách nhiệm", "được giao", "phân công", "chỉ đạo") within reach of a unit-like name (a
unit word, a name the notice or the directory spells out), or when it is a unit heading with no task
under it; and it lies outside every task found. Formulas (recipients, closings, statute quotes,
"theo đề nghị của …", "đáp ứng yêu cầu") and what was done ("đã giao") are not orders.
"""

from __future__ import annotations

import re
from itertools import pairwise

from bot.parser import cues
from bot.parser.clauses import boundaries
from bot.parser.framing import LEADER, after_connector, after_framing
from bot.parser.known_names import KnownNames
from bot.parser.locate import locate
from bot.parser.models import Unclaimed
from bot.parser.outline import NUMBERED, Node, Outline
from bot.parser.sentences import heading_units
from bot.parser.unit_words import CAC_NOUNS, TYPE_RE, B
from bot.parser.units import split_units, subject_split

# Verbs that assign to the unit after them ("giao X …") and verbs whose subject is the doer ("X chủ trì …").
_OBJECT_CUE = re.compile(
    r"(?<![\wÀ-ỹ])(?<!đã )(?<!bàn )(?<!được )"
    r"(?:giao(?:\s+nhiệm vụ)?(?:\s+cho)?"
    r"(?!\s+(?:ban|thông|dịch|lưu|đất|nhận|kết|thầu|khoán|nộp|quyền|hàng|tiếp))"
    r"|đề nghị|yêu cầu)(?:\s+đối với)?(?![\wÀ-ỹ])",
    re.IGNORECASE,
)
_SUBJECT_CUE = re.compile(r"(?<![\wÀ-ỹ])(?:chủ trì|có trách nhiệm|được giao)(?![\wÀ-ỹ])")
# The lookahead (each cue's first letter) changes no match; it lets the scan skip positions fast.
_CUE = re.compile(f"(?=[gđyc])(?:{_OBJECT_CUE.pattern}|{_SUBJECT_CUE.pattern})", re.IGNORECASE)
_PAST = re.compile(r"(?:đã|vừa|từng)(?:\s+\S+){0,2}\s*$")
# A cue word used as a noun or a reference, not as an order.
_NOT_ORDER = re.compile(
    r"(?=[tcxđnmyd])(?:"  # each alternative's first letter: changes no match, speeds the scan
    r"(?:theo|trên cơ sở|căn cứ|xem xét|tiếp thu|đáp ứng|các|những|mọi|một số)\s+(?:đề nghị|yêu cầu|chỉ đạo)"
    r"|(?:đề nghị|yêu cầu|chỉ đạo)\s+(?:của|tại|nêu trên|này|đã)"
    r"|chủ trì (?:hội nghị|cuộc họp|phiên họp|buổi)|dưới sự chủ trì)",
    re.IGNORECASE,
)
# A unit name, not in a genitive or after a preposition ("dự toán của HĐND tỉnh", "gửi Sở X").
_UNIT_AT = re.compile(
    r"(?<![\wÀ-ỹ])(?<!của )(?<!với )(?<!cho )(?<!tại )(?<!về )(?<!từ )(?<!đến )(?<!gửi )(?<!theo )(?<!qua )"
    rf"(?:(?:{TYPE_RE}){B}|[Cc]ác\s+{CAC_NOUNS}{B})"
)
_REACH = 120  # characters between the cue and the name it concerns
_LONGEST = 600  # characters; a longer sentence is cut to its first part for the preview


def unclaimed(tree: Outline, text: str, covered: list[tuple[int, int]], names: KnownNames) -> list[Unclaimed]:
    """Order-like sentences of the notice outside the `covered` spans (source offsets)."""
    found: list[Unclaimed] = []
    for node in tree.nodes:
        if node.excluded or node.field is not None or _heads_tasks(tree, node, covered):
            continue
        if _unit_heading(tree, node, names):
            units = _units_of_heading(node, names)
            found.append(Unclaimed(text=node.text, units=units, span=(node.para.start, node.para.end)))
            continue
        found.extend(_sentences(node, text, covered, names))
    return found


def _sentences(node: Node, text: str, covered: list[tuple[int, int]], names: KnownNames) -> list[Unclaimed]:
    body = node.text
    if not _CUE.search(body):
        return []
    starts = [*boundaries(body, names), len(body)]
    found = []
    for start, end in pairwise(starts):
        sentence = body[start:end].strip(" ;")
        if cues.CLOSING.match(sentence) or cues.NOT_TASK.match(sentence) or cues.SANCTION.search(sentence):
            continue
        units = _ordered_units(sentence, names)
        if not units:
            continue
        span = locate(sentence, text, node.para.start, node.para.end)
        if _inside(*span, covered):
            continue
        found.append(Unclaimed(text=sentence[:_LONGEST], units=units, span=span))
    return found


def _ordered_units(sentence: str, names: KnownNames) -> list[str]:
    """The units an order in `sentence` concerns: the object of "giao"/"đề nghị"/"yêu cầu", the
    subject of "chủ trì"/"có trách nhiệm"/"được giao"; speakers and every-unit collectives left out."""
    units: dict[str, None] = {}
    for cue in _CUE.finditer(sentence):
        if _NOT_ORDER.search(sentence, max(0, cue.start() - 20), cue.end() + 12):
            continue
        if _PAST.search(sentence, max(0, cue.start() - 25), cue.start()):
            continue  # "… đã kịp thời chỉ đạo …", "đã giao": what was done
        if _OBJECT_CUE.match(sentence, cue.start()):
            after = sentence[cue.end() :].lstrip()
            found = _unit_from(after, names) if _starts_unit(sentence, cue.end()) else []
        else:
            found = _subject(sentence[: cue.start()], names)
        for unit in found:
            if not LEADER.match(unit) and not cues.GENERIC_UNITS.match(unit):
                units.setdefault(unit, None)
    return list(units)


def _starts_unit(sentence: str, at: int) -> bool:
    rest = sentence[at:].lstrip()
    return _UNIT_AT.match(rest) is not None or rest[:1].isupper()


def _subject(before: str, names: KnownNames) -> list[str]:
    """The unit that opens the sentence (after a connector or framing clause), as the cue's subject."""
    opening = after_framing(after_connector(before.strip()), lambda rest: _UNIT_AT.match(rest) is not None)
    if not _UNIT_AT.match(opening) or len(opening) > _REACH:
        return []
    return split_units(opening)


def _unit_from(text: str, names: KnownNames) -> list[str]:
    split = subject_split(text, names)
    if split is not None:
        return split[0]
    head = re.split(r"[,;:.]|\s(?:để|nhằm|trong|theo|về|tại|với)\s", text, maxsplit=1)[0]
    return split_units(head)[:1] if len(head) < _REACH else []


def _heads_tasks(tree: Outline, node: Node, covered: list[tuple[int, int]]) -> bool:
    """Is `node` a task, inside one, or the heading or lead sentence of tasks found under it?"""
    end = _subtree_end(tree, node)
    return any(node.para.start < hi and lo < end for lo, hi in covered)


def _unit_heading(tree: Outline, node: Node, names: KnownNames) -> bool:
    """A numbered unit heading with items under it (that gave no task)."""
    if node.style not in NUMBERED or len(node.text) > _REACH:
        return False
    if not any(kid.style is not None for kid in tree.children(node)):
        return False
    return heading_units(node.text, names) is not None


def _units_of_heading(node: Node, names: KnownNames) -> list[str]:
    found = heading_units(node.text, names)
    return list(found.units) if found is not None else []


def _subtree_end(tree: Outline, node: Node) -> int:
    while node.children:
        node = tree.nodes[node.children[-1]]
    return node.para.end


def _inside(start: int, end: int, covered: list[tuple[int, int]], *, whole: bool = False) -> bool:
    """Does [start, end) overlap a covered span (or lie wholly within one, with `whole`)?"""
    for lo, hi in covered:
        if whole and lo <= start and end <= hi:
            return True
        if not whole and start < hi and lo < end:
            return True
    return False
