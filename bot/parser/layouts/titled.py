"""Plans that label their fields: a numbered title, then "Đơn vị chủ trì: …", "Đơn vị phối hợp: …",
"Thời gian thực hiện: …" (or "a) Nhiệm vụ: … b) Cơ quan thực hiện: … c) Thời gian: …").

When the fields follow the title directly (nothing but content before them), the title is the task
and what sits between is its content; when items come first, each item is a task and the fields
after them give their units (see `base.field_runs`). A "Nhiệm vụ: …" field holds the task itself.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.parser.address import Addressee
from bot.parser.layouts.base import NO_FIELDS, Candidate, Fields, Scope, Walk, field_values, fills
from bot.parser.layouts.emit import append, emit
from bot.parser.models import TaskKind
from bot.parser.outline import NUMBERED, Node

_NOBODY = Addressee([], [], TaskKind.assign, "")
# "b) Hoạt động 2" over "- Nội dung: …": a label that only numbers the title or the content
_LABEL = re.compile(
    r"^(?:Hoạt động|Nhiệm vụ|Nội dung|Chương trình|Dự án|Đề án|Giải pháp)\s+\d{1,2}\s*[:.]?\s*", re.IGNORECASE
)


def recognise(node: Node, scope: Scope, walk: Walk) -> list[Candidate] | None:
    if node.field is not None and node.field[0] == "task":
        return _task_field(node, scope, walk)
    if node.style not in NUMBERED or scope.blocked:
        return None
    kids = [kid for kid in walk.outline.children(node) if not kid.excluded]
    first = next((i for i, kid in enumerate(kids) if _is_field(kid)), None)
    if first is None or any(_is_item(kid) for kid in kids[:first]):
        return None  # no fields, or items come first: the items are the tasks
    fields, after = _field_run(walk, kids, first)
    if not fields.names_units:
        return None
    who = scope.addressee or _NOBODY
    task = emit(walk, node, replace(scope, fields=fields), node.text, who, "titled")[0]
    for kid in kids[:after]:
        if _is_content(kid):
            # "1. Chiến dịch …" + "- Nội dung: Tổ chức 03 đợt …": the title, then what it holds
            content = kid.field[1] if kid.field else kid.text
            title = _LABEL.sub("", task.text).rstrip(" :.")
            task.text = f"{title}: {content}" if title else content
            task.end = max(task.end, kid.para.end)
        elif not _is_field(kid):
            _append_all(walk, task, kid)
    inner = scope.within(node)
    lines = [line for kid in kids[first:after] for line in _own_tasks(walk, kid)]
    rest = [*lines, *kids[after:]]
    return [task, *(found for kid in rest for found in walk.node(kid, inner))]


def _own_tasks(walk: Walk, field: Node) -> list[Node]:
    """Lines under a field that are tasks of their own, not its value."""
    return [line for line in walk.outline.children(field) if line.field is None and not fills(field, line)]


def _is_field(node: Node) -> bool:
    return node.field is not None and node.field[0] != "task"


def _is_content(node: Node) -> bool:
    """A "Nội dung: …" field: what the titled task holds."""
    return node.field is not None and node.field[0] == "task" and bool(node.field[1])


def _is_item(node: Node) -> bool:
    """A child that is a task of its own, not a content intro ("Các hoạt động hỗ trợ bao gồm:") nor the
    title's content field."""
    return not _is_content(node) and (not node.opens or node.field is not None)


def _field_run(walk: Walk, kids: list[Node], first: int) -> tuple[Fields, int]:
    """The fields of the field lines from `first` on, and where the run ends."""
    fields = NO_FIELDS
    end = first
    while end < len(kids) and (_is_field(kids[end]) or _is_content(kids[end])):
        if _is_content(kids[end]):
            end += 1
            continue
        values = field_values(walk.outline, kids[end])
        for kind in ("lead", "doer", "coord", "time"):
            fields = fields.add(kind, getattr(values, kind))
        end += 1
    return fields, end


def _append_all(walk: Walk, task: Candidate, node: Node) -> None:
    append(task, node)
    for kid in walk.outline.children(node):
        _append_all(walk, task, kid)


def _task_field(node: Node, scope: Scope, walk: Walk) -> list[Candidate]:
    """"Nhiệm vụ: <task>" or "a) Nhiệm vụ:" over the task items."""
    value = node.field[1] if node.field else ""
    if value:
        return emit(walk, node, scope, value, scope.addressee or _NOBODY, "titled", labelled=False)
    return walk.children(node, replace(scope, lead=False))  # "a) Nhiệm vụ:" is a label, not a section
