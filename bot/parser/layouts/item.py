"""An item or a paragraph that is a task: for the doer it names itself ("Phòng X rà soát …", "Giao X …",
"Đề nghị X …", "Sở A, Sở B: …"), for the doer of the heading or lead sentence above it, or for the
doer its labelled fields name. The last recogniser: every node no other layout claimed comes here.

Its children are read as what they are: a plain paragraph carries the task on; bullets under an item
that ends in ":" are its content; numbered sub-items are tasks for the same doer.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.parser import cues
from bot.parser.address import INNER_GIAO, Addressee, after_units, parse_addressee
from bot.parser.clauses import same_units, segments
from bot.parser.directory_match import match_key
from bot.parser.layouts.base import Candidate, Scope, Walk, lists_content, starts_with_verb
from bot.parser.layouts.emit import append, emit
from bot.parser.layouts.implied import implied_tasks
from bot.parser.locality import is_bare_level
from bot.parser.models import TaskKind
from bot.parser.outline import BULLETS, NUMBERED, Node
from bot.parser.sentences import names_its_doers, task_text
from bot.parser.units import opens_with_unit

_STRAY_LINE = 25  # characters; a shorter unmarked line without a full stop is a caption, not a task
_UNIT_LESS_ITEM = 60  # characters; a shorter unnumbered line without a doer is a heading or a label
_SHORT_HEADING = 120  # characters; a shorter numbered line ending in ":" introduces its items
_NOBODY = Addressee([], [], TaskKind.assign, "")
_TARGET = re.compile(r"^(?:Phấn đấu\s+)?(?:đạt\s+)?\d+(?:[,.]\d+)?\s*%")


def own_addressee(node: Node, scope: Scope, walk: Walk) -> Addressee | None:
    """Who the node's own text addresses, if anyone."""
    body = node.text
    if scope.blocked and not names_its_doers(body, walk.names):
        return None
    # a paragraph right under a lead sentence may name a doer of its own ("Công an xã bảo đảm …")
    allow_subject = node.style is not None or scope.numbered or scope.lead
    return parse_addressee(body, walk.names, allow_subject=allow_subject)


def recognise(node: Node, scope: Scope, walk: Walk) -> list[Candidate] | None:
    body = node.text
    inner = scope.under(node)
    if cues.NOT_TASK.match(body):
        return walk.children(node, inner)
    own = own_addressee(node, scope, walk)
    if own is not None and scope.addressee is not None:
        own = _passed_on(body, own, scope.addressee)
    if own is not None and scope.addressee is not None and _restates(body, own, scope.addressee, walk):
        # "7. Các sở, ban, ngành, UBND các xã" + "Trên cơ sở …, các sở, ban, ngành tổ chức …; UBND các
        # xã căn cứ …": the item names its heading's doers again, one per clause: one task for all
        found = [_whole(walk, node, scope, body, scope.addressee)]
        return found + _children(node, inner, walk, found[-1], scope.addressee)
    if own is not None and node.children and announces_list(walk, node, own.rest):
        # "Đề nghị UBND xã X tập trung thực hiện các nội dung trọng tâm sau:" over its items: the items
        # are X's tasks; a longer opening that asks something itself ("X tiếp tục phân công … bám sát
        # cơ sở …, trong đó tập trung một số nhiệm vụ sau:") is one more
        heading = Addressee(own.units, own.coordinators, own.kind, "")
        inner = replace(scope.within(node), addressee=heading, blocked=False, lead=True)
        # a short lead ending in a colon ("… chỉ đạo các cơ quan chức năng:") only opens the list
        short = len(own.rest) < cues.INTRO_LENGTH and own.rest.endswith(":")
        generic = short or cues.announces_tasks(own.rest) or cues.generic_lead(own.rest)
        opening = [] if generic else emit(walk, node, scope, body, own, "item")
        return opening + walk.children(node, replace(inner, timing=(own.rest, *scope.timing)))
    if own is not None and own.heading_only:
        return walk.children(node, replace(scope.under(node), addressee=own))
    if own is not None:
        closing = cues.NOT_TASK.match(own.rest) or cues.GENERIC_REST.match(own.rest)
        if node.style not in NUMBERED and closing:
            return []
        found = emit(walk, node, scope, task_text(body, own), own, "item")
        return found + _children(node, inner, walk, found[-1], own)
    inherited = scope.addressee
    if inherited is not None and not scope.blocked:
        return _inherited(node, scope, walk, inherited)
    if scope.fields.names_units and not scope.blocked and _unit_less_task(node, scope):
        found = emit(walk, node, scope, body, _NOBODY, "fields")
        return found + _children(node, inner, walk, found[-1], None)
    later = emit(walk, node, scope, body, _NOBODY, "prose", runs=node.style is None and not scope.numbered)
    later = [task for task in later if task.addressee.units]
    if later and not scope.blocked:
        # "Tại hội nghị, … . Chủ tịch UBND phường yêu cầu Phòng X …": the doer comes later in the paragraph
        return later + _children(node, inner, walk, later[-1], later[-1].addressee)
    implied = implied_tasks(node, scope, walk)
    if implied:  # an order without a doer, for those the closing line names
        return implied + _children(node, inner, walk, implied[-1], None)
    return walk.children(node, inner)


