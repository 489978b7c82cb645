"""A numbered or bold heading that names who does the items under it: "5. Công an phường",
"2.8. Giao Phòng X chủ trì, phối hợp Y:", "3. Đề nghị Công ty Điện lực:", "Giao Phòng X hoàn thành
trước ngày … các nội dung sau:". The heading is not a task; each item under it is one, for its units.

A heading whose text also reads as a task ("4. Đề nghị các tổ chức cung cấp dịch vụ chi trả") is a
heading only when sub-items follow it.
"""

from __future__ import annotations

from dataclasses import replace

from bot.parser import cues
from bot.parser.address import Addressee, parse_addressee
from bot.parser.layouts.base import Candidate, Scope, Walk, lists_content
from bot.parser.outline import NUMBERED, Node
from bot.parser.sentences import heading_units, names_its_doers

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
    if who is None:
        return None
    timing = (body,) if node.opens else ()
    if cues.announces_tasks(who.rest) and not lists_content(walk.outline, node):
        timing = (who.rest,)
        who = Addressee(who.units, who.coordinators, who.kind, "")
    elif who.rest:
        whole = _heading_over_sub_items(node, walk)
        if whole is None:
            return None  # a task: the item layout reads it
        who, timing = whole, ()
    inner = replace(scope.within(node), addressee=who, timing=(*timing, *scope.timing))
    return walk.children(node, inner)


def _heading_over_sub_items(node: Node, walk: Walk) -> Addressee | None:
    body = node.text
    if body.endswith(_TERMINAL) or len(body) >= _TENTATIVE:
        return None
    if not any(kid.style is not None for kid in walk.outline.children(node)):
        return None
    return heading_units(body, walk.names, lenient=True)
