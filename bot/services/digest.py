"""The digest: where the tasks stand, for leaders and the office (/tonghop and the scheduled digests).

Counts are the official form of `reports.task_counts` (tasks) and `reports.unit_counts` (each unit's
assignments), read together by `reports.counts`: done on time and done late inside the period; open
within term and overdue as of the period's last day (today for a current period); tasks without a
deadline apart. One unit or one notice
also lists each assignment with its latest progress (`progress`). The lists (overdue, due soon, not
acknowledged, unreachable heads, recurring tasks without a report) describe today.
Every list is capped so the digest stays a few phone messages; `total` keeps the real size.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from bot.config import ReminderPolicy
from bot.cpu_pool import run_cpu
from bot.services.calendar import WorkCalendar
from bot.services.reminder_models import PeriodGap
from bot.services.reminder_policy import recurring_without_progress
from bot.services.reminder_tiers import period_kind, period_of
from bot.services.reminders import subject_of
from bot.services.task_detail import ProgressLine, progress_lines
from storage.collation import vn_key
from storage.db import open_database
from storage.models import Assignment, AssignmentStatus, ReportCounts, UnitReportCounts
from storage.repositories import Repositories
from storage.repositories.reports import ReportWindow

DUE_SOON_DAYS = 7
LIST_LIMIT = 12
UNIT_LIMIT = 40
# From this many open assignments on, the digest of all units is built in the worker process
# (bot.cpu_pool): its aggregates and the rows it shows are a few tenths of a second of CPU there, which in
# the bot's process were taken from the people pressing buttons meanwhile.
WORKER_MIN_OPEN = 5000
T = TypeVar("T")


class DigestItem(BaseModel):
    """One assignment in a digest list."""

    assignment_id: int
    unit_id: int
    unit_name: str
    task_text: str
    notice_id: int
    notice_number: str | None
    deadline: date | None
    task_id: int = 0  # for the task's detail button
    # Calendar days past the current deadline ("quá hạn 5 ngày"), 0 when not late.
    days_late: int = 0


class PendingAcknowledgement(BaseModel):
    """A unit that has not pressed "Đã nhận" on a notice's delivery."""

    unit_id: int
    unit_name: str
    notice_id: int
    notice_number: str | None
    published_at: datetime | None
    tasks: int


class UnreachableHead(BaseModel):
    person_id: int
    display_name: str
    unit_names: list[str]


class Capped(BaseModel, Generic[T]):
    items: list[T] = Field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self.items)


def _capped(items: list[T], limit: int) -> Capped[T]:
    return Capped[T](items=items[:limit], total=len(items))


class Digest(BaseModel):
    today: date
    period_start: date | None
    period_end: date
    due_until: date
    unit_id: int | None = None
    unit_name: str | None = None
    notice_id: int | None = None
    notice_number: str | None = None
    notice_issued_on: date | None = None
    # tasks (one unit: its assignments); per unit: each unit's assignments, lead and coordinating
    totals: ReportCounts
    units: Capped[UnitReportCounts]
    # one unit or one notice: each assignment with its latest progress
    progress: Capped[ProgressLine] = Field(default_factory=Capped[ProgressLine])
    overdue: Capped[DigestItem]
    due_soon: Capped[DigestItem]
    not_acknowledged: Capped[PendingAcknowledgement]
    unreachable: Capped[UnreachableHead]
    recurring_gaps: Capped[PeriodGap]


def _item(assignment: Assignment, today: date) -> DigestItem:
    late = (today - assignment.deadline).days if assignment.deadline is not None else 0
    return DigestItem(
        assignment_id=assignment.id, unit_id=assignment.unit_id, unit_name=assignment.unit_name,
        task_text=assignment.task_text, notice_id=assignment.notice_id,
        notice_number=assignment.notice_number, deadline=assignment.deadline, days_late=max(late, 0),
        task_id=assignment.task_id,
    )


class _Open:
    """The open assignments a digest lists. One unit or one notice is small: load it once and pick the
    lists from it (`_lists_of`). Everything is large: SQL counts and cuts each list (`_lists_in_sql`)."""

    def __init__(self, scoped: list[Assignment] | None) -> None:
        self.scoped = scoped

    @classmethod
    async def load(cls, repos: Repositories, unit_id: int | None, notice_id: int | None) -> _Open:
        if unit_id is not None:
            scoped = await repos.assignments.for_unit(unit_id, open_only=True)
            scoped = [a for a in scoped if notice_id is None or a.notice_id == notice_id]
        elif notice_id is not None:
            scoped = [a for a in await repos.assignments.for_notice(notice_id)
                      if a.is_actionable]
        else:
            scoped = None
        return cls(scoped)


