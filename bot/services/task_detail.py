"""Where one task stands and how it got there: each unit's latest progress (for the /tonghop views and
the task detail) and the task's history (/lichsu), read from the rows and the audit trail already kept.

Who may look: the office, leaders and admins at any task; a head or deputy at the tasks of their units.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from bot.services.identity import Actor
from storage.models import Assignment, AssignmentRole, AuditEntry, Notice, Progress, Task
from storage.repositories import Repositories

LineState = Literal["done", "done_late", "overdue", "open", "withdrawn"]


def state_of(a: Assignment, today: date) -> LineState:
    if a.withdrawn_at is not None:
        return "withdrawn"
    if a.done_late is not None:
        return "done_late" if a.done_late else "done"
    return "overdue" if a.is_overdue(today) else "open"


class ProgressLine(BaseModel):
    """One assignment with its latest progress, as the views list it."""

    assignment_id: int
    task_id: int
    task_position: int
    unit_name: str
    role: AssignmentRole
    task_text: str
    notice_number: str | None
    deadline: date | None
    state: LineState
    percent: int
    done_on: date | None
    note: str | None = None  # the latest report's text
    files: int = 0  # attachments across every report of the assignment
    reported_at: datetime | None = None


async def progress_lines(repos: Repositories, assignments: list[Assignment], today: date
                         ) -> list[ProgressLine]:
    latest = await repos.reports.latest_progress([a.id for a in assignments])
    lines = []
    for a in assignments:
        report = latest.get(a.id)
        lines.append(ProgressLine(
            assignment_id=a.id, task_id=a.task_id, task_position=a.task_position, unit_name=a.unit_name,
            role=a.role, task_text=a.task_text, notice_number=a.notice_number, deadline=a.deadline,
            state=state_of(a, today), percent=a.percent, done_on=a.done_on,
            note=(report.text or None) if report else None,
            files=len(report.file_ids) if report else 0,
            reported_at=report.created_at if report else None,
        ))
    return lines


class Attachment(BaseModel):
    number: int  # shown on the "Xem tệp" button
    file_id: str
    unit_name: str
    sent_at: datetime


class TaskDetail(BaseModel):
    task: Task
    notice: Notice
    units: list[ProgressLine]
    attachments: list[Attachment] = Field(default_factory=list)
    reports: int = 0


def may_see(actor: Actor, assignments: list[Assignment]) -> bool:
    return actor.is_office or actor.is_leader or any(actor.heads_unit(a.unit_id) for a in assignments)


async def task_detail(repos: Repositories, task_id: int, today: date) -> TaskDetail | None:
    task = await repos.tasks.get(task_id)
    notice = await repos.notices.get(task.notice_id) if task else None
    if task is None or notice is None:
        return None
    assignments = [a for a in await repos.assignments.for_notice(notice.id) if a.task_id == task_id]
    lines = await progress_lines(repos, assignments, today)
    names = {a.id: a.unit_name for a in assignments}
    reports = await repos.reports.progress_of_task(task_id)
    attachments = [
        Attachment(number=0, file_id=file_id, unit_name=names.get(p.assignment_id, ""), sent_at=p.created_at)
        for p in reports for file_id in p.file_ids
    ]
    for number, item in enumerate(attachments, start=1):
        item.number = number
    return TaskDetail(task=task, notice=notice, units=lines, attachments=attachments, reports=len(reports))


async def task_assignments(repos: Repositories, task_id: int) -> list[Assignment]:
    task = await repos.tasks.get(task_id)
    if task is None:
        return []
    return [a for a in await repos.assignments.for_notice(task.notice_id) if a.task_id == task_id]


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


async def task_history(repos: Repositories, task_id: int) -> list[HistoryEvent]:
    """Oldest first: published, delivered to each unit, acknowledged, each report, done, returned,
    extensions asked and decided, deadline and unit changes, withdrawn."""
    task = await repos.tasks.get(task_id)
    if task is None:
        return []
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
    return sorted(events, key=lambda e: (e.at, order.get(e.kind, 2)))


def _progress_event(p: Progress, unit_of: dict[int, str], names: dict[int, str]) -> HistoryEvent:
    return HistoryEvent(at=p.created_at, kind="progress", unit_name=unit_of.get(p.assignment_id),
                        who=names.get(p.author_id or 0), percent=p.percent, text=p.text or None,
                        files=len(p.file_ids))
