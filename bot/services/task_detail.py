"""Where one task stands: each unit's latest progress (for the /tonghop views and the task detail);
how it got there is bot.services.task_history.

Who may look: the office, leaders and admins at any task; a head or deputy at the tasks of their units.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from bot.services.identity import Actor
from storage.models import Assignment, AssignmentRole, Notice, Task
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
