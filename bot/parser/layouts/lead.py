"""A lead sentence that addresses the list after it: "Sở X đề nghị UBND các xã, phường thực hiện …
Cụ thể:", "Thời gian tới, thành phố Đà Nẵng cần tập trung các nhiệm vụ sau:". The sentence is not a
task; each item after it is one, for the units it names.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.parser import cues
from bot.parser.address import Addressee, parse_addressee
from bot.parser.layouts.base import Candidate, Scope, Walk
from bot.parser.layouts.item import own_addressee
from bot.parser.models import TaskKind
from bot.parser.outline import NUMBERED, Node
from bot.parser.sentences import addressee, heading_units


def recognise(node: Node, scope: Scope, walk: Walk) -> list[Candidate] | None:
    if node.style is not None or not node.opens or cues.NOT_TASK.match(node.text):
        return None
    if own_addressee(node, scope, walk) is not None:
        return None  # "Giao X:" or "X: <task>": the item layout reads it
    body = node.text
    lead = cues.LEAD_SENTENCE.search(body) if scope.numbered else None
    who = Addressee([lead.group(1)], [], TaskKind.assign, "") if lead else addressee(body, walk.names)
    if who is None:
        who = _announcing_subject(body, walk)
    if who is None:
        return None
    if any(_names_doer(kid, scope, walk) for kid in walk.outline.children(node)):
        # "… yêu cầu các sở, ngành thực hiện các nhiệm vụ sau:" over "1. Sở X:", "2. Sở Y:": a preamble
        return walk.children(node, scope.within(node))
    return walk.children(node, replace(scope.within(node), addressee=who, blocked=False, lead=True))


_TASK_NOUN = re.compile(r"(?:nội dung|nhiệm vụ|việc|giải pháp|biện pháp|hoạt động)(?:\s+[^\s:]+){0,4}\s*:$")


def _announcing_subject(body: str, walk: Walk) -> Addressee | None:
    """ "Các thôn, tổ dân phố triển khai các nội dung như:": a subject whose sentence only announces
    the list after it (a plain paragraph, where a bare subject is not read as a doer otherwise)."""
    who = parse_addressee(body, walk.names, allow_subject=True)
    if who is None or not who.units or not cues.announces_tasks(who.rest) or not _TASK_NOUN.search(who.rest):
        return None  # "UBND phường X công bố …, với một số thông tin như sau:" announces facts
    return Addressee(who.units, who.coordinators, who.kind, "")


def _names_doer(node: Node, scope: Scope, walk: Walk) -> bool:
    if node.style not in NUMBERED:
        return False
    own = own_addressee(node, scope, walk)
    return own is not None or heading_units(node.text, walk.names) is not None
