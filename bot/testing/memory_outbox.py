"""An in-memory OutboxStore with the semantics storage must have: claims are leased and counted."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any


@dataclass
class Row:
    id: int
    chat_id: int
    kind: str
    payload: dict[str, Any]
    next_attempt_at: datetime
    attempts: int = 0
    priority: int = 1
    claimed_by: str | None = None
    status: str = "pending"
    leased_until: datetime | None = None
    telegram_message_id: int | None = None
    error: str | None = None
    done_at: datetime | None = None


@dataclass
class MemoryOutbox:
    rows: dict[int, Row] = field(default_factory=dict)

    def add(self, chat_id: int, now: datetime, kind: str = "message", **payload: Any) -> int:
        row_id = len(self.rows) + 1
        self.rows[row_id] = Row(row_id, chat_id, kind, {"parse_mode": "HTML", **payload}, now)
        return row_id

    async def claim_due(self, now: datetime, limit: int, lease_seconds: float, owner: str = "") -> list[Row]:
        due = [
            row for row in sorted(self.rows.values(), key=lambda r: (r.priority, r.id))
            if row.status == "pending" and row.next_attempt_at <= now
            and (row.leased_until is None or row.leased_until <= now)
        ][:limit]
        for row in due:
            row.leased_until = now + timedelta(seconds=lease_seconds)
            row.attempts += 1
            row.claimed_by = owner
        # Copies: what the sender claimed must not change under it (a Row is a bot.outbox.ClaimedMessage).
        return [replace(row) for row in due]

    async def claim_owners(self) -> list[str]:
        return sorted({r.claimed_by for r in self.rows.values() if r.claimed_by and r.status == "pending"})

    async def release_claims(self, owner: str, now: datetime) -> int:
        mine = [r for r in self.rows.values() if r.claimed_by == owner and r.status == "pending"]
        for row in mine:
            row.claimed_by, row.leased_until, row.next_attempt_at = None, None, now
        return len(mine)

    async def mark_sent(self, id: int, telegram_message_id: int | None, now: datetime) -> None:
        row = self.rows[id]
        row.status, row.done_at, row.leased_until, row.claimed_by = "sent", now, None, None
        row.telegram_message_id = telegram_message_id

    async def retry_later(self, id: int, next_attempt_at: datetime, error: str) -> None:
        row = self.rows[id]
        row.next_attempt_at, row.error, row.leased_until, row.claimed_by = next_attempt_at, error, None, None

    async def mark_failed(self, id: int, error: str, now: datetime) -> None:
        row = self.rows[id]
        row.status, row.error, row.done_at = "failed", error, now
        row.leased_until = row.claimed_by = None
