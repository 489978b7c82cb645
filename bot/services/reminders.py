"""The reminder sweep: open assignments in the database -> `plan_sweep` -> outbox rows, once each.

Each open assignment stores its next reminder moment (`reminder_schedule.next_reminder_at`); migration
0005's triggers clear it when anything the policy reads changes. A sweep first plans the rows without one
(a chunk at a time: after a repair or a policy change that is every open assignment), then loads only
the rows whose moment has come, at most SWEEP_LIMIT (a bigger catch-up goes on the next minute), and
stores their next moment after what it records.

`run_reminder_sweep(repos, settings, now, render)` sweeps at `now`; the JobQueue calls it every minute
through a `SweepGate`, which skips minutes in which nothing that decides reminders changed. `preview_sweep`
is the same computation without writing (for `dondoc reminders --at`). Each DueReminder key is recorded in
`reminders_sent` in the same transaction as the outbox rows that carry it, so a crash never half-records
and a repeated sweep sends nothing twice. A reminder nobody could receive (a unit without a reachable head)
is not recorded: it goes out once a head registers, and it does not count towards an escalation.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, Field

from bot.config import ReminderPolicy, Settings
from bot.cpu_pool import run_cpu
from bot.services.calendar import WorkCalendar
from bot.services.reminder_messages import PlannedMessage, Render, build_messages
from bot.services.reminder_models import DueReminder, ReminderSubject, SweepPlan
from bot.services.reminder_policy import plan_sweep
from bot.services.reminder_schedule import next_reminder_at
from bot.services.reminder_tiers import reminder_key
from storage.db import open_database
from storage.models import Assignment, NewOutboxMessage, NoticeStatus, Person, RoleName
from storage.repositories import Repositories
from storage.repositories.tenants import RemindersDue

T = TypeVar("T")

# From this many subjects on, planning and building messages run in the worker process (bot/cpu_pool):
# a morning's 5,000 take seconds of pure Python, and in a thread they would hold the interpreter's lock
# from the handlers, so every press waited behind them. Below it the work is too small to matter and
# a thread saves the pickling.
WORKER_MIN_SUBJECTS = 200


async def _off_loop(size: int, fn: Callable[..., T], /, *args: Any) -> T:
    if size >= WORKER_MIN_SUBJECTS:
        return await run_cpu(fn, *args)
    return await asyncio.to_thread(fn, *args)


def utc_now() -> datetime:
    """The clock of the reminder job and the snooze button (tests move it with monkeypatch)."""
    return datetime.now(UTC)


class SweepRaced(RuntimeError):
    """Another sweep recorded part of this one's reminders first (two processes on one database)."""


class SweepResult(BaseModel):
    now: datetime
    in_window: bool
    next_window_open: datetime
    messages: list[PlannedMessage] = Field(default_factory=list)
    # Keys recorded in reminders_sent by this sweep.
    recorded: list[str] = Field(default_factory=list)
    # Items due but with nobody to receive them (no reachable head / no office): not recorded.
    undeliverable: list[DueReminder] = Field(default_factory=list)
    subjects: int = 0
    # Another process recorded part of this sweep first: nothing was written; the next sweep redoes it.
    raced: bool = False
    # More assignments were due than one sweep takes: the next minute goes on (the gate stays open).
    more: bool = False
    # Milliseconds per phase: load, plan, enqueue (bench/reminders.py prints them).
    timings: dict[str, float] = Field(default_factory=dict)


async def work_calendar(repos: Repositories, settings: Settings) -> WorkCalendar:
    """Weekends, public holidays, settings' extra days off and the days an admin added (/ngaynghi)."""
    days_off = await repos.reminders.days_off(date(1900, 1, 1), date(9999, 12, 31))
    return WorkCalendar.from_policy(settings.reminders, days_off=[d.day for d in days_off], tz=settings.tz)


