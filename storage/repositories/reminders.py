"""Reminder bookkeeping: which reminder went out for which assignment and period, snoozes, days off."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import date, datetime

from storage.models import Assignment, DayOff, ReminderSent
from storage.repositories.assignments import _SELECT_BY_ASSIGNMENT, OPEN_SQL, AssignmentRepository
from storage.repositories.base import Repository, db_date, db_time


class ReminderRepository(Repository):
    async def record(self, assignment_id: int, kind: str, period: str, now: datetime) -> bool:
        """True the first time (assignment, kind, period) is recorded; False for a repeat."""
        async with self.db.transaction():
            count, _ = await self.db.execute(
                "INSERT INTO reminders_sent (assignment_id, kind, period, sent_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (assignment_id, kind, period) DO NOTHING",
                (assignment_id, kind, period, db_time(now)),
            )
        return count == 1

    async def record_many(self, entries: Iterable[tuple[int, str, str]], now: datetime) -> int:
        """Record (assignment_id, kind, period) entries in one statement (joins the caller's transaction);
        returns how many were new, so a caller can tell that another sweep got there first."""
        rows = [(assignment_id, kind, period, db_time(now)) for assignment_id, kind, period in entries]
        async with self.db.transaction():
            before = self.db.conn.total_changes
            await self.db.execute_many(
                "INSERT INTO reminders_sent (assignment_id, kind, period, sent_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (assignment_id, kind, period) DO NOTHING",
                rows,
            )
            return self.db.conn.total_changes - before

    async def sent_for(self, assignment_id: int) -> list[ReminderSent]:
        rows = await self.db.fetch_all(
            "SELECT * FROM reminders_sent WHERE assignment_id = ? ORDER BY sent_at, id", (assignment_id,)
        )
        return [ReminderSent.model_validate(dict(row)) for row in rows]

    async def open_for_sweep(self) -> list[Assignment]:
        """Every open assignment of a published notice, unordered (the sweep sorts what it sends). Rows
        become models in a worker thread: tens of thousands of them would hold the event loop a second."""
        rows = await self.db.fetch_all(
            f"{_SELECT_BY_ASSIGNMENT} WHERE {OPEN_SQL} AND n.status = 'published'"
        )
        return await asyncio.to_thread(lambda: [Assignment.model_validate(dict(row)) for row in rows])

    async def sent_for_open(self) -> dict[int, list[tuple[str, str]]]:
        """(kind, period) of every reminder recorded for an open assignment, for the sweep's dedup."""
        rows = await self.db.fetch_all(
            "SELECT r.assignment_id, r.kind, r.period FROM reminders_sent r"  # noqa: S608 - constant
            f" JOIN assignments a ON a.id = r.assignment_id WHERE {OPEN_SQL}"
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
            " AND action = 'set_deadline' GROUP BY entity_id"
        )
        return {row["entity_id"]: datetime.fromisoformat(row["at"]) for row in rows}

    async def change_marker(self) -> str:
        """Changes whenever anything that decides reminders changes (audited changes, people's chats and
        reachability, assignments, days off); the sweep skips a minute in which it stayed the same."""
        row = await self.db.fetch_one(
            "SELECT (SELECT MAX(id) FROM audit), (SELECT MAX(updated_at) FROM people),"
            " (SELECT MAX(updated_at) FROM assignments), (SELECT COUNT(*) FROM days_off),"
            " (SELECT MAX(created_at) FROM days_off)"
        )
        return "|".join(str(value) for value in (row or ()))

    async def count(self, assignment_id: int, kind: str | None = None) -> int:
        return int(await self.db.fetch_value(
            "SELECT COUNT(*) FROM reminders_sent WHERE assignment_id = ? AND (? IS NULL OR kind = ?)",
            (assignment_id, kind, kind),
        ))

    async def snooze(self, assignment_id: int, until: datetime, now: datetime, *, max_count: int = 2,
                     by: int | None = None) -> Assignment | None:
        """Postpone this assignment's reminders until `until`; None once max_count snoozes were used."""
        return await AssignmentRepository(self.db, self.tz).snooze(
            assignment_id, until, now, max_count=max_count, by=by
        )

    async def add_day_off(self, day: date, reason: str, *, added_by: int | None = None,
                          now: datetime) -> bool:
        """An extra day without reminders (on top of weekends and public holidays). False if known."""
        async with self.db.transaction():
            count, _ = await self.db.execute(
                "INSERT INTO days_off (day, reason, added_by, created_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (day) DO NOTHING",
                (db_date(day), reason, added_by, db_time(now)),
            )
            if count:
                await self._audit(at=now, actor_id=added_by, action="add", entity="day_off", entity_id=None,
                                  after={"day": db_date(day), "reason": reason})
        return count == 1

    async def days_off(self, start: date, end: date) -> list[DayOff]:
        rows = await self.db.fetch_all(
            "SELECT * FROM days_off WHERE day BETWEEN ? AND ? ORDER BY day", (db_date(start), db_date(end))
        )
        return [DayOff.model_validate(dict(row)) for row in rows]
