"""How one task got where it stands (/lichsu and the "Lịch sử" button), read from the rows and the
audit trail already kept; and which task a replied-to message was about."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel

from bot.services.task_detail import task_assignments
from storage.models import AuditEntry, Notice, Progress, Task
from storage.repositories import Repositories

EventKind = Literal[
    "published", "delivered", "acknowledged", "progress", "done", "returned", "extension_asked",
    "extension_approved", "extension_declined", "deadline", "units", "withdrawn", "added",
]


class HistoryEvent(BaseModel):
    at: datetime
    kind: EventKind
    unit_name: str | None = None
    who: str | None = None
    percent: int | None = None
    text: str | None = None
    files: int = 0
    old_date: date | None = None
    new_date: date | None = None


def _date(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


async def _names(repos: Repositories, ids: set[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for person_id in ids:
        person = await repos.people.get(person_id)
        if person is not None:
            found[person_id] = person.display_name
    return found


def _from_audit(entry: AuditEntry, unit_of: dict[int, str], who: str | None) -> HistoryEvent | None:
    unit = unit_of.get(entry.entity_id or 0) if entry.entity == "assignment" else None
    before, after = entry.before or {}, entry.after or {}
    simple: dict[str, EventKind] = {"acknowledge": "acknowledged", "return": "returned",
                                    "withdraw": "withdrawn", "add_task": "added"}
    if entry.entity == "notice" and entry.action == "published":
        return HistoryEvent(at=entry.at, kind="published", who=who)
    if entry.entity == "notice" and entry.action == "withdrawn":
        return HistoryEvent(at=entry.at, kind="withdrawn", who=who)
    if entry.entity == "notice":
        return None
    if entry.action in simple:
        return HistoryEvent(at=entry.at, kind=simple[entry.action], unit_name=unit, who=who)
    if entry.action == "done":
        return HistoryEvent(at=entry.at, kind="done", unit_name=unit, who=who)
    if entry.action == "set_deadline" and entry.entity == "assignment":
        return HistoryEvent(at=entry.at, kind="deadline", unit_name=unit, who=who,
                            old_date=_date(before.get("deadline")), new_date=_date(after.get("deadline")))
    if entry.action in ("set_units", "correct_units"):
        return HistoryEvent(at=entry.at, kind="units", who=who, text=after.get("summary"))
    return None


class TaskHistory(BaseModel):
    task: Task
    notice: Notice
    events: list[HistoryEvent]


async def task_history(repos: Repositories, task_id: int) -> TaskHistory | None:
    """Events oldest first: published, delivered to each unit, acknowledged, each report, done, returned,
    extensions asked and decided, deadline and unit changes, withdrawn. None for a task no longer there."""
    task = await repos.tasks.get(task_id)
    notice = await repos.notices.get(task.notice_id) if task else None
    if task is None or notice is None:
        return None
    assignments = await task_assignments(repos, task_id)
    unit_of = {a.id: a.unit_name for a in assignments}
    trail = await repos.reports.audit_of_task(task_id, task.notice_id)
    reports = await repos.reports.progress_of_task(task_id)
    extensions = await repos.reports.extensions_of_task(task_id)
    people = {e.actor_id for e in trail if e.actor_id} | {p.author_id for p in reports if p.author_id}
    people |= {e.requested_by for e in extensions if e.requested_by}
    people |= {e.decided_by for e in extensions if e.decided_by}
    names = await _names(repos, people)
    events: list[HistoryEvent] = []
    for entry in trail:
        event = _from_audit(entry, unit_of, names.get(entry.actor_id or 0))
        if event is not None:
            events.append(event)
    unit_names = {a.unit_id: a.unit_name for a in assignments}
    for unit_id, sent_at in (await repos.reports.delivered_at(task.notice_id)).items():
        if unit_id in unit_names:
            events.append(HistoryEvent(at=sent_at, kind="delivered", unit_name=unit_names[unit_id]))
    events += [_progress_event(p, unit_of, names) for p in reports]
    for ext in extensions:
        unit = unit_of.get(ext.assignment_id)
        events.append(HistoryEvent(at=ext.created_at, kind="extension_asked", unit_name=unit,
                                   who=names.get(ext.requested_by or 0), text=ext.reason,
                                   old_date=ext.previous_deadline, new_date=ext.proposed_date))
        if ext.decided_at is not None and ext.decision != "pending":
            kind: EventKind = "extension_approved" if ext.decision == "approved" else "extension_declined"
            events.append(HistoryEvent(at=ext.decided_at, kind=kind, unit_name=unit,
                                       who=names.get(ext.decided_by or 0), old_date=ext.previous_deadline,
                                       new_date=ext.proposed_date))
    order = {"published": 0, "delivered": 1}
    return TaskHistory(task=task, notice=notice,
                       events=sorted(events, key=lambda e: (e.at, order.get(e.kind, 2))))


def _progress_event(p: Progress, unit_of: dict[int, str], names: dict[int, str]) -> HistoryEvent:
    return HistoryEvent(at=p.created_at, kind="progress", unit_name=unit_of.get(p.assignment_id),
                        who=names.get(p.author_id or 0), percent=p.percent, text=p.text or None,
                        files=len(p.file_ids))


async def tasks_replied_to(repos: Repositories, chat_id: int, message_id: int | None) -> list[int]:
    """The tasks of the bot's message a /lichsu replies to, each once (one for a delivery or reminder of
    one task, whatever the units; several for a list)."""
    link = await repos.links.find(chat_id, message_id) if message_id is not None else None
    task_ids: list[int] = []
    for assignment in await repos.assignments.get_many(link.assignment_ids if link else []):
        if assignment.task_id not in task_ids:
            task_ids.append(assignment.task_id)
    return task_ids