def subject_of(
    assignment: Assignment, sent: list[tuple[str, str]], deadline_set_at: datetime | None
) -> ReminderSubject:
    published_at = assignment.notice_published_at or assignment.created_at
    if deadline_set_at is not None and deadline_set_at <= published_at:
        deadline_set_at = None  # the office fixed the date while the notice was a draft
    return ReminderSubject(
        assignment_id=assignment.id,
        unit_id=assignment.unit_id,
        unit_name=assignment.unit_name,
        task_text=assignment.task_text,
        notice_id=assignment.notice_id,
        notice_number=assignment.notice_number,
        owner_leader_id=assignment.notice_leader_id,
        role=assignment.role.value,
        deadline=assignment.deadline,
        recurrence=assignment.recurrence.value if assignment.recurrence else None,
        status="withdrawn" if assignment.notice_status == NoticeStatus.withdrawn else assignment.status,
        published_at=published_at,
        deadline_set_at=deadline_set_at,
        acknowledged_at=assignment.acknowledged_at,
        last_progress_at=assignment.last_progress_at,
        snoozed_until=assignment.snoozed_until,
        snooze_count=assignment.snooze_count,
        already_sent_keys=frozenset(reminder_key(assignment.id, kind, period) for kind, period in sent),
    )


async def load_subjects(repos: Repositories) -> list[ReminderSubject]:
    """Every open assignment of a published notice (withdrawn notices are not loaded: nothing is due)."""
    assignments = await repos.reminders.open_for_sweep()
    sent = await repos.reminders.sent_for_open()
    changed = await repos.reminders.deadline_changes()
    # CPU work on tens of thousands of rows: off the event loop, so the bot keeps answering meanwhile.
    return await asyncio.to_thread(
        lambda: [subject_of(a, sent.get(a.id, []), changed.get(a.id)) for a in assignments]
    )


def _period(item: DueReminder) -> str:
    prefix = reminder_key(item.assignment_id, item.kind, "")
    if not item.key.startswith(prefix):
        raise ValueError(f"unexpected reminder key {item.key!r}")
    return item.key[len(prefix):]


async def _recipients(
    repos: Repositories, plan: SweepPlan
) -> tuple[dict[int, list[Person]], list[Person], dict[int, Person]]:
    heads: dict[int, list[Person]] = {}
    for digest in plan.heads:
        people = await repos.roles.heads_of(digest.unit_id, include_deputies=True)
        heads[digest.unit_id] = [p for p in people if p.chat_id is not None and p.reachable]
    office: list[Person] = []
    leaders: dict[int, Person] = {}
    if plan.escalations:
        seen: set[int] = set()
        for role in (RoleName.office, RoleName.admin):
            for person in await repos.roles.people_with_role(role):
                if person.id not in seen and person.chat_id is not None and person.reachable:
                    seen.add(person.id)
                    office.append(person)
        for escalation in plan.escalations:
            if escalation.leader_id is not None:
                leader = await repos.people.get(escalation.leader_id)
                if leader is not None and leader.chat_id is not None and leader.reachable:
                    leaders[leader.id] = leader
    return heads, office, leaders


# Rows turned into models at a time while planning: bounds memory whatever the number of open tasks.
PLAN_CHUNK = 1000
# Rows written per transaction (moments), and messages per transaction with the reminders they carry:
# a few milliseconds of write lock each, so a press never waits long behind a sweep.
WRITE_CHUNK = 250
RECORD_CHUNK = 50
# Assignments one sweep sends for at most; a busier morning continues the next minute (unit by unit).
SWEEP_LIMIT = 5000


def schedule_fingerprint(settings: Settings) -> str:
    """What the stored moments were computed with besides the database: the policy and the time zone."""
    return f"{settings.tz.key}|{settings.reminders.model_dump_json()}"


async def _subjects(repos: Repositories, ids: list[int]) -> tuple[list[ReminderSubject], dict[int, int]]:
    """The subjects of these assignments, and the schedule version each was read at (read first)."""
    versions = await repos.reminders.schedule_versions(ids)
    assignments = await repos.reminders.for_sweep(ids)
    sent = await repos.reminders.sent_for_ids(ids)
    changed = await repos.reminders.deadline_changes_for(ids)
    return [subject_of(a, sent.get(a.id, []), changed.get(a.id)) for a in assignments], versions


def _moments(
    subjects: list[ReminderSubject], now: datetime, calendar: WorkCalendar, policy: ReminderPolicy,
    carried: dict[int, set[str]] | None = None,
) -> list[tuple[int, datetime | None]]:
    """Each subject's next reminder moment, counting the keys in `carried` as sent (a sweep's own)."""
    moments: list[tuple[int, datetime | None]] = []
    for subject in subjects:
        sent = (carried or {}).get(subject.assignment_id)
        if sent:
            subject = subject.model_copy(update={"already_sent_keys": subject.already_sent_keys | sent})
        moments.append((subject.assignment_id, next_reminder_at(subject, now, calendar, policy)))
    return moments



