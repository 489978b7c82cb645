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

    async def claim_due(self, now: datetime, limit: int, lease_seconds: float) -> list[Row]:
        due = [
            row for row in sorted(self.rows.values(), key=lambda r: r.id)
            if row.status == "pending" and row.next_attempt_at <= now
            and (row.leased_until is None or row.leased_until <= now)
        ][:limit]
        for row in due:
            row.leased_until = now + timedelta(seconds=lease_seconds)
            row.attempts += 1
        # Copies: what the sender claimed must not change under it (a Row is a bot.outbox.ClaimedMessage).
        return [replace(row) for row in due]

    async def mark_sent(self, id: int, telegram_message_id: int | None, now: datetime) -> None:
        row = self.rows[id]
        row.status, row.done_at, row.leased_until = "sent", now, None
        row.telegram_message_id = telegram_message_id

    async def retry_later(self, id: int, next_attempt_at: datetime, error: str) -> None:
        row = self.rows[id]
        row.next_attempt_at, row.error, row.leased_until = next_attempt_at, error, None

    async def mark_failed(self, id: int, error: str, now: datetime) -> None:
        row = self.rows[id]
        row.status, row.error, row.done_at, row.leased_until = "failed", error, now, None
