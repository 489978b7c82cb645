"""The digest's lists for all units, counted and cut in SQL (issue 11): only the rows a message shows
become models. Each list says the same thing as the per-assignment filters in bot.services.digest over one
unit or notice, and "overdue" is the report's: open (storage.models' definition, OPEN_SQL), not withdrawn,
on a published notice, its current deadline before today (reports.py counts the same rows per unit).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from storage.models import Assignment
from storage.repositories.assignments import _SELECT_BY_ASSIGNMENT, OPEN_SQL
from storage.repositories.base import Repository, db_date, db_time

# Open assignments of published notices; the CROSS JOIN keeps assignments outer, on their partial index.
_OPEN_FROM = (
    " FROM assignments a CROSS JOIN tasks t ON t.id = a.task_id JOIN notices n ON n.id = t.notice_id"
    " JOIN units u ON u.id = a.unit_id"
)
_OPEN_WHERE = f" WHERE {OPEN_SQL} AND n.status = 'published'"
OVERDUE = "a.deadline < :today"
DUE_BETWEEN = "a.deadline BETWEEN :start AND :end"


class DigestListRepository(Repository):
    async def _top(self, condition: str, order: str, params: dict[str, Any], limit: int
                   ) -> tuple[list[Assignment], int]:
        # condition/order are this module's constants; values are named parameters.
        total = await self.db.fetch_value(
            f"SELECT COUNT(*){_OPEN_FROM}{_OPEN_WHERE} AND {condition}", params
        )
        rows = await self.db.fetch_all(
            f"{_SELECT_BY_ASSIGNMENT}{_OPEN_WHERE} AND {condition} ORDER BY {order} LIMIT :limit",
            {**params, "limit": limit},
        )
        return [Assignment.model_validate(dict(row)) for row in rows], int(total or 0)

    async def overdue_top(self, today: date, limit: int) -> tuple[list[Assignment], int]:
        """The `limit` most overdue (then by unit name, id) and how many are overdue in all."""
        return await self._top(OVERDUE, "a.deadline, u.name, a.id", {"today": db_date(today)}, limit)

    async def due_between_top(self, start: date, end: date, limit: int) -> tuple[list[Assignment], int]:
        """The first `limit` due in [start, end] (by deadline, notice, id) and how many in all."""
        return await self._top(DUE_BETWEEN, "a.deadline, t.notice_id, a.id",
                               {"start": db_date(start), "end": db_date(end)}, limit)

    async def pending_acknowledgements_top(self, limit: int) -> tuple[list[dict[str, Any]], int]:
        """(notice, unit) pairs with tasks delivered but not acknowledged, oldest delivery first."""
        grouped = (
            " FROM assignments a CROSS JOIN tasks t ON t.id = a.task_id JOIN notices n ON n.id = t.notice_id"
            " JOIN units u ON u.id = a.unit_id"
            " WHERE a.status = 'new' AND a.withdrawn_at IS NULL AND n.status = 'published'"
            " GROUP BY t.notice_id, a.unit_id"
        )
        total = await self.db.fetch_value(f"SELECT COUNT(*) FROM (SELECT 1{grouped})")  # noqa: S608
        rows = await self.db.fetch_all(
            "SELECT a.unit_id, u.name AS unit_name, t.notice_id, n.number AS notice_number,"
            f" n.published_at, COUNT(*) AS tasks{grouped} ORDER BY n.published_at, u.name, t.notice_id"
            " LIMIT :limit",
            {"limit": limit},
        )
        return [dict(row) for row in rows], int(total or 0)

    async def recurring_without_progress_top(
        self, period_starts: dict[str, datetime], limit: int
    ) -> tuple[list[Assignment], int]:
        """Open recurring assignments published before their current period began (`period_starts`: the
        recurrence value -> the period's first moment, UTC) with no progress since; by unit name, id."""
        cases = " ".join(f"WHEN :r{i} THEN :s{i}" for i in range(len(period_starts)))
        params: dict[str, Any] = {}
        for i, (recurrence, start) in enumerate(sorted(period_starts.items())):
            params[f"r{i}"], params[f"s{i}"] = recurrence, db_time(start)
        if not cases:
            return [], 0
        condition = (
            f"t.recurrence IS NOT NULL AND (CASE t.recurrence {cases} END) IS NOT NULL"
            f" AND COALESCE(n.published_at, a.created_at) < (CASE t.recurrence {cases} END)"
            f" AND (a.last_progress_at IS NULL OR a.last_progress_at < (CASE t.recurrence {cases} END))"
        )
        return await self._top(condition, "u.name, a.id", params, limit)

    async def unreachable_heads(self, unit_ids: Sequence[int] | None = None) -> list[dict[str, Any]]:
        """Heads and deputies Telegram cannot reach, one row per (person, unit), units by name."""
        rows = await self.db.fetch_all(
            "SELECT p.id AS person_id, p.display_name, u.id AS unit_id, u.name AS unit_name"
            " FROM roles r JOIN people p ON p.id = r.person_id JOIN units u ON u.id = r.unit_id"
            " WHERE r.role IN ('head', 'deputy') AND p.reachable = 0"
            " ORDER BY u.name COLLATE NOCASE, r.role DESC, r.id"
        )
        wanted = None if unit_ids is None else set(unit_ids)
        return [dict(row) for row in rows if wanted is None or row["unit_id"] in wanted]