async def plan_unplanned(
    repos: Repositories, settings: Settings, now: datetime, calendar: WorkCalendar,
    side: Repositories | None = None,
) -> int:
    """Store the next reminder moment of every open assignment that has none (new, changed, or all of
    them after a repair or a policy change), a chunk at a time. Returns how many were planned. `side`
    (a read-only connection, BotData.side) reads the chunks: see run_reminder_sweep."""
    reads = side or repos
    fingerprint = schedule_fingerprint(settings)
    if await repos.reminders.schedule_fingerprint() != fingerprint:
        await repos.reminders.replan_all()
        await repos.reminders.set_schedule_fingerprint(fingerprint)
    planned = 0
    while ids := await reads.reminders.unplanned(PLAN_CHUNK):
        if len(ids) >= WORKER_MIN_SUBJECTS:
            moments, versions = await run_cpu(_in_worker, _moments_of, _target(reads), reads.tenant_id,
                                              settings, now, ids)
        else:
            moments, versions = await _moments_of(reads, settings, now, ids, calendar)
        await _store_moments(repos, moments, versions)
        planned += len(ids)
    return planned


async def _moments_of(
    reads: Repositories, settings: Settings, now: datetime, ids: list[int],
    calendar: WorkCalendar | None = None,
) -> tuple[list[tuple[int, datetime | None]], dict[int, int]]:
    """The next reminder moment of each of these assignments, and the version each was read at."""
    calendar = calendar or await work_calendar(reads, settings)
    subjects, versions = await _subjects(reads, ids)
    moments = _moments(subjects, now, calendar, settings.reminders)
    found = {s.assignment_id for s in subjects}
    # An id that vanished between the two queries (deleted draft) must not be asked for again.
    return moments + [(i, None) for i in ids if i not in found], versions


async def _store_moments(
    repos: Repositories, moments: list[tuple[int, datetime | None]], versions: dict[int, int]
) -> None:
    # A small transaction at a time: the presses' writes slip in between.
    for start in range(0, len(moments), WRITE_CHUNK):
        await repos.reminders.set_next(moments[start:start + WRITE_CHUNK], versions)


async def repair_schedule(repos: Repositories, settings: Settings, now: datetime) -> int:
    """`dondoc reminders --repair`: recompute every stored moment from the database as it stands."""
    await repos.reminders.replan_all()
    return await plan_unplanned(repos, settings, now, await work_calendar(repos, settings))


async def _plan(
    repos: Repositories, settings: Settings, now: datetime, render: Render
) -> tuple[SweepResult, list[DueReminder]]:
    """The sweep's plan at `now`: what it would send, and the items it would record."""
    due = await _planned(repos, settings, now, render)
    return due.result, due.deliverable


async def _preview_plan(
    repos: Repositories, settings: Settings, now: datetime, render: Render
) -> SweepResult:
    """Every open assignment planned from scratch at `now` (the preview: no stored moment is read)."""
    started = time.perf_counter()
    calendar = await work_calendar(repos, settings)
    result = SweepResult(
        now=now, in_window=calendar.in_window(now), next_window_open=calendar.next_window_open(now)
    )
    if not result.in_window:
        # Nothing is ever due outside the window.
        return result
    subjects = await load_subjects(repos)
    loaded = time.perf_counter()
    plan = await _off_loop(len(subjects), plan_sweep, subjects, now, calendar, settings.reminders)
    heads, office, leaders = await _recipients(repos, plan)
    result.messages = await _off_loop(len(plan.due), build_messages, plan, heads, office, leaders, settings,
                                      render)
    carried = {item.key for message in result.messages for item in message.items}
    result.undeliverable = [item for item in plan.due if item.key not in carried]
    result.subjects = len(subjects)
    result.timings = {
        "load": (loaded - started) * 1000, "plan": (time.perf_counter() - loaded) * 1000,
    }
    return result


class _Due(BaseModel):
    """What a sweep decided for the assignments due now: what to send and record, and their next moments
    (counting what it records as sent)."""

    result: SweepResult
    deliverable: list[DueReminder]
    moments: list[tuple[int, datetime | None]]
    versions: dict[int, int]


