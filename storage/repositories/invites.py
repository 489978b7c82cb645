"""Invites: hashed single-use tokens that let a head register for a unit."""

from __future__ import annotations

from datetime import datetime

from storage.models import Invite, RoleName
from storage.repositories.base import Repository, db_time


class InviteRepository(Repository):
    async def create(
        self, token_hash: str, unit_id: int | None, role: RoleName | str, created_by: int | None,
        expires_at: datetime, now: datetime, title: str | None = None,
    ) -> Invite:
        async with self.db.transaction():
            row = await self.db.fetch_one(
                "INSERT INTO invites (tenant_id, token_hash, unit_id, role, created_by, created_at,"
                " expires_at,"
                " title) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
                (self.tenant_id, token_hash, unit_id, str(RoleName(role)), created_by, db_time(now),
                 db_time(expires_at),
                 title),
            )
        assert row is not None
        return Invite.model_validate(dict(row))

    async def get(self, invite_id: int) -> Invite | None:
        row = await self.db.fetch_one("SELECT * FROM invites WHERE id = ? AND tenant_id = ?",
                                        (invite_id, self.tenant_id))
        return None if row is None else Invite.model_validate(dict(row))

    async def get_by_hash(self, token_hash: str) -> Invite | None:
        row = await self.db.fetch_one("SELECT * FROM invites WHERE token_hash = ? AND tenant_id = ?",
                                        (token_hash, self.tenant_id))
        return None if row is None else Invite.model_validate(dict(row))

    async def consume(self, token_hash: str, person_id: int, now: datetime) -> Invite | None:
        """One conditional UPDATE: the first use of an unexpired token wins; any other use gets None."""
        async with self.db.transaction():
            row = await self.db.fetch_one(
                "UPDATE invites SET used_by = ?, used_at = ?"
                " WHERE token_hash = ? AND tenant_id = ? AND used_at IS NULL AND expires_at > ? RETURNING *",
                (person_id, db_time(now), token_hash, self.tenant_id, db_time(now)),
            )
            if row is not None:
                await self._audit(at=now, actor_id=person_id, action="consume", entity="invite",
                                  entity_id=row["id"], before={"used": False}, after={"used": True})
        return None if row is None else Invite.model_validate(dict(row))