_Lists = tuple[Capped[DigestItem], Capped[DigestItem], Capped[PendingAcknowledgement], Capped[PeriodGap]]


def _lists_of(
    scoped: list[Assignment], today: date, due_until: date, calendar: WorkCalendar, policy: ReminderPolicy,
    limit: int,
) -> _Lists:
    overdue = sorted((_item(a, today) for a in scoped if a.is_overdue(today)),
                     key=lambda i: (-i.days_late, vn_key(i.unit_name), i.assignment_id))
    due_soon = sorted((_item(a, today) for a in scoped
                       if a.deadline is not None and today <= a.deadline <= due_until),
                      key=lambda i: (i.deadline or date.max, i.notice_id, i.assignment_id))
    pending = pending_acknowledgements([a for a in scoped if a.status == AssignmentStatus.new])
    gaps = recurring_gaps([a for a in scoped if a.recurrence is not None], today=today, calendar=calendar,
                          policy=policy)
    return _capped(overdue, limit), _capped(due_soon, limit), _capped(pending, limit), _capped(gaps, limit)


async def _lists_in_sql(
    repos: Repositories, today: date, due_until: date, calendar: WorkCalendar, policy: ReminderPolicy,
    limit: int,
) -> _Lists:
    lists = repos.digest_lists
    overdue, overdue_total = await lists.overdue_top(today, limit)
    due_soon, due_total = await lists.due_between_top(today, due_until, limit)
    pending, pending_total = await lists.pending_acknowledgements_top(limit)
    starts = {}
    for recurrence in ("daily", "weekly", "monthly", "quarterly", "yearly", "periodic"):
        _, start = period_of(period_kind(recurrence, policy), today)
        starts[recurrence] = datetime.combine(start, time(), calendar.tz).astimezone(UTC)
    recurring, gaps_total = await lists.recurring_without_progress_top(starts, limit)
    return (
        Capped[DigestItem](items=[_item(a, today) for a in overdue], total=overdue_total),
        Capped[DigestItem](items=[_item(a, today) for a in due_soon], total=due_total),
        Capped[PendingAcknowledgement](
            items=[PendingAcknowledgement.model_validate(row) for row in pending], total=pending_total),
        Capped[PeriodGap](items=recurring_gaps(recurring, today=today, calendar=calendar, policy=policy),
                          total=gaps_total),
    )


def pending_acknowledgements(assignments: list[Assignment]) -> list[PendingAcknowledgement]:
    """Unacknowledged assignments grouped by unit and notice, the oldest delivery first."""
    grouped: dict[tuple[int, int], PendingAcknowledgement] = {}
    for item in assignments:
        entry = grouped.get((item.notice_id, item.unit_id))
        if entry is None:
            entry = grouped[(item.notice_id, item.unit_id)] = PendingAcknowledgement(
                unit_id=item.unit_id, unit_name=item.unit_name, notice_id=item.notice_id,
                notice_number=item.notice_number, published_at=item.notice_published_at, tasks=0,
            )
        entry.tasks += 1
    return sorted(grouped.values(), key=lambda p: (p.published_at.timestamp() if p.published_at else 0.0,
                                                   vn_key(p.unit_name), p.notice_id))


async def unreachable_heads(repos: Repositories, unit_ids: set[int] | None = None) -> list[UnreachableHead]:
    """Heads and deputies Telegram refuses to reach (blocked the bot, chat gone), with their units."""
    heads: dict[int, UnreachableHead] = {}
    for row in await repos.digest_lists.unreachable_heads(None if unit_ids is None else sorted(unit_ids)):
        entry = heads.setdefault(row["person_id"], UnreachableHead(
            person_id=row["person_id"], display_name=row["display_name"], unit_names=[]))
        if row["unit_name"] and row["unit_name"] not in entry.unit_names:
            entry.unit_names.append(row["unit_name"])
    for head in heads.values():
        head.unit_names.sort(key=vn_key)
    return sorted(heads.values(),
                  key=lambda h: ([vn_key(n) for n in h.unit_names], vn_key(h.display_name), h.person_id))


def recurring_gaps(
    recurring: list[Assignment], *, today: date, calendar: WorkCalendar, policy: ReminderPolicy
) -> list[PeriodGap]:
    """Open recurring assignments with no progress reported in the current period."""
    midday = datetime.combine(today, time(12), calendar.tz)
    return recurring_without_progress([subject_of(a, [], None) for a in recurring], midday, calendar, policy)