async def _due(
    reads: Repositories, settings: Settings, now: datetime, render: Render, ids: list[int],
    calendar: WorkCalendar | None = None,
) -> _Due:
    """Load, plan and render the sweep of these assignments (in the worker process for a big one, where
    `reads` is that process's own connection)."""
    started = time.perf_counter()
    calendar = calendar or await work_calendar(reads, settings)
    result = SweepResult(now=now, in_window=True, next_window_open=calendar.next_window_open(now))
    subjects, versions = await _subjects(reads, ids)
    loaded = time.perf_counter()
    plan = plan_sweep(subjects, now, calendar, settings.reminders)
    heads, office, leaders = await _recipients(reads, plan)
    result.messages = build_messages(plan, heads, office, leaders, settings, render)
    carried_keys = {item.key for message in result.messages for item in message.items}
    result.undeliverable = [item for item in plan.due if item.key not in carried_keys]
    result.subjects = len(subjects)
    deliverable = [item for item in plan.due if item.key in carried_keys]
    carried: dict[int, set[str]] = {}
    for item in deliverable:
        carried.setdefault(item.assignment_id, set()).add(item.key)
    moments = _moments(subjects, now, calendar, settings.reminders, carried)
    result.timings = {"load": (loaded - started) * 1000, "plan": (time.perf_counter() - loaded) * 1000}
    return _Due(result=result, deliverable=deliverable, moments=moments, versions=versions)


async def _planned(
    repos: Repositories, settings: Settings, now: datetime, render: Render, side: Repositories | None = None,
) -> _Due:
    """Plan the unplanned, then what is due at `now` (a big sweep in the worker process)."""
    reads = side or repos
    calendar = await work_calendar(reads, settings)
    if not calendar.in_window(now):  # nothing is ever due outside the window
        result = SweepResult(now=now, in_window=False, next_window_open=calendar.next_window_open(now))
        return _Due(result=result, deliverable=[], moments=[], versions={})
    await plan_unplanned(repos, settings, now, calendar, side)
    ids = await reads.reminders.due_by(now, SWEEP_LIMIT + 1)
    more, ids = len(ids) > SWEEP_LIMIT, ids[:SWEEP_LIMIT]
    if len(ids) >= WORKER_MIN_SUBJECTS:
        due = await run_cpu(_in_worker, _due, _target(reads), reads.tenant_id, settings, now, render, ids)
    else:
        due = await _due(reads, settings, now, render, ids, calendar)
    due.result.more = more
    return due


def _target(reads: Repositories) -> str | Path:
    """What the worker process opens to read the same database: the SQLite file, or the server's URL."""
    return reads.db.path if reads.db.path is not None else str(reads.db.url)  # type: ignore[attr-defined]


def _in_worker(fn: Callable[..., Awaitable[T]], path: str | Path, tenant_id: int, settings: Settings, /,
               *args: Any) -> T:
    """`fn(reads, settings, *args)` in the worker process, over its own read-only connection to `path`,
    with tenant `tenant_id`'s repositories:
    loading and building thousands of models there holds neither the bot's event loop nor its
    interpreter's lock, so the presses keep being answered meanwhile."""

    async def run() -> T:
        db = await open_database(path, read_only=True)
        try:
            return await fn(Repositories(db, tenant_id, tz=settings.tz), settings, *args)
        finally:
            await db.close()

    return asyncio.run(run())


async def preview_sweep(
    repos: Repositories, settings: Settings, now: datetime, render: Render
) -> SweepResult:
    """What the sweep would send at `now`, writing nothing. Plans every open assignment from scratch, so
    it answers for any moment, even one before the stored schedule."""
    return await _preview_plan(repos, settings, now, render)


async def run_reminder_sweep(
    repos: Repositories, settings: Settings, now: datetime, render: Render, *,
    side: Repositories | None = None,
) -> SweepResult:
    """Enqueue what is due at `now` and record it, atomically; then store the next moment of every
    assignment looked at. Reads only assignments whose stored moment has come. Safe to repeat.

    `side`, a read-only connection (BotData.side), does the loading: on the writing connection a
    morning's reads (half a second) would queue every press's statements behind them. It sees what was
    committed; the schedule versions read first still guard the moments written back. A big sweep is
    loaded and planned in the worker process (bot.cpu_pool) over its own connection."""
    due = await _planned(repos, settings, now, render, side)
    result = due.result
    if not result.subjects:
        return result
    started = time.perf_counter()
    try:
        fresh = await _record_and_enqueue(repos, result, due.deliverable, now, (due.moments, due.versions))
    except SweepRaced:
        result.messages, result.raced = [], True
        return result
    result.recorded = sorted(fresh)
    result.timings["enqueue"] = (time.perf_counter() - started) * 1000
    return result


