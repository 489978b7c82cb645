"""Assignments: a task given to one unit (lead or coordinate), from new to done, and the sweep's queries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from storage.collation import vn_key
from storage.models import OPEN_STATUSES, Assignment, AssignmentStatus, DigestRow
from storage.repositories.base import Repository, db_date, db_time


def _is_open_sql(prefix: str) -> str:
    # Literal values (not parameters) so SQLite can use the (status, deadline) index; they come from
    # the one definition of "open" in storage.models, in enum order so the SQL text is stable. Open also
    # means not withdrawn by the office after publishing (a withdrawn task keeps its rows).
    statuses = ", ".join(f"'{status.value}'" for status in AssignmentStatus if status in OPEN_STATUSES)
    return f"({prefix}status IN ({statuses}) AND {prefix}withdrawn_at IS NULL)"


OPEN_SQL = _is_open_sql("a.")
_OPEN_SQL_UNALIASED = _is_open_sql("")  # in UPDATE ... WHERE, where there is no alias
_SELECT = (
    "SELECT a.*, u.name AS unit_name, t.text AS task_text, t.section AS task_section,"
    " t.position AS task_position, t.kind AS task_kind, t.deadline AS task_deadline, t.recurrence,"
    " t.notice_id, n.number AS notice_number, n.title AS notice_title, n.issued_on AS notice_issued_on,"
    " n.status AS notice_status, n.published_at AS notice_published_at, n.leader_id AS notice_leader_id"
    " FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN notices n ON n.id = t.notice_id"
    " JOIN units u ON u.id = a.unit_id"
)
# Sweep queries filter on the assignment (status, deadline); CROSS JOIN keeps it the outer loop so the
# (status, deadline) index is used instead of scanning every notice (SQLite never reorders a CROSS JOIN).
_SELECT_BY_ASSIGNMENT = _SELECT.replace(" JOIN tasks t", " CROSS JOIN tasks t", 1)
# overdue first, then by deadline (none last), then notice order
_ORDER = " ORDER BY a.deadline IS NULL, a.deadline, t.notice_id, t.position, a.id"


def _count(condition: str) -> str:
    # CASE, not SUM(condition): a NULL deadline makes the condition NULL, and SUM of only NULLs is NULL.
    return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"


class AssignmentRepository(Repository):
    async def _select(
        self, where: str, params: Sequence[Any] = (), order: str = _ORDER, *, by_assignment: bool = False
    ) -> list[Assignment]:
        # where/order are literal SQL fragments from this module; values are always parameters.
        select = _SELECT_BY_ASSIGNMENT if by_assignment else _SELECT
        rows = await self.db.fetch_all(f"{select} WHERE a.tenant_id = ? AND {where}{order}",
                                       (self.tenant_id, *params))
        return [Assignment.model_validate(dict(row)) for row in rows]

    async def get(self, assignment_id: int) -> Assignment | None:
        found = await self._select("a.id = ?", (assignment_id,))
        return found[0] if found else None

    async def get_many(self, assignment_ids: Sequence[int]) -> list[Assignment]:
        if not assignment_ids:
            return []
        marks = ",".join("?" * len(assignment_ids))
        return await self._select(f"a.id IN ({marks})", tuple(assignment_ids))

    async def for_notice(self, notice_id: int) -> list[Assignment]:
        return await self._select("t.notice_id = ?", (notice_id,), " ORDER BY t.position, a.role, a.unit_id")

    async def unit_in_notice(self, notice_id: int, unit_id: int) -> bool:
        """Whether the unit has an assignment in the notice (a press's check: no model per row)."""
        found = await self.db.fetch_value(
            "SELECT 1 FROM assignments a JOIN tasks t ON t.id = a.task_id"
            " WHERE t.notice_id = ? AND a.unit_id = ? AND a.tenant_id = ? LIMIT 1",
            (notice_id, unit_id, self.tenant_id))
        return found is not None

    async def for_unit(self, unit_id: int, open_only: bool = True) -> list[Assignment]:
        """A unit's assignments on published notices, overdue first."""
        where = "a.unit_id = ? AND n.status = 'published'" + (f" AND {OPEN_SQL}" if open_only else "")
        return await self._select(where, (unit_id,))

    async def for_person(self, person_id: int, open_only: bool = True) -> list[Assignment]:
        """Assignments of every unit the person heads or deputises for (/viec), overdue first."""
        where = (
            "a.unit_id IN (SELECT unit_id FROM roles WHERE person_id = ? AND role IN ('head', 'deputy'))"
            " AND n.status = 'published'"
        )
        if open_only:
            where += f" AND {OPEN_SQL}"
        return await self._select(where, (person_id,))

    # --- transitions --------------------------------------------------------------------------------
    async def _change(
        self, assignment_id: int, *, action: str, sets: str, values: Sequence[Any], condition: str,
        by: int | None, now: datetime, fields: tuple[str, ...] = ("status",),
    ) -> Assignment | None:
        """Conditional UPDATE with an audit row; None when the condition does not hold (nothing changed)."""
        async with self.db.transaction():
            before = await self.get(assignment_id)
            if before is None:
                return None
            count = await self.db.execute(
                f"UPDATE assignments SET {sets}, updated_at = ? WHERE id = ? AND tenant_id = ?"  # noqa: S608
                f" AND {condition}",
                (*values, db_time(now), assignment_id, self.tenant_id),
            )
            if not count:
                return None
            after = await self.get(assignment_id)
            assert after is not None
            await self._audit(
                at=now, actor_id=by, action=action, entity="assignment", entity_id=assignment_id,
                before={f: before.model_dump(mode="json")[f] for f in fields},
                after={f: after.model_dump(mode="json")[f] for f in fields},
            )
        return after

    async def acknowledge(self, assignment_id: int, person_id: int, now: datetime) -> Assignment | None:
        """new -> acknowledged; None when already acknowledged (or further)."""
        return await self._change(
            assignment_id, action="acknowledge", sets="status = 'acknowledged', acknowledged_at = ?,"
            " acknowledged_by = ?", values=(db_time(now), person_id), condition="status = 'new'",
            by=person_id, now=now,
        )

    async def acknowledge_notice_for_unit(
        self, notice_id: int, unit_id: int, person_id: int, now: datetime
    ) -> list[Assignment]:
        """"Đã nhận" on a delivery: acknowledge every new assignment of the unit in the notice."""
        changed: list[Assignment] = []
        async with self.db.transaction():
            ids = await self.db.fetch_all(
                "SELECT a.id FROM assignments a JOIN tasks t ON t.id = a.task_id"
                " WHERE t.notice_id = ? AND a.unit_id = ? AND a.tenant_id = ? AND a.status = 'new'"
                " ORDER BY a.id",
                (notice_id, unit_id, self.tenant_id),
            )
            for row in ids:
                done = await self.acknowledge(row["id"], person_id, now)
                if done is not None:
                    changed.append(done)
        return changed

    async def set_percent(self, assignment_id: int, percent: int, *, by: int | None,
                          now: datetime) -> Assignment | None:
        """Record a percent on an open assignment; it becomes in_progress."""
        if not 0 <= percent <= 100:
            raise ValueError("percent must be between 0 and 100")
        return await self._change(
            assignment_id, action="set_percent", sets="percent = ?, status = 'in_progress'",
            values=(percent,), condition=_OPEN_SQL_UNALIASED, by=by, now=now,
            fields=("status", "percent"),
        )

    async def mark_done(self, assignment_id: int, person_id: int, note: str | None,
                        now: datetime) -> Assignment | None:
        """Open -> done, stamping done_at and its local date; on time vs late is `done_late`."""
        done_on = now.astimezone(self.tz).date()
        return await self._change(
            assignment_id, action="done", sets="status = 'done', percent = 100, done_at = ?, done_on = ?,"
            " done_by = ?, done_note = ?, returned_reason = NULL",
            values=(db_time(now), db_date(done_on), person_id, note), condition=_OPEN_SQL_UNALIASED,
            by=person_id, now=now, fields=("status", "percent", "done_on"),
        )

    async def return_assignment(self, assignment_id: int, by: int | None, reason: str,
                                now: datetime) -> Assignment | None:
        """done -> returned (open again) with the office's reason."""
        return await self._change(
            assignment_id, action="return", sets="status = 'returned', done_at = NULL, done_on = NULL,"
            " done_by = NULL, returned_reason = ?", values=(reason,), condition="status = 'done'",
            by=by, now=now, fields=("status", "done_on"),
        )

    async def set_deadline(self, assignment_id: int, new_date: date | None, by: int | None,
                           now: datetime) -> Assignment | None:
        """Move this assignment's current deadline (an approved extension, or the office)."""
        return await self._change(
            assignment_id, action="set_deadline", sets="deadline = ?", values=(db_date(new_date),),
            condition="1 = 1", by=by, now=now, fields=("deadline",),
        )

    async def snooze(self, assignment_id: int, until: datetime, now: datetime, *,
                     max_count: int = 2, by: int | None = None) -> Assignment | None:
        """Postpone reminders until `until`; None once max_count snoozes were used."""
        return await self._change(
            assignment_id, action="snooze", sets="snoozed_until = ?, snooze_count = snooze_count + 1",
            values=(db_time(until),), condition=f"snooze_count < {int(max_count):d}", by=by, now=now,
            fields=("snooze_count", "snoozed_until"),
        )

    # --- sweep and digest queries -------------------------------------------------------------------
    async def overdue(self, today: date) -> list[Assignment]:
        """Open assignments of published notices whose current deadline is before today."""
        return await self._select(f"{OPEN_SQL} AND a.deadline < ? AND n.status = 'published'",
                                  (db_date(today),), by_assignment=True)

    async def due_between(self, start: date, end: date) -> list[Assignment]:
        """Open assignments of published notices due in [start, end]."""
        return await self._select(f"{OPEN_SQL} AND a.deadline BETWEEN ? AND ? AND n.status = 'published'",
                                  (db_date(start), db_date(end)), by_assignment=True)

    async def open_published(self, *, recurring_only: bool = False) -> list[Assignment]:
        """Every open assignment of a published notice (recurring tasks only, if asked)."""
        extra = " AND t.recurrence IS NOT NULL" if recurring_only else ""
        return await self._select(f"{OPEN_SQL} AND n.status = 'published'{extra}")

    async def open_without_progress_since(self, cutoff: datetime, *,
                                          no_deadline_only: bool = True) -> list[Assignment]:
        """Open assignments whose last progress (or publication, if none) is before cutoff."""
        extra = " AND a.deadline IS NULL" if no_deadline_only else ""
        return await self._select(
            f"{OPEN_SQL} AND n.status = 'published'"
            f" AND COALESCE(a.last_progress_at, n.published_at) < ?{extra}",
            (db_time(cutoff),), by_assignment=True,
        )

    async def not_acknowledged(self, notice_id: int | None = None) -> list[Assignment]:
        """Delivered (published) but not yet acknowledged, optionally for one notice; by notice, then
        unit name in Vietnamese order."""
        found = await self._select(
            "a.status = 'new' AND a.withdrawn_at IS NULL AND n.status = 'published'"
            " AND (? IS NULL OR t.notice_id = ?)",
            (notice_id, notice_id), " ORDER BY t.notice_id, a.id",
        )
        return sorted(found, key=lambda a: (a.notice_id, vn_key(a.unit_name)))

    async def digest_counts(
        self, period_start: date | None, period_end: date, today: date, unit_id: int | None = None,
        notice_id: int | None = None,
    ) -> list[DigestRow]:
        """The four official buckets per unit, over published notices published by period_end:
        done on time / done late = done within [period_start, period_end] (no lower bound if None)
        against the current deadline; open within term / overdue = open now, by `today`."""
        end_utc = datetime.combine(period_end + timedelta(days=1), time(), self.tz).astimezone(UTC)
        done_in = "a.status = 'done' AND a.done_on <= :end AND (:start IS NULL OR a.done_on >= :start)"
        rows = await self.db.fetch_all(
            "SELECT a.unit_id, u.name AS unit_name,"  # noqa: S608 - fragments are module constants
            f" {_count(f'{done_in} AND (a.deadline IS NULL OR a.done_on <= a.deadline)')} AS done_on_time,"
            f" {_count(f'{done_in} AND a.deadline IS NOT NULL AND a.done_on > a.deadline')} AS done_late,"
            f" {_count(f'{OPEN_SQL} AND (a.deadline IS NULL OR a.deadline >= :today)')} AS open_in_term,"
            f" {_count(f'{OPEN_SQL} AND a.deadline IS NOT NULL AND a.deadline < :today')} AS overdue"
            " FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN notices n ON n.id = t.notice_id"
            " JOIN units u ON u.id = a.unit_id"
            " WHERE a.tenant_id = :tenant AND n.status = 'published' AND n.published_at < :end_utc"
            f" AND ({OPEN_SQL} OR ({done_in}))"
            " AND (:unit_id IS NULL OR a.unit_id = :unit_id)"
            " AND (:notice_id IS NULL OR t.notice_id = :notice_id)"
            " GROUP BY a.unit_id, u.name",
            {"tenant": self.tenant_id, "start": db_date(period_start), "end": db_date(period_end),
             "today": db_date(today),
             "end_utc": db_time(end_utc), "unit_id": unit_id, "notice_id": notice_id},
        )
        found = [DigestRow.model_validate(dict(row)) for row in rows]
        return sorted(found, key=lambda r: (vn_key(r.unit_name), r.unit_id))