def announces_list(walk: Walk, node: Node, rest: str) -> bool:
    """Does a doer's sentence announce the tasks listed under it: a short "… các nhiệm vụ sau:", or
    a longer general directive ending "… nội dung trọng tâm sau:" over items that are actions?"""
    if lists_content(walk, node):
        return False
    if cues.announces_tasks(rest):
        return True
    items = [kid for kid in walk.outline.children(node) if kid.style is not None]
    if not (cues.ends_announcing(rest) or rest.endswith(":")) or not items:
        return False
    # most items open with an action or a doer: a few that open with a subject of their own ("Chính
    # quyền cấp xã cần …") do not make the list content
    orders = sum(starts_with_verb(kid.text) or opens_with_unit(kid.text, walk.names) for kid in items)
    return orders * 2 > len(items)


def _restates(body: str, own: Addressee, heading: Addressee, walk: Walk) -> bool:
    keys = {match_key(unit) for unit in heading.units}
    if len(keys) < 2 or not all(match_key(unit) in keys for unit in own.units):
        return False
    parts = segments(body, walk.names, allow_subject=True, first=own)
    named = {match_key(unit) for part in parts if part.who for unit in part.who.units}
    return named == keys


def _passed_on(body: str, own: Addressee, heading: Addressee) -> Addressee:
    """ "3. UBND xã chỉ đạo các thôn vận động …" under "Đề nghị UBND các xã, phường:": the addressee
    passes the order on; the task is the addressee's, not the thôn's. "2. Tỉnh cần …" under "Đề nghị
    Tỉnh ủy, UBND tỉnh X:" is the addressee's too."""
    if len(own.units) == 1 and is_bare_level(own.units[0]):
        level = own.units[0]
        if any(level in _words(unit) for unit in heading.units):
            return replace(own, units=list(heading.units), coordinators=list(heading.coordinators))
    inner = INNER_GIAO.search(body, 0, 220)
    if inner is None or inner.group(1).lower() != "chỉ đạo":
        return own
    words = _words(body[: inner.start()])
    mine = [unit for unit in heading.units if words and words <= _words(unit)]
    return replace(own, units=mine, coordinators=[], rest=body[inner.start() :]) if mine else own


def _words(name: str) -> set[str]:
    return set(match_key(name).replace(",", " ").split()) - {"các", "và"}


def _whole(walk: Walk, node: Node, scope: Scope, body: str, who: Addressee) -> Candidate:
    section = scope.section(node)
    return Candidate(body, who, node.para.start, node.para.end, section, scope.timing, scope.fields, "item")


def _inherited(node: Node, scope: Scope, walk: Walk, who: Addressee) -> list[Candidate]:
    body = node.text
    inner = scope.under(node)
    if node.style in NUMBERED:
        heading = node.opens and len(body) < _SHORT_HEADING
        if node.style in ("roman", "bold") or heading:
            return walk.children(node, inner)  # a topic heading inside the doer's section
    elif node.style is None and len(body) < _STRAY_LINE and not body.endswith("."):
        return walk.children(node, inner)  # a stray line ("Đô thị Hà Nội"), not a task
    if _TARGET.match(body):
        return walk.children(node, inner)  # "100% chi hội có mô hình …": a target, not a task
    if not who.coordinators:  # "- Phối hợp với Trạm Khuyến nông hướng dẫn …" under the heading's unit
        coordinating = after_units(who.units, body, who.kind, walk.names).coordinators
        named = [unit for unit in coordinating if _proper(unit)]
        who = replace(who, coordinators=named) if named else who
    found = emit(walk, node, scope, body, who, "item")
    return found + _children(node, inner, walk, found[-1], None)


def _proper(unit: str) -> bool:
    """A named unit ("Trạm Khuyến nông"), not a collective ("các phòng chuyên môn") that would only add a
    name for the office to map to every task that mentions working with others."""
    return unit[:1].isupper() and not unit.lower().startswith(("các ", "những "))


def _unit_less_task(node: Node, scope: Scope) -> bool:
    """An item without a doer that the labelled fields after it may still assign."""
    if node.style in NUMBERED:
        return node.style != "bold" and not node.opens and len(node.text) > _UNIT_LESS_ITEM
    return node.style is not None or (scope.numbered and len(node.text) > _UNIT_LESS_ITEM)


def _children(
    node: Node, scope: Scope, walk: Walk, task: Candidate, own: Addressee | None
) -> list[Candidate]:
    """A task item's children: continuations and content join it; sub-items are tasks of its doer."""
    found: list[Candidate] = []
    sub_scope = scope if own is None else replace(scope, addressee=own)
    listed = lists_content(walk, node)  # "… gồm các nội dung:": all of it content
    for child in walk.outline.children(node):
        if child.excluded:
            continue
        content = child.style is None or (child.style in BULLETS and node.opens) or listed
        if content and child.field is None and (listed or not (child.opens and child.children)):
            mine = own_addressee(child, scope, walk)
            if mine is None or not mine.rest or (own is not None and same_units(mine.units, own.units)):
                append(task, child)
                found.extend(_children(child, scope, walk, task, own))  # its own continuations
                continue
        found.extend(walk.node(child, sub_scope))
    return found


