"""The report's queries: the official counts (SQL aggregates, never a model per row), the task list of
the workbook, the latest progress of assignments and a task's history.

Portable SQL on purpose (SQLite now, PostgreSQL later): named parameters, ISO texts compared as texts,
periods computed in Python, no SQLite-only functions, sorting by Vietnamese names done in Python.

A period [start, end] is read "as of" `as_of` (the period's end, or today if that comes first):
- in scope: assignments of notices published before the end of `end`, not withdrawn, and not finished
  before `start`;
- done: finished on or before `as_of` — on time when on or before its current deadline, late after it;
- open: everything else in scope — within term while the deadline is `as_of` or later, overdue before;
- without a deadline: counted apart (done / open), never in the four buckets or the rate.
A task's state is its lead units' (all its units when none leads): done once every one of them is done,
on the latest of their dates, against the latest of their deadlines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from storage.collation import vn_key
from storage.models import AuditEntry, Extension, Progress, ReportCounts, ReportTaskRow, UnitReportCounts
from storage.repositories.assignments import OPEN_SQL
from storage.repositories.base import Repository, db_date, db_time

_BUCKETS = (
    ("done_on_time", "deadline IS NOT NULL AND done_on IS NOT NULL AND done_on <= deadline"),
    ("done_late", "deadline IS NOT NULL AND done_on IS NOT NULL AND done_on > deadline"),
    ("open_in_term", "deadline IS NOT NULL AND done_on IS NULL AND deadline >= :as_of"),
    ("overdue", "deadline IS NOT NULL AND done_on IS NULL AND deadline < :as_of"),
    ("no_deadline_done", "deadline IS NULL AND done_on IS NOT NULL"),
    ("no_deadline_open", "deadline IS NULL AND done_on IS NULL"),
)
_SUMS = ", ".join(f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END) AS {name}" for name, condition in _BUCKETS)

_OPEN_STATUSES = "('new', 'acknowledged', 'in_progress', 'returned')"
# a task in a period: one of its assignments (even a withdrawn one) open, or finished inside the period;
# a UNION lets each half use its index (status; done_on) where an OR would scan
_TASKS_IN_PERIOD = (f"a.task_id IN (SELECT task_id FROM assignments WHERE tenant_id = :tenant"  # noqa: S608
                    f" AND status IN {_OPEN_STATUSES}"
                    " UNION SELECT task_id FROM assignments WHERE tenant_id = :tenant AND done_on >= :start)")


def _where(window: ReportWindow, *, whole_tasks: bool) -> str:
    """The conditions of "in scope" over assignments a, tasks t, notices n (see the module docstring).

    whole_tasks keeps every assignment of a task in scope, even one finished before the period, so the
    task's state can be read from its lead units. Conditions are literal fragments picked here; every
    value is a named parameter."""
    where = ["a.tenant_id = :tenant", "n.status = 'published'", "n.published_at < :end_utc",
             "a.withdrawn_at IS NULL"]
    if window.notice_id is not None:
        where.append("t.notice_id = :notice_id")
    if window.unit_id is not None and not whole_tasks:
        where.append("a.unit_id = :unit_id")
    if window.start is not None:
        if whole_tasks:
            where.append(_TASKS_IN_PERIOD)
        else:
            where.append("(a.status <> 'done' OR a.done_on >= :start)")
    return " AND ".join(where)


# done_on only when done by the report's day: finished later means still open on that day
_DONE_BY = "CASE WHEN a.status = 'done' AND a.done_on <= :as_of THEN a.done_on END"
_FROM = " FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN notices n ON n.id = t.notice_id"


def _scoped(window: ReportWindow, *, whole_tasks: bool) -> str:
    """Assignments in scope: id, task_id, unit_id, role, deadline, done_on."""
    return (f"SELECT a.id, a.task_id, a.unit_id, a.role, a.deadline, {_DONE_BY} AS done_on"
            f"{_FROM} WHERE {_where(window, whole_tasks=whole_tasks)}")


# One row per task: its lead units' state, or all its units' when no unit leads it (`effective` rows).
_PER_TASK = (
    "SELECT task_id, MAX(deadline) AS deadline, MIN(CASE WHEN done_on IS NULL THEN 0 ELSE 1 END) AS all_done,"
    " MAX(done_on) AS last_done_on FROM scoped WHERE effective = 1 GROUP BY task_id"
)


# The counts read assignments from one covering index (migration 0008), never the table: a notice's
# conditions become a list of task ids, so no row is joined to its task and notice. INDEXED BY is SQLite's
# (as in digest_lists): without it the planner walks notices -> tasks -> assignments, a lookup per row.
_COUNTED = " FROM assignments a INDEXED BY assignments_counted"
_NOT_COUNTED_TASKS = (  # the few tasks of drafts, withdrawn notices and notices published after the end
    "SELECT t.id FROM tasks t JOIN notices n ON n.id = t.notice_id WHERE t.tenant_id = :tenant"
    " AND (n.status <> 'published' OR n.published_at IS NULL OR n.published_at >= :end_utc)"
)
_NOTICE_TASKS = (
    "SELECT t.id FROM tasks t JOIN notices n ON n.id = t.notice_id WHERE t.tenant_id = :tenant"
    " AND t.notice_id = :notice_id AND n.status = 'published' AND n.published_at < :end_utc"
)
# an assignment counted for its unit: open, or finished inside the period
_IN_PERIOD = "(a.status <> 'done' OR a.done_on >= :start)"
# _TASKS_IN_PERIOD from indexes: open ones (migration 0005's), withdrawn ones (0008's), finished ones
_COUNTED_TASKS_IN_PERIOD = (
    f"a.task_id IN (SELECT task_id FROM assignments INDEXED BY assignments_open_by_deadline"  # noqa: S608
    f" WHERE tenant_id = :tenant AND status IN {_OPEN_STATUSES} AND withdrawn_at IS NULL"
    f" UNION SELECT task_id FROM assignments INDEXED BY assignments_withdrawn"
    f" WHERE withdrawn_at IS NOT NULL AND status IN {_OPEN_STATUSES} AND tenant_id = :tenant"
    " UNION SELECT task_id FROM assignments WHERE tenant_id = :tenant AND done_on >= :start)"
)
# an assignment that makes its task's state: a lead one, or any one of a task no unit leads
# 1 or 0 (not a boolean: `effective = 1` must compare on PostgreSQL too)
_EFFECTIVE = (
    "CASE WHEN a.role = 'lead' OR NOT EXISTS (SELECT 1 FROM assignments b INDEXED BY assignments_counted"
    " WHERE b.tenant_id = a.tenant_id AND b.task_id = a.task_id AND b.withdrawn_at IS NULL"
    " AND b.role = 'lead') THEN 1 ELSE 0 END"
)


def _counted(window: ReportWindow, *, whole_tasks: bool) -> str:
    """`_scoped`'s rows read from the index alone: task_id, unit_id, role, deadline, done_on, and
    in_unit (1 when the row also counts for its unit: `_where(whole_tasks=False)`'s scope)."""
    in_unit = "1" if window.start is None else f"CASE WHEN {_IN_PERIOD} THEN 1 ELSE 0 END"
    where = ["a.tenant_id = :tenant", "a.withdrawn_at IS NULL",
             f"a.task_id IN ({_NOTICE_TASKS})" if window.notice_id is not None
             else f"a.task_id NOT IN ({_NOT_COUNTED_TASKS})"]
    if window.unit_id is not None and not whole_tasks:
        where.append("a.unit_id = :unit_id")
    if window.start is not None:
        where.append(_COUNTED_TASKS_IN_PERIOD if whole_tasks else _IN_PERIOD)
    return (f"SELECT a.task_id, a.unit_id, a.deadline, {_DONE_BY} AS done_on, {in_unit} AS in_unit,"
            f" {_EFFECTIVE} AS effective{_COUNTED} WHERE {' AND '.join(where)}")


def _task_totals(window: ReportWindow) -> str:
    """One row of the task counts over `scoped`."""
    return (
        "SELECT NULL AS unit_id, " + _SUMS + " FROM (SELECT task_id, deadline,"  # noqa: S608 - constants
        f" CASE WHEN all_done = 1 THEN last_done_on END AS done_on FROM ({_PER_TASK}) grouped) per_task"
        # a task finished before the period (a coordinator may still be open) is not this period's
        + ("" if window.start is None else " WHERE done_on IS NULL OR done_on >= :start")
    )


# One row per unit over `scoped`'s rows that count for their unit.
_UNIT_TOTALS = f"SELECT unit_id, {_SUMS} FROM scoped WHERE in_unit = 1 GROUP BY unit_id"  # noqa: S608
_NAMED = "SELECT c.*, u.name AS unit_name FROM ({}) c LEFT JOIN units u ON u.id = c.unit_id"

# --- A period's counts without grouping every assignment (issue 11) -------------------------------------
# The same numbers as `_task_totals` and `_UNIT_TOTALS` for a window with a start. Tasks: read from each
# task's stored state (migration 0009's columns, kept by triggers), which is the state as of any day on or
# after the latest done_on in the database: the current period's case (`ReportRepository.counts` checks).
# Units: each unit's rows counted for it are its open ones plus those done in the period, read from the
# indexes that hold exactly them, not from every assignment. Open work, most of the rows, is only counted
# (all, with a deadline, overdue) in index order: the three open buckets follow from those three counts.
_NOT_COUNTED_NOTICES = (
    "SELECT id FROM notices WHERE tenant_id = :tenant"
    " AND (status <> 'published' OR published_at IS NULL OR published_at >= :end_utc)"
)
_TASK_STATE = "state_deadline AS deadline, CASE WHEN state_open = 0 THEN state_done_on END AS done_on"


def _open_counts(deadline: str) -> str:
    return (f"COUNT(*) AS open, COUNT({deadline}) AS with_deadline,"
            f" COUNT(CASE WHEN {deadline} < :as_of THEN 1 END) AS late")


def _task_scope(window: ReportWindow) -> str:
    scope = f"tenant_id = :tenant AND state_assignments > 0 AND notice_id NOT IN ({_NOT_COUNTED_NOTICES})"
    return scope + (" AND notice_id = :notice_id" if window.notice_id is not None else "")


def _open_tasks(window: ReportWindow) -> str:
    """Tasks not done (every one is in the period: it has open work), counted by deadline."""
    return (f"SELECT {_open_counts('state_deadline')} FROM tasks INDEXED BY tasks_open_state"  # noqa: S608
            f" WHERE open_assignments > 0 AND state_open > 0 AND {_task_scope(window)}")


def _finished_tasks(window: ReportWindow) -> str:
    """Tasks done, finished inside the period: done ones with open coordinators, and the others
    finished lately (a task in the period: open work, or an assignment finished inside it)."""
    scope = _task_scope(window)
    return (
        f"SELECT {_SUMS} FROM ("  # noqa: S608 - constants
        f"SELECT {_TASK_STATE} FROM tasks INDEXED BY tasks_open_state"
        f" WHERE open_assignments > 0 AND state_open = 0 AND {scope}"
        f" UNION ALL SELECT {_TASK_STATE} FROM tasks INDEXED BY tasks_latest_done"
        f" WHERE open_assignments = 0 AND latest_done_on >= :start AND {scope}"
        ") per_task WHERE done_on IS NULL OR done_on >= :start"
    )


def _units_tasks(window: ReportWindow) -> str:
    return (f"a.task_id IN ({_NOTICE_TASKS})" if window.notice_id is not None
            else f"a.task_id NOT IN ({_NOT_COUNTED_TASKS})")


def _open_by_unit(window: ReportWindow) -> str:
    """Each unit's open assignments, counted by deadline (index in unit order: no sorting)."""
    return (f"SELECT a.unit_id, {_open_counts('a.deadline')}"  # noqa: S608 - constants
            f" FROM assignments a INDEXED BY assignments_open_by_unit"
            f" WHERE a.tenant_id = :tenant AND {OPEN_SQL} AND {_units_tasks(window)} GROUP BY a.unit_id")


def _done_by_unit(window: ReportWindow) -> str:
    """Each unit's assignments done inside the period (finished after as_of: still open then)."""
    return (
        f"SELECT unit_id, {_SUMS} FROM (SELECT a.unit_id, a.deadline,"  # noqa: S608 - constants
        " CASE WHEN a.done_on <= :as_of THEN a.done_on END AS done_on"
        " FROM assignments a INDEXED BY assignments_by_done_on"
        f" WHERE a.tenant_id = :tenant AND a.done_on >= :start AND a.status = 'done'"
        " AND a.withdrawn_at IS NULL"
        f" AND {_units_tasks(window)}) done GROUP BY unit_id"
    )


def _open_buckets(row: Any) -> dict[str, int]:
    """The three open buckets from `_open_counts`."""
    return {"open_in_term": row["with_deadline"] - row["late"], "overdue": row["late"],
            "no_deadline_open": row["open"] - row["with_deadline"]}


@dataclass(frozen=True)
class ReportWindow:
    """What a report covers: a period read as of a day, optionally one unit or one notice."""

    start: date | None
    end: date
    as_of: date
    unit_id: int | None = None
    notice_id: int | None = None


class ReportRepository(Repository):
    def _params(self, window: ReportWindow) -> dict[str, Any]:
        end_utc = datetime.combine(window.end + timedelta(days=1), time(), self.tz).astimezone(UTC)
        params: dict[str, Any] = {"tenant": self.tenant_id, "as_of": db_date(window.as_of),
                                  "end_utc": db_time(end_utc)}
        for name, value in (("start", db_date(window.start)), ("notice_id", window.notice_id),
                            ("unit_id", window.unit_id)):
            if value is not None:  # only the parameters the chosen fragments name
                params[name] = value
        return params

    async def counts(self, window: ReportWindow) -> tuple[ReportCounts, list[UnitReportCounts]]:
        """`task_counts` and `unit_counts` together (the digest shows both): for a period's window from
        the tasks' stored state and the units' open and recently done rows, else from one scan of the
        assignments."""
        if window.unit_id is not None:
            rows = await self.unit_counts(window)
            return self._one_unit(rows), rows
        if window.start is not None:
            return await self._task_totals_from_state(window), await self._unit_totals_open_and_done(window)
        found = await self.db.fetch_all(
            f"WITH scoped AS MATERIALIZED ({_counted(window, whole_tasks=True)}) "
            + _NAMED.format(f"{_task_totals(window)} UNION ALL {_UNIT_TOTALS}"),
            self._params(window),
        )
        totals = [row for row in found if row["unit_id"] is None]
        return self._totals(totals[0] if totals else None), self._units(row for row in found
                                                                        if row["unit_id"] is not None)

    async def task_counts(self, window: ReportWindow) -> ReportCounts:
        """The official counts over tasks (one unit's window: over that unit's assignments)."""
        if window.unit_id is not None:
            return self._one_unit(await self.unit_counts(window))
        row = await self.db.fetch_one(
            f"WITH scoped AS ({_counted(window, whole_tasks=True)}) {_task_totals(window)}",
            self._params(window),
        )
        return self._totals(row)

    async def unit_counts(self, window: ReportWindow) -> list[UnitReportCounts]:
        """The official counts over each unit's assignments (lead and coordinating), by unit name."""
        rows = await self.db.fetch_all(
            f"WITH scoped AS ({_counted(window, whole_tasks=False)}) {_NAMED.format(_UNIT_TOTALS)}",
            self._params(window),
        )
        return self._units(rows)

    async def _task_totals_from_state(self, window: ReportWindow) -> ReportCounts:
        """`task_counts` of a window with a start, from the tasks' stored state when it is current."""
        params = self._params(window)
        if not await self._state_is_current(window.as_of):
            return await self.task_counts(window)
        counts = dict(await self.db.fetch_one(_finished_tasks(window), params) or {})
        open_row = await self.db.fetch_one(_open_tasks(window), params)
        counts.update(_open_buckets(open_row) if open_row is not None else {})
        return self._totals(counts)

    async def _unit_totals_open_and_done(self, window: ReportWindow) -> list[UnitReportCounts]:
        """`unit_counts` of a window with a start and no unit: open rows plus rows done in the period."""
        params = self._params(window)
        units: dict[int, dict[str, Any]] = {}
        for row in await self.db.fetch_all(_NAMED.format(_done_by_unit(window)), params):
            units[row["unit_id"]] = {k: v if k == "unit_name" else v or 0 for k, v in dict(row).items()}
        for row in await self.db.fetch_all(_NAMED.format(_open_by_unit(window)), params):
            unit = units.setdefault(row["unit_id"], {"unit_id": row["unit_id"],
                                                     "unit_name": row["unit_name"]})
            for name, value in _open_buckets(row).items():
                unit[name] = unit.get(name, 0) + value
        return self._units(units.values())

    async def _state_is_current(self, as_of: date) -> bool:
        """True when no assignment was finished after `as_of`: the tasks' stored state (done or not, on
        which day) is then their state as of that day too."""
        latest = await self.db.fetch_value("SELECT MAX(done_on) FROM assignments WHERE tenant_id = ?",
                                           (self.tenant_id,))
        return latest is None or str(latest) <= as_of.isoformat()

    @staticmethod
    def _totals(row: Any) -> ReportCounts:
        return ReportCounts.model_validate({k: v or 0 for k, v in dict(row or {}).items()
                                            if k not in ("unit_id", "unit_name")})

    @staticmethod
    def _one_unit(rows: list[UnitReportCounts]) -> ReportCounts:
        return ReportCounts(**(rows[0].model_dump(exclude={"unit_id", "unit_name"}) if rows else {}))

    @staticmethod
    def _units(rows: Iterable[Any]) -> list[UnitReportCounts]:
        found = [UnitReportCounts.model_validate(dict(row)) for row in rows]
        return sorted(found, key=lambda r: (vn_key(r.unit_name), r.unit_id))

    async def task_rows(self, window: ReportWindow) -> list[ReportTaskRow]:
        """Every assignment in scope with what the workbook's task list shows, unordered (the caller
        groups and sorts by task). Rows become dataclasses in the database's thread, off the event loop."""
        rows = await self.db.fetch_made(
            "SELECT a.id, a.task_id, t.notice_id, n.number, n.issued_on, t.position, t.text, a.unit_id,"  # noqa: S608
            f" u.name, a.role, a.deadline, {_DONE_BY}, a.status, a.percent, a.acknowledged_at,"
            # reports are inserted as they arrive, so the highest id is the latest one; one index probe
            # per assignment beats grouping the whole progress table first
            " (SELECT p.text FROM progress p WHERE p.assignment_id = a.id ORDER BY p.id DESC LIMIT 1)"
            f"{_FROM} JOIN units u ON u.id = a.unit_id"
            f" WHERE {_where(window, whole_tasks=False)}",
            self._params(window), ReportTaskRow.from_row,
        )
        return rows

    async def latest_progress(self, assignment_ids: Sequence[int]) -> dict[int, Progress]:
        """The newest progress report of each assignment that has one."""
        if not assignment_ids:
            return {}
        marks = ", ".join(f":a{i}" for i in range(len(assignment_ids)))
        rows = await self.db.fetch_all(
            f"SELECT * FROM progress p WHERE p.tenant_id = :tenant AND p.assignment_id IN ({marks})"  # noqa: S608
            " AND NOT EXISTS (SELECT 1 FROM progress q WHERE q.assignment_id = p.assignment_id"
            " AND (q.created_at > p.created_at OR (q.created_at = p.created_at AND q.id > p.id)))",
            {"tenant": self.tenant_id, **{f"a{i}": value for i, value in enumerate(assignment_ids)}},
        )
        return {row["assignment_id"]: Progress.model_validate(dict(row)) for row in rows}

    async def progress_of_task(self, task_id: int) -> list[Progress]:
        rows = await self.db.fetch_all(
            "SELECT p.* FROM progress p JOIN assignments a ON a.id = p.assignment_id"
            " WHERE a.task_id = :task_id AND a.tenant_id = :tenant ORDER BY p.created_at, p.id",
            {"task_id": task_id, "tenant": self.tenant_id},
        )
        return [Progress.model_validate(dict(row)) for row in rows]

    async def extensions_of_task(self, task_id: int) -> list[Extension]:
        rows = await self.db.fetch_all(
            "SELECT e.* FROM extensions e JOIN assignments a ON a.id = e.assignment_id"
            " WHERE a.task_id = :task_id AND a.tenant_id = :tenant ORDER BY e.created_at, e.id",
            {"task_id": task_id, "tenant": self.tenant_id},
        )
        return [Extension.model_validate(dict(row)) for row in rows]

    async def audit_of_task(self, task_id: int, notice_id: int) -> list[AuditEntry]:
        """The trail of the task, its assignments (even withdrawn ones) and its notice, oldest first."""
        rows = await self.db.fetch_all(
            "SELECT * FROM audit WHERE tenant_id = :tenant AND ((entity = 'task' AND entity_id = :task_id)"
            " OR (entity = 'notice' AND entity_id = :notice_id)"
            " OR (entity = 'assignment'"
            " AND entity_id IN (SELECT id FROM assignments WHERE task_id = :task_id)))"
            " ORDER BY at, id",
            {"task_id": task_id, "notice_id": notice_id, "tenant": self.tenant_id},
        )
        return [AuditEntry.model_validate(dict(row)) for row in rows]

    async def delivered_at(self, notice_id: int) -> dict[int, datetime]:
        """When each unit's first delivery message of the notice reached a head (from the outbox)."""
        rows = await self.db.fetch_all(
            "SELECT key, sent_at FROM outbox"
            " WHERE tenant_id = :tenant AND key LIKE :prefix AND status = 'sent' AND sent_at IS NOT NULL",
            {"prefix": f"deliver:{int(notice_id):d}:%", "tenant": self.tenant_id},
        )
        found: dict[int, datetime] = {}
        for row in rows:
            unit_id = int(row["key"].split(":")[2])
            sent = datetime.fromisoformat(row["sent_at"])
            if unit_id not in found or sent < found[unit_id]:
                found[unit_id] = sent
        return found
