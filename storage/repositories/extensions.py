"""Extension requests: a head asks for a new date; a leader approves or declines."""

from __future__ import annotations

from datetime import date, datetime

from storage.models import Extension
from storage.repositories.assignments import AssignmentRepository
from storage.repositories.base import Repository, db_date, db_time


class ExtensionRepository(Repository):
    async def request(
        self, assignment_id: int, by: int | None, proposed_date: date, reason: str, now: datetime
    ) -> Extension:
        async with self.db.transaction():
            row = await self.db.fetch_one(
                "INSERT INTO extensions (tenant_id, assignment_id, requested_by, previous_deadline,"
                " proposed_date, reason, created_at)"
                " SELECT tenant_id, id, ?, deadline, ?, ?, ? FROM assignments WHERE id = ? AND tenant_id = ?"
                " RETURNING *",
                (by, db_date(proposed_date), reason, db_time(now), assignment_id, self.tenant_id),
            )
            if row is None:
                raise LookupError(f"no assignment {assignment_id}")
            await self._audit(at=now, actor_id=by, action="request", entity="extension", entity_id=row["id"],
                              after={"decision": "pending", "proposed_date": db_date(proposed_date)})
        return Extension.model_validate(dict(row))

    async def decide(
        self, extension_id: int, approved: bool, by: int | None, now: datetime
    ) -> Extension | None:
        """pending -> approved/declined (None if already decided). Approval moves the assignment's
        current deadline to the proposed date in the same transaction."""
        decision = "approved" if approved else "declined"
        async with self.db.transaction():
            row = await self.db.fetch_one(
                "UPDATE extensions SET decision = ?, decided_by = ?, decided_at = ?"
                " WHERE id = ? AND tenant_id = ? AND decision = 'pending' RETURNING *",
                (decision, by, db_time(now), extension_id, self.tenant_id),
            )
            if row is None:
                return None
            extension = Extension.model_validate(dict(row))
            await self._audit(at=now, actor_id=by, action="decide", entity="extension",
                              entity_id=extension_id, before={"decision": "pending"},
                              after={"decision": decision})
            if approved:
                await AssignmentRepository(self.db, self.tenant_id, self.tz).set_deadline(
                    extension.assignment_id, extension.proposed_date, by, now
                )
        return extension

    async def get(self, extension_id: int) -> Extension | None:
        row = await self.db.fetch_one("SELECT * FROM extensions WHERE id = ? AND tenant_id = ?",
                                      (extension_id, self.tenant_id))
        return None if row is None else Extension.model_validate(dict(row))

    async def pending(self) -> list[Extension]:
        rows = await self.db.fetch_all(
            "SELECT * FROM extensions WHERE tenant_id = ? AND decision = 'pending' ORDER BY created_at, id",
            (self.tenant_id,),
        )
        return [Extension.model_validate(dict(row)) for row in rows]

    async def for_assignment(self, assignment_id: int) -> list[Extension]:
        rows = await self.db.fetch_all(
            "SELECT * FROM extensions WHERE assignment_id = ? AND tenant_id = ? ORDER BY created_at, id",
            (assignment_id, self.tenant_id),
        )
        return [Extension.model_validate(dict(row)) for row in rows]
