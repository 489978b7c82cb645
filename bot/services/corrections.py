"""Corrections after Gửi: the office changes a delivered task's deadline or units, adds a task it missed,
or withdraws a task or the whole notice. The change is stored (with its audit rows) and each affected
unit's heads get one message saying what changed; reminders follow by themselves, since the sweep reads
the assignments' current state (a withdrawn one is no longer open).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from pydantic import BaseModel, Field

from bot.callbacks import Action, make
from bot.services.completion import reachable_once
from bot.services.delivery_events import link_payload
from storage.models import Assignment, AssignmentRole, NewOutboxMessage, Notice, NoticeStatus, Task
from storage.repositories import Repositories

Render = Callable[..., str]


class UnitChange(BaseModel):
    """What changed for one unit: its assignment afterwards, and the lines of its message."""

    unit_id: int
    unit_name: str
    assignment: Assignment | None = None  # None once withdrawn
    kind: str  # deadline, role, added, removed, task_withdrawn, notice_withdrawn, task_added
    old_deadline: date | None = None
    new_deadline: date | None = None
    old_role: AssignmentRole | None = None
    new_role: AssignmentRole | None = None


class Correction(BaseModel):
    notice: Notice
    task: Task | None = None
    by_name: str
    changes: list[UnitChange] = Field(default_factory=list)


async def _task_assignments(repos: Repositories, task_id: int) -> list[Assignment]:
    task = await repos.tasks.get(task_id)
    if task is None:
        return []
    return [a for a in await repos.assignments.for_notice(task.notice_id) if a.task_id == task_id]


async def _context(
    repos: Repositories, task_id: int | None, notice_id: int, by: int
) -> tuple[Notice, Task | None, str]:
    notice = await repos.notices.get(notice_id)
    assert notice is not None
    task = await repos.tasks.get(task_id) if task_id is not None else None
    person = await repos.people.get(by)
    return notice, task, person.display_name if person else ""


async def change_deadline(
    repos: Repositories, task_id: int, new: date | None, *, by: int, now: datetime
) -> Correction | None:
    before = {a.id: a for a in await _task_assignments(repos, task_id) if a.withdrawn_at is None}
    task = await repos.tasks.set_task_deadline(task_id, new, by=by, now=now)
    if task is None:
        return None
    notice, task, who = await _context(repos, task_id, task.notice_id, by)
    changes = [
        UnitChange(
            unit_id=a.unit_id,
            unit_name=a.unit_name,
            assignment=a,
            kind="deadline",
            old_deadline=before[a.id].deadline,
            new_deadline=a.deadline,
        )
        for a in await _task_assignments(repos, task_id)
        if a.id in before and before[a.id].deadline != a.deadline
    ]
    return Correction(notice=notice, task=task, by_name=who, changes=changes)


async def change_units(
    repos: Repositories, task_id: int, leads: list[int], coordinators: list[int], *, by: int, now: datetime
) -> Correction | None:
    """Units added get the task, units taken off have theirs withdrawn, a changed role is updated."""
    task = await repos.tasks.get(task_id)
    if task is None:
        return None
    wanted: dict[int, AssignmentRole] = {}
    for unit_id in leads:
        wanted.setdefault(unit_id, AssignmentRole.lead)
    for unit_id in coordinators:
        wanted.setdefault(unit_id, AssignmentRole.coordinate)
    current = {a.unit_id: a for a in await _task_assignments(repos, task_id) if a.withdrawn_at is None}
    changes: list[UnitChange] = []
    async with repos.db.transaction():
        for unit_id, a in current.items():
            if unit_id not in wanted:
                await repos.corrections.withdraw_assignments([a.id], by=by, now=now)
                changes.append(UnitChange(unit_id=unit_id, unit_name=a.unit_name, kind="removed"))
            elif wanted[unit_id] is not a.role:
                await repos.corrections.set_role(a.id, wanted[unit_id], by=by, now=now)
                changes.append(
                    UnitChange(
                        unit_id=unit_id,
                        unit_name=a.unit_name,
                        kind="role",
                        old_role=a.role,
                        new_role=wanted[unit_id],
                    )
                )
        for unit_id, role in wanted.items():
            if unit_id not in current:
                await repos.corrections.put_unit(task_id, unit_id, role, task.deadline, by=by, now=now)
                changes.append(UnitChange(unit_id=unit_id, unit_name="", kind="added", new_role=role))
    after = {a.unit_id: a for a in await _task_assignments(repos, task_id)}
    for change in changes:
        change.assignment = after[change.unit_id] if change.kind != "removed" else None
        change.unit_name = after[change.unit_id].unit_name
    summary = render_summary(changes)
    await repos.audit.record(
        at=now,
        actor_id=by,
        action="correct_units",
        entity="task",
        entity_id=task_id,
        after={"summary": summary},
    )
    notice, task, who = await _context(repos, task_id, task.notice_id, by)
    return Correction(notice=notice, task=task, by_name=who, changes=changes)


def render_summary(changes: list[UnitChange]) -> str:
    """For the task's history: "+Unit (lead), -Unit, Unit: coordinate → lead" (names and role codes)."""
    parts = []
    for c in changes:
        if c.kind == "added":
            parts.append(f"+{c.unit_name} ({c.new_role.value if c.new_role else ''})")
        elif c.kind == "removed":
            parts.append(f"-{c.unit_name}")
        elif c.kind == "role" and c.old_role and c.new_role:
            parts.append(f"{c.unit_name}: {c.old_role.value} → {c.new_role.value}")
    return "; ".join(parts)


