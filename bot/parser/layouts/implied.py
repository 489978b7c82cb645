"""An order with no doer of its own, in a notice whose closing line names who is to act ("UBND xã thông
báo để Phòng Kinh tế và các thôn biết, thực hiện."): the task of those recipients (see recipients.py).
Used by the prose and item layouts for what they would otherwise leave unassigned."""

from __future__ import annotations

from bot.parser import cues
from bot.parser.layouts.base import Candidate, Scope, Walk, starts_with_verb
from bot.parser.layouts.emit import emit
from bot.parser.outline import NUMBERED, Node

_SHORTEST = 30  # characters; a shorter line is a caption or a heading, not an order
_HEADING = 120  # characters; a shorter numbered line over items heads them


def implied_tasks(node: Node, scope: Scope, walk: Walk) -> list[Candidate]:
    who = scope.implied
    body = node.text
    if who is None or scope.blocked or scope.addressee is not None or node.excluded:
        return []
    if len(body) < _SHORTEST or (node.opens and node.children) or not starts_with_verb(body):
        return []
    if node.style in NUMBERED and node.children and len(body) < _HEADING:
        return []  # "1. Tăng cường công tác tuyên truyền" over its items: a heading
    if cues.NOT_TASK.match(body) or cues.CLOSING.match(body):
        return []
    return emit(walk, node, scope, body, who, "implied")
