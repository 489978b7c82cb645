"""One unit's share of a notice, as the messages its head receives.

The unit's tasks come lead first, then those it coordinates, numbered once across the messages. A long
list is packed into several messages below Telegram's 4,096 characters, never cutting a task, and at
most MAX_TASKS tasks a message so its keyboard (three buttons a task) stays well inside Telegram's
limit. Each message carries its own "Đã nhận" and its tasks' buttons.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from bot.callbacks import Action, make
from messages.render import TELEGRAM_LIMIT, clip
from storage.models import AssignmentRole, Notice, Task

MAX_TASKS = 20
Render = Callable[..., str]


class UnitTask(BaseModel):
    index: int  # number shown to the head, 1-based across all the unit's messages
    assignment_id: int
    role: AssignmentRole
    task: Task
    others: list[str]  # the other units: coordinators of a lead task, leads of a coordinated one


class DeliveryPart(BaseModel):
    text: str
    tasks: list[UnitTask]
    reply_markup: dict[str, Any]

    @property
    def assignment_ids(self) -> list[int]:
        return [t.assignment_id for t in self.tasks]


_CONCLUDED_BY = re.compile(r"[Kk]ết luận của (?:đồng chí )?(.+?)(?: tại | về |,|$)")


def concluded_by(notice: Notice, leader_name: str | None) -> str | None:
    """The leader whose conclusions the notice records: the notice's leader if one is recorded, else
    what its title says ("Kết luận của Chủ tịch UBND phường tại …" → "Chủ tịch UBND phường")."""
    if leader_name:
        return leader_name
    found = _CONCLUDED_BY.search(notice.title or "")
    return found.group(1).strip() if found else None


def unit_tasks(notice: Notice, unit_id: int) -> list[UnitTask]:
    found: list[UnitTask] = []
    for role in (AssignmentRole.lead, AssignmentRole.coordinate):
        for task in notice.tasks or []:
            mine = next((u for u in task.units if u.unit_id == unit_id and u.role is role), None)
            if mine is None:
                continue
            wanted = AssignmentRole.coordinate if role is AssignmentRole.lead else AssignmentRole.lead
            others = [u.unit_name for u in task.units if u.role is wanted and u.unit_id != unit_id]
            found.append(UnitTask(index=len(found) + 1, assignment_id=mine.assignment_id, role=role,
                                  task=task, others=others))
    return found


def _label(render: Render, name: str, **ctx: object) -> str:
    return render("notice_buttons.txt.j2", name=name, **ctx)


def delivery_markup(
    render: Render, notice_id: int, unit_id: int, tasks: list[UnitTask], *, has_source: bool,
    acknowledged: bool = False,
) -> dict[str, Any]:
    rows: list[list[dict[str, str]]] = [[{
        "text": _label(render, "acknowledged" if acknowledged else "acknowledge"),
        "callback_data": make(Action.acknowledge, notice_id, unit_id),
    }]]
    for item in tasks:
        rows.append([
            {"text": _label(render, name, index=item.index),
             "callback_data": make(action, item.assignment_id)}
            for name, action in (("progress", Action.progress), ("done", Action.done),
                                 ("extension", Action.extension))
        ])
    if has_source:
        rows.append([{"text": _label(render, "source_file"),
                      "callback_data": make(Action.source_file, notice_id)}])
    return {"inline_keyboard": rows}


def _pack(blocks: list[tuple[UnitTask, str]], limit: int) -> list[list[tuple[UnitTask, str]]]:
    parts: list[list[tuple[UnitTask, str]]] = []
    size = limit + 1
    for item, block in blocks:
        if size + 2 + len(block) > limit or len(parts[-1]) >= MAX_TASKS:
            parts.append([])
            size = 0
        parts[-1].append((item, block))
        size += 2 + len(block)
    return parts


def delivery_parts(
    render: Render, notice: Notice, unit_id: int, unit_name: str, *, limit: int = TELEGRAM_LIMIT,
    contact: str | None = None, concluded_by: str | None = None,
) -> list[DeliveryPart]:
    """The messages for one unit's heads; [] when the unit has nothing in this notice. `contact` is the
    office clerk who sent it, `concluded_by` the leader whose conclusions these are (when known)."""
    tasks = unit_tasks(notice, unit_id)
    if not tasks:
        return []
    blocks = [
        (item, render("delivery/task.html.j2", item=item,
                      first_of_role=i == 0 or tasks[i - 1].role is not item.role))
        for i, item in enumerate(tasks)
    ]
    people = {"contact": contact, "concluded_by": concluded_by}
    header_room = len(render("delivery/header.html.j2", notice=notice, unit_name=unit_name, part=99,
                             parts=99, tasks=len(tasks), **people)) + 2
    packed = _pack(blocks, limit - header_room)
    result = []
    for number, chunk in enumerate(packed, start=1):
        header = render("delivery/header.html.j2", notice=notice, unit_name=unit_name, part=number,
                        parts=len(packed), tasks=len(tasks), **people)
        text = "\n\n".join([header, *(block for _, block in chunk)])
        items = [item for item, _ in chunk]
        markup = delivery_markup(render, notice.id, unit_id, items, has_source=bool(notice.source_file_id))
        result.append(DeliveryPart(text=clip(text, limit), tasks=items, reply_markup=markup))
    return result
