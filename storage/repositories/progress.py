"""Progress reports: a head's reply (text, percent, photos/documents) on an assignment."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from storage.models import Progress
from storage.repositories.base import Repository, db_json, db_time


class ProgressRepository(Repository):
    async def add(
        self, assignment_id: int, author_id: int | None, text: str, percent: int | None,
        file_ids: Sequence[str], chat_id: int | None, message_id: int | None, now: datetime,
    ) -> Progress:
        """Store the report and move the assignment: last_progress_at, percent if given, and an open
        assignment becomes in_progress (a done one stays done)."""
        if percent is not None and not 0 <= percent <= 100:
            raise ValueError("percent must be between 0 and 100")
        async with self.db.transaction():
            # INSERT … SELECT from the tenant's own assignment: another tenant's id inserts nothing
            row = await self.db.fetch_one(
                "INSERT INTO progress (tenant_id, assignment_id, author_id, text, percent, file_ids, chat_id,"
                " message_id, created_at) SELECT tenant_id, id, ?, ?, ?, ?, ?, ?, ? FROM assignments"
                " WHERE id = ? AND tenant_id = ? RETURNING *",
                (author_id, text, percent, db_json(list(file_ids)), chat_id, message_id, db_time(now),
                 assignment_id, self.tenant_id),
            )
            if row is None:
                raise LookupError(f"no assignment {assignment_id} in tenant {self.tenant_id}")
            before = await self.db.fetch_one("SELECT status, percent FROM assignments WHERE id = ?",
                                             (assignment_id,))
            await self.db.execute(
                "UPDATE assignments SET last_progress_at = ?, updated_at = ?,"
                " percent = CASE WHEN ? IS NULL OR status = 'done' THEN percent ELSE ? END,"
                " status = CASE WHEN status = 'done' THEN status ELSE 'in_progress' END WHERE id = ?",
                (db_time(now), db_time(now), percent, percent, assignment_id),
            )
            after = await self.db.fetch_one("SELECT status, percent FROM assignments WHERE id = ?",
                                            (assignment_id,))
            if before is not None and after is not None and tuple(before) != tuple(after):
                await self._audit(at=now, actor_id=author_id, action="progress", entity="assignment",
                                  entity_id=assignment_id, before=dict(before), after=dict(after))
        return Progress.model_validate(dict(row))

    async def update_from_edit(
        self, chat_id: int, message_id: int, text: str, percent: int | None, now: datetime
    ) -> Progress | None:
        """The head edited the reply: update the stored report (None if that message was no report)."""
        async with self.db.transaction():
            row = await self.db.fetch_one(
                "UPDATE progress SET text = ?, percent = COALESCE(?, percent), edited_at = ?"
                " WHERE chat_id = ? AND message_id = ? AND tenant_id = ? RETURNING *",
                (text, percent, db_time(now), chat_id, message_id, self.tenant_id),
            )
            if row is not None and percent is not None:
                await self.db.execute(
                    "UPDATE assignments SET percent = ?, updated_at = ? WHERE id = ? AND status <> 'done'",
                    (percent, db_time(now), row["assignment_id"]),
                )
        return None if row is None else Progress.model_validate(dict(row))

    async def for_assignment(self, assignment_id: int) -> list[Progress]:
        rows = await self.db.fetch_all(
            "SELECT * FROM progress WHERE assignment_id = ? AND tenant_id = ? ORDER BY created_at, id",
            (assignment_id, self.tenant_id),
        )
        return [Progress.model_validate(dict(row)) for row in rows]

    async def last_for_assignment(self, assignment_id: int) -> Progress | None:
        row = await self.db.fetch_one(
            "SELECT * FROM progress WHERE assignment_id = ? AND tenant_id = ?"
            " ORDER BY created_at DESC, id DESC LIMIT 1",
            (assignment_id, self.tenant_id),
        )
        return None if row is None else Progress.model_validate(dict(row))
