"""Reminder bookkeeping: which reminder went out for which assignment and period, snoozes, days off."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import date, datetime

from storage.models import Assignment, DayOff, ReminderSent
from storage.repositories.assignments import (
    _OPEN_SQL_UNALIASED,
    _SELECT_BY_ASSIGNMENT,
    OPEN_SQL,
    AssignmentRepository,
)
from storage.repositories.base import Repository, db_date, db_time

# Stored for an assignment nothing can ever be due for (closed, withdrawn): after every real moment.
NEVER = "9999-12-31T00:00:00+00:00"


class ReminderRepository(Repository):
    async def record(self, assignment_id: int, kind: str, period: str, now: datetime) -> bool:
        """True the first time (assignment, kind, period) is recorded; False for a repeat."""
        async with self.db.transaction():
            count = await self.db.execute(
                "INSERT INTO reminders_sent (assignment_id, kind, period, sent_at)"
                " SELECT id, ?, ?, ? FROM assignments WHERE id = ? AND tenant_id = ?"
                " ON CONFLICT (assignment_id, kind, period) DO NOTHING",
                (kind, period, db_time(now), assignment_id, self.tenant_id),
            )
        return count == 1

    async def record_many(self, entries: Iterable[tuple[int, str, str]], now: datetime) -> int:
        """Record (assignment_id, kind, period) entries in one statement (joins the caller's transaction);
        returns how many were new, so a caller can tell that another sweep got there first."""
        rows = [(kind, period, db_time(now), assignment_id, self.tenant_id)
                for assignment_id, kind, period in entries]
        async with self.db.transaction():
            return await self.db.execute_many(
                # from the tenant's own assignment: another tenant's id records nothing
                "INSERT INTO reminders_sent (assignment_id, kind, period, sent_at)"
                " SELECT id, ?, ?, ? FROM assignments WHERE id = ? AND tenant_id = ?"
                " ON CONFLICT (assignment_id, kind, period) DO NOTHING",
                rows,
            )

    async def sent_for(self, assignment_id: int) -> list[ReminderSent]:
        rows = await self.db.fetch_all(
            "SELECT r.* FROM reminders_sent r JOIN assignments a ON a.id = r.assignment_id"
            " WHERE r.assignment_id = ? AND a.tenant_id = ? ORDER BY r.sent_at, r.id",
            (assignment_id, self.tenant_id),
        )
        return [ReminderSent.model_validate(dict(row)) for row in rows]

    async def open_for_sweep(self) -> list[Assignment]:
        """Every open assignment of a published notice, unordered: the preview's full re-plan (the minute
        sweep reads `due_by`). Rows become models in a worker thread, off the event loop."""
        rows = await self.db.fetch_all(
            f"{_SELECT_BY_ASSIGNMENT} WHERE a.tenant_id = ? AND {OPEN_SQL} AND n.status = 'published'",
            (self.tenant_id,),
        )
        return await asyncio.to_thread(lambda: [Assignment.model_validate(dict(row)) for row in rows])

    # --- the stored schedule (migration 0005): what the minute sweep selects by ----------------------
    async def unplanned(self, limit: int) -> list[int]:
        """Open assignments of published notices whose next reminder moment is not known yet."""
        rows = await self.db.fetch_all(
            "SELECT a.id FROM assignments a CROSS JOIN tasks t ON t.id = a.task_id"  # noqa: S608 - constant
            f" JOIN notices n ON n.id = t.notice_id WHERE {OPEN_SQL} AND a.next_reminder_at IS NULL"
            " AND a.tenant_id = ? AND n.status = 'published' ORDER BY a.id LIMIT ?",
            (self.tenant_id, limit),
        )
        return [row["id"] for row in rows]

    async def due_by(self, now: datetime, limit: int) -> list[int]:
        """Open assignments of published notices that can have a reminder due at `now`, unit by unit
        (one unit's items stay in one sweep when a busy morning is split), at most `limit`."""
        # INDEXED BY (SQLite's; dropped on PostgreSQL): the tenant's open-by-unit index (0012) gives the
        # ORDER BY for free, and SQLite's planner then prefers walking every open row of the tenant (0.15 s
        # at 100,000 tasks) to the few that are due.
        rows = await self.db.fetch_all(
            "SELECT a.id FROM assignments a INDEXED BY assignments_next_reminder"  # noqa: S608 - constant
            f" CROSS JOIN tasks t ON t.id = a.task_id JOIN notices n ON n.id = t.notice_id WHERE {OPEN_SQL}"
            " AND a.next_reminder_at <= ?"
            " AND a.tenant_id = ? AND n.status = 'published' ORDER BY a.unit_id, a.id LIMIT ?",
            (db_time(now), self.tenant_id, limit),
        )
        return [row["id"] for row in rows]

    async def for_sweep(self, ids: list[int]) -> list[Assignment]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = await self.db.fetch_all(f"{_SELECT_BY_ASSIGNMENT} WHERE a.id IN ({marks}) AND a.tenant_id = ?",
                                       (*ids, self.tenant_id))
        return [Assignment.model_validate(dict(row)) for row in rows]

    async def sent_for_ids(self, ids: list[int]) -> dict[int, list[tuple[str, str]]]:
        sent: dict[int, list[tuple[str, str]]] = {}
        if not ids:
            return sent
        marks = ",".join("?" * len(ids))
        rows = await self.db.fetch_all(
            "SELECT r.assignment_id, r.kind, r.period FROM reminders_sent r"  # noqa: S608 - marks only
            f" JOIN assignments a ON a.id = r.assignment_id WHERE r.assignment_id IN ({marks})"
            " AND a.tenant_id = ?",
            (*ids, self.tenant_id),
        )
        for row in rows:
            sent.setdefault(row["assignment_id"], []).append((row["kind"], row["period"]))
        return sent

    async def deadline_changes_for(self, ids: list[int]) -> dict[int, datetime]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = await self.db.fetch_all(
            "SELECT entity_id, MAX(at) AS at FROM audit WHERE entity = 'assignment'"  # noqa: S608
            f" AND entity_id IN ({marks}) AND action = 'set_deadline' AND tenant_id = ? GROUP BY entity_id",
            (*ids, self.tenant_id),
        )
        return {row["entity_id"]: datetime.fromisoformat(row["at"]) for row in rows}

    async def schedule_versions(self, ids: list[int]) -> dict[int, int]:
        """Each assignment's schedule_version: read before its row, checked when its moment is stored."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = await self.db.fetch_all(
            f"SELECT id, schedule_version FROM assignments WHERE id IN ({marks}) AND tenant_id = ?",  # noqa: S608
            (*ids, self.tenant_id),
        )
        return {row["id"]: row["schedule_version"] for row in rows}

    async def set_next(
        self, moments: Iterable[tuple[int, datetime | None]], versions: dict[int, int]
    ) -> None:
        """Store each assignment's next reminder moment (None: nothing can ever be due), unless the row
        changed since its version was read: then it stays unplanned and the next sweep plans it."""
        rows = [(db_time(moment) if moment is not None else NEVER, assignment_id, self.tenant_id,
                 versions.get(assignment_id)) for assignment_id, moment in moments]
        async with self.db.transaction():
            await self.db.execute_many(
                "UPDATE assignments SET next_reminder_at = ? WHERE id = ? AND tenant_id = ?"
                " AND schedule_version = ?", rows
            )

    async def replan_all(self, chunk: int = 1000) -> int:
        """Forget every stored moment of the tenant: the next sweep plans each open assignment again. A
        chunk per transaction (one over every open assignment held the write lock for seconds, and every
        press's write waited behind it); rows already unplanned are not written again."""
        forgotten = 0
        while True:
            async with self.db.transaction():
                count = await self.db.execute(
                    "UPDATE assignments SET next_reminder_at = NULL WHERE id IN (SELECT id FROM assignments"  # noqa: S608
                    # The planned open rows by their moment (migration 0005): SQLite's planner otherwise
                    # walks every open row of the tenant to find none (0.2-0.3 s at 100,000 tasks, inside
                    # the write transaction, at every policy change and on the first start).
                    " INDEXED BY assignments_next_reminder"
                    f" WHERE tenant_id = ? AND {_OPEN_SQL_UNALIASED} AND next_reminder_at IS NOT NULL"
                    " LIMIT ?)",
                    (self.tenant_id, chunk),
                )
            forgotten += count
            if count < chunk:
                return forgotten

    async def schedule_fingerprint(self) -> str | None:
        value = await self.db.fetch_value("SELECT fingerprint FROM reminder_schedule WHERE tenant_id = ?",
                                          (self.tenant_id,))
        return None if value is None else str(value)

    async def set_schedule_fingerprint(self, fingerprint: str) -> None:
        async with self.db.transaction():
            await self.db.execute(
                "INSERT INTO reminder_schedule (tenant_id, fingerprint) VALUES (?, ?)"
                " ON CONFLICT (tenant_id) DO UPDATE SET fingerprint = excluded.fingerprint",
                (self.tenant_id, fingerprint),
            )

    async def sent_for_open(self) -> dict[int, list[tuple[str, str]]]:
        """(kind, period) of every reminder recorded for an open assignment, for the sweep's dedup."""
        rows = await self.db.fetch_all(
            "SELECT r.assignment_id, r.kind, r.period FROM reminders_sent r"  # noqa: S608 - constant
            f" JOIN assignments a ON a.id = r.assignment_id WHERE a.tenant_id = ? AND {OPEN_SQL}",
            (self.tenant_id,),
        )
        sent: dict[int, list[tuple[str, str]]] = {}
        for row in rows:
            sent.setdefault(row["assignment_id"], []).append((row["kind"], row["period"]))
        return sent

    async def deadline_changes(self) -> dict[int, datetime]:
        """When each assignment's current deadline was last set (an approved extension or the office's
        edit), from the audit trail; assignments never changed are absent."""
        rows = await self.db.fetch_all(
            "SELECT entity_id, MAX(at) AS at FROM audit WHERE entity = 'assignment'"
            " AND action = 'set_deadline' AND tenant_id = ? GROUP BY entity_id",
            (self.tenant_id,),
        )
        return {row["entity_id"]: datetime.fromisoformat(row["at"]) for row in rows}

    async def change_marker(self) -> str:
        """Changes whenever anything that decides reminders changes (audited changes, people's chats and
        reachability, assignments, days off); the sweep skips a minute in which it stayed the same."""
        row = await self.db.fetch_one(
            "SELECT (SELECT MAX(id) FROM audit WHERE tenant_id = :t), (SELECT MAX(updated_at) FROM people),"
            " (SELECT MAX(updated_at) FROM assignments WHERE tenant_id = :t),"
            " (SELECT COUNT(*) FROM days_off WHERE tenant_id = :t),"
            " (SELECT MAX(created_at) FROM days_off WHERE tenant_id = :t)",
            {"t": self.tenant_id},
        )
        return "|".join(str(value) for value in (row or ()))

    async def count(self, assignment_id: int, kind: str | None = None) -> int:
        return int(await self.db.fetch_value(
            "SELECT COUNT(*) FROM reminders_sent r JOIN assignments a ON a.id = r.assignment_id"
            " WHERE r.assignment_id = ? AND a.tenant_id = ? AND (? IS NULL OR r.kind = ?)",
            (assignment_id, self.tenant_id, kind, kind),
        ))

    async def snooze(self, assignment_id: int, until: datetime, now: datetime, *, max_count: int = 2,
                     by: int | None = None) -> Assignment | None:
        """Postpone this assignment's reminders until `until`; None once max_count snoozes were used."""
        return await AssignmentRepository(self.db, self.tenant_id, self.tz).snooze(
            assignment_id, until, now, max_count=max_count, by=by
        )

    async def add_day_off(self, day: date, reason: str, *, added_by: int | None = None,
                          now: datetime) -> bool:
        """An extra day without reminders (on top of weekends and public holidays). False if known."""
        async with self.db.transaction():
            count = await self.db.execute(
                "INSERT INTO days_off (tenant_id, day, reason, added_by, created_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (tenant_id, day) DO NOTHING",
                (self.tenant_id, db_date(day), reason, added_by, db_time(now)),
            )
            if count:
                await self._audit(at=now, actor_id=added_by, action="add", entity="day_off", entity_id=None,
                                  after={"day": db_date(day), "reason": reason})
        return count == 1

    async def days_off(self, start: date, end: date) -> list[DayOff]:
        rows = await self.db.fetch_all(
            "SELECT * FROM days_off WHERE tenant_id = ? AND day BETWEEN ? AND ? ORDER BY day",
            (self.tenant_id, db_date(start), db_date(end)),
        )
        return [DayOff.model_validate(dict(row)) for row in rows]