async def _record_and_enqueue(
    repos: Repositories, result: SweepResult, deliverable: list[DueReminder], now: datetime,
    schedule: tuple[list[tuple[int, datetime | None]], dict[int, int]] = ([], {}),
) -> set[str]:
    """Record the reminders and enqueue their messages, then store the next moments, in small
    transactions: the write lock is held a few milliseconds at a time, so the presses' writes slip in
    between. Every message that carries an item is enqueued in the transaction that records it, so a
    crash never half-records; a crash before the moments are stored loses nothing either: those
    assignments are still due, and the next sweep finds their reminders recorded and sends nothing twice.
    SweepRaced when another process recorded some of a transaction's items first (it is rolled back;
    those before it stay: each of their reminders went out once)."""
    by_key = {item.key: item for item in deliverable}
    fresh: set[str] = set()
    for messages in _record_groups(result.messages, RECORD_CHUNK):
        keys = sorted({item.key for message in messages for item in message.items} & by_key.keys())
        entries = [(by_key[key].assignment_id, by_key[key].kind, _period(by_key[key])) for key in keys]
        rows = [NewOutboxMessage(key=m.key, chat_id=m.chat_id, kind="message", payload=m.payload)
                for m in messages]
        async with repos.db.transaction():
            if await repos.reminders.record_many(entries, now) != len(entries):
                raise SweepRaced
            await repos.outbox.enqueue_many(rows, now)
        fresh.update(keys)
    moments, versions = schedule
    await _store_moments(repos, moments, versions)
    return fresh


def _record_groups(messages: list[PlannedMessage], size: int) -> list[list[PlannedMessage]]:
    """The messages in groups of about `size`, in order, never parting two that carry the same item (a
    head and a deputy get the same page; the office's escalation shares its items with leaders')."""
    parent = list(range(len(messages)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, message in enumerate(messages):
        for item in message.items:
            parent[root(i)] = root(first.setdefault(item.key, i))
    together: dict[int, list[PlannedMessage]] = {}
    for i, message in enumerate(messages):
        together.setdefault(root(i), []).append(message)
    groups: list[list[PlannedMessage]] = []
    for linked in together.values():
        if not groups or len(groups[-1]) + len(linked) > size:
            groups.append([])
        groups[-1].extend(linked)
    return groups


class SweepGate:
    """Runs the sweep only when its answer can differ from the last one's: a new local day, the window
    opening or closing, or a change in the database (repos.reminders.change_marker). Every minute the job
    asks; most minutes cost one small query instead of loading every open assignment. A sweep that
    recorded reminders leaves the gate open, since its own records can make escalations due. Holds no
    reminder state: after a restart the first call sweeps.

    `due`, when the caller read it for every tenant at once (TenantRepository.reminders_due), is what this
    tenant's sweep would find. A tenant outside its window, or with nothing to plan, nothing due and its
    stored schedule made with today's policy, is then not swept, nor asked for its marker: its sweep
    could only find nothing (after a restart too: what came due meanwhile is due; at the window's opening
    what waited is due). What is due is part of what must change for a tenant with something due to be
    swept again."""

    def __init__(self) -> None:
        self._last: tuple[object, ...] | None = None
        self._open = False

    async def sweep(
        self, repos: Repositories, settings: Settings, now: datetime, render: Render,
        side: Repositories | None = None, *, due: RemindersDue | None = None,
    ) -> SweepResult | None:
        local = now.astimezone(settings.tz)
        policy = settings.reminders
        in_window = policy.window_start <= local.time() < policy.window_end
        if due is not None and (not in_window or (
                not self._open and not due.passed and not due.unplanned
                and due.fingerprint == schedule_fingerprint(settings))):
            return None
        # Taken before loading: a change made while the sweep runs moves the marker for the next call.
        state = (local.date(), in_window, due, await repos.reminders.change_marker())
        if state == self._last:
            return None
        result = await run_reminder_sweep(repos, settings, now, render, side=side)
        self._open = bool(result.recorded or result.raced or result.more)
        self._last = None if self._open else state
        return result
