"""Message links: which notice/assignments a sent Telegram message was about, for replies and buttons."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from storage.models import MessageLink
from storage.repositories.base import Repository, db_json, db_time


class MessageLinkRepository(Repository):
    async def add(
        self, chat_id: int, message_id: int, notice_id: int | None, assignment_ids: Sequence[int], kind: str,
        now: datetime,
    ) -> MessageLink:
        """Idempotent per (chat, message): a second add replaces what the message is about."""
        async with self.db.transaction():
            row = await self.db.fetch_one(
                "INSERT INTO message_links (tenant_id, chat_id, message_id, kind, notice_id, assignment_ids,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (chat_id, message_id) DO UPDATE SET kind = excluded.kind,"
                " notice_id = excluded.notice_id, assignment_ids = excluded.assignment_ids"
                # a message is one tenant's: another tenant's write leaves it as it is
                " WHERE message_links.tenant_id = excluded.tenant_id RETURNING *",
                (self.tenant_id, chat_id, message_id, kind, notice_id, db_json(list(assignment_ids)),
                 db_time(now)),
            )
        if row is None:
            raise LookupError(f"message {message_id} in chat {chat_id} belongs to another tenant")
        return MessageLink.model_validate(dict(row))

    async def find(self, chat_id: int, message_id: int) -> MessageLink | None:
        row = await self.db.fetch_one(
            "SELECT * FROM message_links WHERE chat_id = ? AND message_id = ? AND tenant_id = ?",
            (chat_id, message_id, self.tenant_id),
        )
        return None if row is None else MessageLink.model_validate(dict(row))

    async def latest_views(self, notice_id: int, kinds: Sequence[str]) -> list[MessageLink]:
        """Per chat, the newest message of these kinds about the notice (where its view is shown)."""
        marks = ", ".join("?" for _ in kinds)
        rows = await self.db.fetch_all(
            f"SELECT * FROM message_links WHERE id IN (SELECT max(id) FROM message_links"  # noqa: S608 - marks only
            f" WHERE notice_id = ? AND tenant_id = ? AND kind IN ({marks}) GROUP BY chat_id) ORDER BY id",
            (notice_id, self.tenant_id, *kinds),
        )
        return [MessageLink.model_validate(dict(row)) for row in rows]
