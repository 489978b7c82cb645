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

# "Of a published notice" as the exclusion of the few tasks of drafts and withdrawn notices: each row is
# then judged from the index alone, where joining its task and notice cost two lookups per row.
_UNPUBLISHED_TASKS = (
    "SELECT t.id FROM notices n JOIN tasks t ON t.notice_id = n.id WHERE n.tenant_id = :tenant"
    " AND n.status IN ('draft', 'withdrawn')"
)
# Open assignments by deadline (migration 0005, partial and covering). INDEXED BY is SQLite's: its planner
# otherwise prefers the older (status, deadline) index, which needs every row from the table.
_OPEN_BY_DEADLINE = " FROM assignments a INDEXED BY assignments_open_by_deadline"
_OPEN_WHERE = f" WHERE a.tenant_id = :tenant AND {OPEN_SQL} AND a.task_id NOT IN ({_UNPUBLISHED_TASKS})"
OVERDUE = "a.deadline < :today"
DUE_BETWEEN = "a.deadline BETWEEN :start AND :end"


def _first_notices(per_notice: Sequence[Any], limit: int) -> list[int]:
    """The notices, in order of delivery, whose pairs make the first `limit`: every later notice was
    delivered strictly later, so none of its pairs can come first (notices delivered at the same moment
    are taken or left together, as the unit name orders their pairs)."""
    chosen: list[int] = []
    pairs = 0
    if limit <= 0:
        return chosen
    for row in per_notice:
        if pairs >= limit and row["published_at"] != per_notice[len(chosen) - 1]["published_at"]:
            break
        chosen.append(row["notice_id"])
        pairs += int(row["pairs"])
    return chosen