async def withdraw_task(repos: Repositories, task_id: int, *, by: int, now: datetime) -> Correction | None:
    open_ = [a for a in await _task_assignments(repos, task_id) if a.withdrawn_at is None]
    changed = await repos.corrections.withdraw_assignments([a.id for a in open_], by=by, now=now)
    if not changed:
        return None
    notice, task, who = await _context(repos, task_id, open_[0].notice_id, by)
    changes = [
        UnitChange(unit_id=a.unit_id, unit_name=a.unit_name, kind="task_withdrawn")
        for a in open_
        if a.id in changed
    ]
    return Correction(notice=notice, task=task, by_name=who, changes=changes)


async def withdraw_notice(
    repos: Repositories, notice_id: int, *, by: int, now: datetime
) -> Correction | None:
    withdrawn = await repos.notices.withdraw(notice_id, now, by=by)
    if withdrawn is None:
        return None
    units: dict[int, str] = {}
    for a in await repos.assignments.for_notice(notice_id):
        if a.withdrawn_at is None:
            units.setdefault(a.unit_id, a.unit_name)
    notice, _, who = await _context(repos, None, notice_id, by)
    changes = [UnitChange(unit_id=u, unit_name=name, kind="notice_withdrawn") for u, name in units.items()]
    return Correction(notice=notice, by_name=who, changes=changes)


async def add_task(
    repos: Repositories,
    notice_id: int,
    text: str,
    deadline: date | None,
    recurrence: str | None,
    leads: list[int],
    coordinators: list[int],
    *,
    by: int,
    now: datetime,
) -> Correction | None:
    notice = await repos.notices.get(notice_id)
    if notice is None or notice.status is not NoticeStatus.published or not leads:
        return None
    async with repos.db.transaction():
        task_id = await repos.corrections.add_task(notice_id, text, deadline, recurrence, by=by, now=now)
        for unit_id in dict.fromkeys(leads):
            await repos.corrections.put_unit(task_id, unit_id, AssignmentRole.lead, deadline, by=by, now=now)
        for unit_id in dict.fromkeys(coordinators):
            if unit_id not in leads:
                await repos.corrections.put_unit(
                    task_id, unit_id, AssignmentRole.coordinate, deadline, by=by, now=now
                )
    notice, task, who = await _context(repos, task_id, notice_id, by)
    changes = [
        UnitChange(unit_id=a.unit_id, unit_name=a.unit_name, assignment=a, kind="task_added", new_role=a.role)
        for a in await _task_assignments(repos, task_id)
    ]
    return Correction(notice=notice, task=task, by_name=who, changes=changes)


def _buttons(render: Render, a: Assignment) -> dict:
    names = (("progress", Action.progress), ("done", Action.done), ("extension", Action.extension))
    return {
        "inline_keyboard": [
            [
                {
                    "text": render("tasks/button.txt.j2", name=name, number=None),
                    "callback_data": make(action, a.id),
                }
                for name, action in names
            ]
        ]
    }


async def messages_for_heads(
    repos: Repositories, correction: Correction, render: Render, now: datetime
) -> list[NewOutboxMessage]:
    """One message per affected unit's head or deputy (reachable, once each). A unit that still holds
    the task gets its buttons, and replying to the message reports progress, as on a delivery."""
    items: list[NewOutboxMessage] = []
    stamp = now.isoformat()
    for change in correction.changes:
        text = render("corrections/to_head.html.j2", c=correction, change=change)
        a = change.assignment
        payload: dict = {"text": text}
        if a is not None and a.is_open:
            payload["reply_markup"] = _buttons(render, a)
            payload["link"] = link_payload("delivery", correction.notice.id, [a.id])
        for head in reachable_once(await repos.roles.heads_of(change.unit_id, include_deputies=True)):
            assert head.chat_id is not None
            key = (
                f"fix:{correction.notice.id}:{correction.task.id if correction.task else 0}:{stamp}:"
                f"{change.unit_id}:{head.chat_id}"
            )
            items.append(NewOutboxMessage(key=key, chat_id=head.chat_id, kind="message", payload=payload))
    return items
