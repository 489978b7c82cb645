"""The audit trail: who did what to which row, with before/after of status and deadline changes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from storage.models import AuditEntry
from storage.repositories.base import Repository


class AuditRepository(Repository):
    async def record(
        self, *, at: datetime, actor_id: int | None, action: str, entity: str, entity_id: int | None,
        before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
    ) -> None:
        """For services that change something outside the repositories (e.g. an admin action)."""
        async with self.db.transaction():
            await self._audit(at=at, actor_id=actor_id, action=action, entity=entity, entity_id=entity_id,
                              before=before, after=after)

    async def for_entity(self, entity: str, entity_id: int) -> list[AuditEntry]:
        rows = await self.db.fetch_all(
            "SELECT * FROM audit WHERE entity = ? AND entity_id = ? AND tenant_id = ? ORDER BY id",
            (entity, entity_id, self.tenant_id),
        )
        return [AuditEntry.model_validate(dict(row)) for row in rows]

    async def recent(self, limit: int = 50) -> list[AuditEntry]:
        rows = await self.db.fetch_all("SELECT * FROM audit WHERE tenant_id = ? ORDER BY id DESC LIMIT ?",
                                       (self.tenant_id, limit))
        return [AuditEntry.model_validate(dict(row)) for row in rows]