class DigestListRepository(Repository):
    async def _top(self, condition: str, order: str, params: dict[str, Any], limit: int
                   ) -> tuple[list[Assignment], int]:
        # condition/order are this module's constants; values are named parameters. The count reads
        # the index only; the top rows are picked by id first, then only they are read in full.
        params = {**params, "tenant": self.tenant_id}
        total = await self.db.fetch_value(
            f"SELECT COUNT(*){_OPEN_BY_DEADLINE}{_OPEN_WHERE} AND {condition}", params
        )
        ids = [row["id"] for row in await self.db.fetch_all(
            f"SELECT a.id{_OPEN_BY_DEADLINE} JOIN units u ON u.id = a.unit_id"
            f" JOIN tasks t ON t.id = a.task_id{_OPEN_WHERE} AND {condition} ORDER BY {order} LIMIT :limit",
            {**params, "limit": limit},
        )]
        return await self._in_order(ids), int(total or 0)

    async def _in_order(self, ids: list[int]) -> list[Assignment]:
        if not ids:
            return []
        marks = ", ".join(f":i{n}" for n in range(len(ids)))
        rows = await self.db.fetch_all(
            f"{_SELECT_BY_ASSIGNMENT} WHERE a.tenant_id = :tenant AND a.id IN ({marks})",
            {"tenant": self.tenant_id, **{f"i{n}": value for n, value in enumerate(ids)}},
        )
        found = {row["id"]: Assignment.model_validate(dict(row)) for row in rows}
        return [found[i] for i in ids if i in found]

    async def overdue_top(self, today: date, limit: int) -> tuple[list[Assignment], int]:
        """The `limit` most overdue (then by unit name, id) and how many are overdue in all."""
        return await self._top(OVERDUE, "a.deadline, u.name, a.id", {"today": db_date(today)}, limit)

    async def due_between_top(self, start: date, end: date, limit: int) -> tuple[list[Assignment], int]:
        """The first `limit` due in [start, end] (by deadline, notice, id) and how many in all."""
        return await self._top(DUE_BETWEEN, "a.deadline, t.notice_id, a.id",
                               {"start": db_date(start), "end": db_date(end)}, limit)

    async def pending_acknowledgements_top(self, limit: int) -> tuple[list[dict[str, Any]], int]:
        """(notice, unit) pairs with tasks delivered but not acknowledged, oldest delivery first."""
        # Nearly every unacknowledged row is a pair of its own (17k rows, 17k pairs at 100,000 tasks):
        # grouping them all and sorting the groups by notice and unit name cost more than the rest of
        # the list. Pairs are counted per notice instead (a thin index gives each task's notice), in
        # the order of delivery; only the first notices that hold `limit` pairs are grouped in full.
        per_notice = await self.db.fetch_all(
            "SELECT p.notice_id, n.published_at, p.pairs FROM (SELECT t.notice_id,"
            " COUNT(DISTINCT a.unit_id) AS pairs FROM assignments a INDEXED BY assignments_new_by_task"
            " JOIN tasks t INDEXED BY tasks_notice_of ON t.id = a.task_id"
            " WHERE a.tenant_id = :tenant AND a.status = 'new' AND a.withdrawn_at IS NULL"
            " GROUP BY t.notice_id) p JOIN notices n ON n.id = p.notice_id"
            " WHERE n.tenant_id = :tenant AND n.status = 'published' ORDER BY n.published_at, n.id",
            {"tenant": self.tenant_id},
        )
        total = sum(int(row["pairs"]) for row in per_notice)
        first = _first_notices(per_notice, limit)
        if not first:
            return [], total
        marks = ", ".join(f":n{i}" for i in range(len(first)))
        rows = await self.db.fetch_all(
            "SELECT g.unit_id, u.name AS unit_name, g.notice_id, n.number AS notice_number,"  # noqa: S608
            " n.published_at, g.tasks FROM (SELECT t.notice_id, a.unit_id, COUNT(*) AS tasks"
            " FROM tasks t CROSS JOIN assignments a INDEXED BY assignments_new_by_task"
            " ON a.tenant_id = :tenant AND a.task_id = t.id AND a.status = 'new' AND a.withdrawn_at IS NULL"
            f" WHERE t.notice_id IN ({marks}) GROUP BY t.notice_id, a.unit_id) g"
            " JOIN notices n ON n.id = g.notice_id JOIN units u ON u.id = g.unit_id"
            " ORDER BY n.published_at, u.name, g.notice_id LIMIT :limit",
            {"tenant": self.tenant_id, "limit": limit, **{f"n{i}": value for i, value in enumerate(first)}},
        )
        return [dict(row) for row in rows], total

    async def recurring_without_progress_top(
        self, period_starts: dict[str, datetime], limit: int
    ) -> tuple[list[Assignment], int]:
        """Open recurring assignments published before their current period began (`period_starts`: the
        recurrence value -> the period's first moment, UTC) with no progress since; by unit name, id."""
        cases = " ".join(f"WHEN :r{i} THEN :s{i}" for i in range(len(period_starts)))
        params: dict[str, Any] = {"tenant": self.tenant_id}
        for i, (recurrence, moment) in enumerate(sorted(period_starts.items())):
            params[f"r{i}"], params[f"s{i}"] = recurrence, db_time(moment)
        if not cases:
            return [], 0
        start = f"(CASE t.recurrence {cases} END)"
        # Recurring tasks are few: start from them (partial index), not from every open assignment.
        matching = (
            " FROM tasks t INDEXED BY tasks_recurring CROSS JOIN assignments a ON a.task_id = t.id"
            " JOIN notices n ON n.id = t.notice_id JOIN units u ON u.id = a.unit_id"
            f" WHERE t.tenant_id = :tenant AND t.recurrence IS NOT NULL AND {OPEN_SQL}"
            " AND n.status = 'published'"
            f" AND {start} IS NOT NULL AND COALESCE(n.published_at, a.created_at) < {start}"
            f" AND (a.last_progress_at IS NULL OR a.last_progress_at < {start})"
        )
        rows = await self.db.fetch_all(
            f"SELECT a.id, COUNT(*) OVER () AS total{matching} ORDER BY u.name, a.id LIMIT :limit",
            {**params, "limit": limit},
        )
        return await self._in_order([row["id"] for row in rows]), int(rows[0]["total"]) if rows else 0

    async def open_at_least(self, count: int) -> bool:
        """Whether the tenant has `count` open assignments or more (reads at most that many index rows)."""
        found = await self.db.fetch_value(
            f"SELECT COUNT(*) FROM (SELECT 1{_OPEN_BY_DEADLINE} WHERE a.tenant_id = ? AND {OPEN_SQL}"  # noqa: S608 - constants
            " LIMIT ?) open_rows", (self.tenant_id, count))
        return int(found or 0) >= count

    async def unreachable_heads(self, unit_ids: Sequence[int] | None = None) -> list[dict[str, Any]]:
        """Heads and deputies Telegram cannot reach, one row per (person, unit), units by name."""
        rows = await self.db.fetch_all(
            "SELECT p.id AS person_id, p.display_name, u.id AS unit_id, u.name AS unit_name"
            " FROM roles r JOIN people p ON p.id = r.person_id JOIN units u ON u.id = r.unit_id"
            " WHERE r.tenant_id = ? AND r.role IN ('head', 'deputy') AND p.reachable = 0"
            " ORDER BY u.name COLLATE NOCASE, r.role DESC, r.id",
            (self.tenant_id,),
        )
        wanted = None if unit_ids is None else set(unit_ids)
        return [dict(row) for row in rows if wanted is None or row["unit_id"] in wanted]