def _unit_table(rows: list[UnitReportCounts], limit: int) -> Capped[UnitReportCounts]:
    """Alphabetical; when there are too many units, the ones with most overdue work make the table."""
    if len(rows) <= limit:
        return Capped[UnitReportCounts](items=rows, total=len(rows))
    # `rows` come by unit name, then id (reports' order): a stable sort on the work alone keeps that order
    # among ties, without a second collation key per unit (500 units: a tenth of the digest's time).
    worst = sorted(rows, key=lambda r: (-r.overdue, -r.open_in_term))[:limit]
    shown = {row.unit_id for row in worst}
    return Capped[UnitReportCounts](items=[row for row in rows if row.unit_id in shown], total=len(rows))


async def build_digest(
    repos: Repositories, *, today: date, period_start: date | None, period_end: date,
    unit_id: int | None = None, notice_id: int | None = None, due_until: date | None = None,
    calendar: WorkCalendar | None = None, policy: ReminderPolicy | None = None,
    list_limit: int = LIST_LIMIT, unit_limit: int = UNIT_LIMIT, worker_min_open: int = WORKER_MIN_OPEN,
) -> Digest:
    """Everything /tonghop shows, for all units or one unit or one notice. `due_until` ends the "due soon"
    list (default: the next 7 days). All units of a large SQLite database: built in the worker process,
    over its own read-only connection (it sees what is committed)."""
    calendar = calendar or WorkCalendar(tz=repos.assignments.tz)
    arguments: dict[str, Any] = {
        "today": today, "period_start": period_start, "period_end": period_end, "unit_id": unit_id,
        "notice_id": notice_id, "due_until": due_until, "calendar": calendar, "policy": policy,
        "list_limit": list_limit, "unit_limit": unit_limit,
    }
    path = getattr(repos.db, "path", None)
    if (unit_id is None and notice_id is None and path is not None
            and await repos.digest_lists.open_at_least(worker_min_open)):
        built = await run_cpu(_build_in_worker, path, repos.tenant_id, repos.tz, arguments)
        return Digest.model_validate(built)
    return await _build_digest(repos, **arguments)


def _build_in_worker(path: Path, tenant_id: int, tz: ZoneInfo, arguments: dict[str, Any]) -> dict[str, Any]:
    """`_build_digest` in the worker process; the digest as plain values (they pickle)."""

    async def build() -> dict[str, Any]:
        db = await open_database(path, read_only=True)
        try:
            digest = await _build_digest(Repositories(db, tenant_id, tz=tz), **arguments)
            return digest.model_dump()
        finally:
            await db.close()

    return asyncio.run(build())


async def _build_digest(
    repos: Repositories, *, today: date, period_start: date | None, period_end: date,
    unit_id: int | None, notice_id: int | None, due_until: date | None, calendar: WorkCalendar,
    policy: ReminderPolicy | None, list_limit: int, unit_limit: int,
) -> Digest:
    policy = policy or ReminderPolicy()
    due_until = due_until or today + timedelta(days=DUE_SOON_DAYS)
    window = ReportWindow(start=period_start, end=period_end, as_of=min(period_end, today), unit_id=unit_id,
                          notice_id=notice_id)
    totals, rows = await repos.reports.counts(window)
    open_ = await _Open.load(repos, unit_id, notice_id)
    progress = Capped[ProgressLine]()
    if notice_id is not None or unit_id is not None:
        listed = (await repos.assignments.for_notice(notice_id) if notice_id is not None
                  else open_.scoped or [])
        listed = sorted((a for a in listed if a.withdrawn_at is None and unit_id in (None, a.unit_id)),
                        key=lambda a: (a.notice_id, a.task_position, a.role != "lead", vn_key(a.unit_name)))
        progress = _capped(await progress_lines(repos, listed, today), list_limit)
    unit_scope = {unit_id} if unit_id is not None else None
    if notice_id is not None:
        scope = {a.unit_id for a in await repos.assignments.for_notice(notice_id)}
        unit_scope = scope if unit_scope is None else unit_scope & scope
    unit = await repos.units.get(unit_id) if unit_id is not None else None
    notice = await repos.notices.get(notice_id) if notice_id is not None else None
    if open_.scoped is None:
        lists = await _lists_in_sql(repos, today, due_until, calendar, policy, list_limit)
    else:
        lists = _lists_of(open_.scoped, today, due_until, calendar, policy, list_limit)
    overdue, due_soon, not_acknowledged, gaps = lists
    return Digest(
        today=today, period_start=period_start, period_end=period_end, due_until=due_until,
        unit_id=unit_id, unit_name=unit.name if unit else None, notice_id=notice_id,
        notice_number=notice.number if notice else None,
        notice_issued_on=notice.issued_on if notice else None,
        totals=totals,
        units=_unit_table(rows, unit_limit),
        overdue=overdue,
        due_soon=due_soon,
        not_acknowledged=not_acknowledged,
        unreachable=_capped(await unreachable_heads(repos, unit_scope), list_limit),
        recurring_gaps=gaps,
        progress=progress,
    )
