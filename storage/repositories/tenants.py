"""The deployment's own tables: its tenants (People's Committees), the committee each chat chose, and
what is asked of a person or an invite across tenants. Nothing here belongs to one tenant."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from storage.models import RoleName, Tenant, TenantKind
from storage.repositories.assignments import OPEN_SQL
from storage.repositories.base import DeploymentRepository, db_json, db_time

# the tenant every migrated database has (an office's database from before tenants became it)
FIRST_TENANT = 1


class RemindersDue(BaseModel):
    """What a tenant's sweep would find at a moment: how many stored moments have passed and the latest
    of them, whether open assignments wait for a moment, and the policy the stored moments were planned
    with (reminder_schedule). Equal values mean the same work."""

    model_config = ConfigDict(frozen=True)

    passed: int = 0
    latest: str | None = None
    unplanned: bool = False
    fingerprint: str | None = None


class TenantRepository(DeploymentRepository):
    async def add(self, name: str, *, kind: TenantKind | str = TenantKind.other, now: datetime,
                  by: int | None = None) -> Tenant:
        async with self.db.transaction():
            row = await self.db.fetch_one(
                "INSERT INTO tenants (name, kind, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING *",
                (name.strip(), str(TenantKind(kind)), db_time(now), db_time(now)),
            )
            assert row is not None
            await self._audit(at=now, actor_id=by, action="create", entity="tenant", entity_id=row["id"],
                              after={"name": name.strip(), "kind": str(TenantKind(kind))})
        return Tenant.model_validate(dict(row))

    async def get(self, tenant_id: int) -> Tenant | None:
        row = await self.db.fetch_one("SELECT * FROM tenants WHERE id = ?", (tenant_id,))
        return None if row is None else Tenant.model_validate(dict(row))

    async def all(self) -> list[Tenant]:
        rows = await self.db.fetch_all("SELECT * FROM tenants ORDER BY id")
        return [Tenant.model_validate(dict(row)) for row in rows]

    async def ids(self) -> list[int]:
        return [row[0] for row in await self.db.fetch_all("SELECT id FROM tenants ORDER BY id")]

    async def rename(self, tenant_id: int, name: str, *, now: datetime, by: int | None = None
                     ) -> Tenant | None:
        async with self.db.transaction():
            before = await self.get(tenant_id)
            if before is None:
                return None
            row = await self.db.fetch_one(
                "UPDATE tenants SET name = ?, updated_at = ? WHERE id = ? RETURNING *",
                (name.strip(), db_time(now), tenant_id),
            )
            await self._audit(at=now, actor_id=by, action="rename", entity="tenant", entity_id=tenant_id,
                              before={"name": before.name}, after={"name": name.strip()})
        assert row is not None
        return Tenant.model_validate(dict(row))

    async def set_settings(self, tenant_id: int, overrides: dict[str, Any], *, now: datetime,
                           by: int | None = None) -> Tenant | None:
        """Replace the tenant's overrides of the process settings (validated by the caller)."""
        async with self.db.transaction():
            row = await self.db.fetch_one(
                "UPDATE tenants SET settings = ?, updated_at = ? WHERE id = ? RETURNING *",
                (db_json(overrides), db_time(now), tenant_id),
            )
            if row is not None:
                await self._audit(at=now, actor_id=by, action="settings", entity="tenant",
                                  entity_id=tenant_id, after=overrides)
        return None if row is None else Tenant.model_validate(dict(row))

    async def of_person(self, person_id: int) -> list[Tenant]:
        """The tenants in which the person holds a role, by id."""
        rows = await self.db.fetch_all(
            "SELECT * FROM tenants WHERE id IN (SELECT tenant_id FROM roles WHERE person_id = ?) ORDER BY id",
            (person_id,),
        )
        return [Tenant.model_validate(dict(row)) for row in rows]

    async def of_invite(self, token_hash: str) -> int | None:
        """The tenant an invite link binds to (a stranger has no tenant yet: the link says which)."""
        value = await self.db.fetch_value("SELECT tenant_id FROM invites WHERE token_hash = ?", (token_hash,))
        return None if value is None else int(value)

    async def of_invite_id(self, invite_id: int) -> int | None:
        value = await self.db.fetch_value("SELECT tenant_id FROM invites WHERE id = ?", (invite_id,))
        return None if value is None else int(value)

    async def of_message(self, chat_id: int, message_id: int) -> int | None:
        """The tenant a message the bot sent belongs to (a reply to it concerns that tenant)."""
        value = await self.db.fetch_value(
            "SELECT tenant_id FROM message_links WHERE chat_id = ? AND message_id = ?", (chat_id, message_id))
        return None if value is None else int(value)

    async def reminders_due(self, now: datetime) -> dict[int, RemindersDue]:
        """Each tenant's: what its minute sweep can find at `now` (open assignments of a published notice
        with no planned moment yet, moments passed) and the policy its schedule was planned with. The
        minute job's only read across tenants; its cost follows what is due, not what is open.

        Two queries, each on an index whose estimate PostgreSQL gets right: the passed moments through
        the global next_reminder_at index, grouped (one OR over both conditions was estimated at
        hundreds of thousands of rows from the column's NULLs, those of every finished assignment, and
        planned as a parallel scan: 40-60 ms of worker start-up to find nothing); then per tenant one
        probe of its assignments_unplanned index and its reminder_schedule row."""
        passed = {row[0]: (int(row[1]), row[2]) for row in await self.db.fetch_all(
            "SELECT a.tenant_id, COUNT(*), MAX(a.next_reminder_at) FROM assignments a"  # noqa: S608 - constant
            f" WHERE {OPEN_SQL} AND a.next_reminder_at <= ? GROUP BY a.tenant_id",
            (db_time(now),),
        )}
        # The EXISTS sits in the select list: a subquery run per tenant (an index probe), where one in
        # WHERE may be turned into a join over every unplanned row.
        rows = await self.db.fetch_all(
            "SELECT t.id, EXISTS (SELECT 1 FROM assignments a JOIN tasks k ON k.id = a.task_id"  # noqa: S608
            f" JOIN notices n ON n.id = k.notice_id WHERE a.tenant_id = t.id AND {OPEN_SQL}"
            " AND a.next_reminder_at IS NULL AND n.status = 'published'),"
            " (SELECT s.fingerprint FROM reminder_schedule s WHERE s.tenant_id = t.id)"
            " FROM tenants t ORDER BY t.id"
        )
        due: dict[int, RemindersDue] = {}
        for tenant_id, unplanned, fingerprint in rows:
            count, latest = passed.get(tenant_id, (0, None))
            due[tenant_id] = RemindersDue(passed=count, latest=latest, unplanned=bool(unplanned),
                                          fingerprint=fingerprint)
        return due


class ChatTenantRepository(DeploymentRepository):
    """The committee a chat chose last (people with roles in several committees)."""

    async def chosen(self, chat_id: int) -> int | None:
        value = await self.db.fetch_value("SELECT tenant_id FROM chat_tenants WHERE chat_id = ?", (chat_id,))
        return None if value is None else int(value)

    async def choose(self, chat_id: int, tenant_id: int, now: datetime) -> None:
        async with self.db.transaction():
            await self.db.execute(
                "INSERT INTO chat_tenants (chat_id, tenant_id, chosen_at) VALUES (?, ?, ?)"
                " ON CONFLICT (chat_id) DO UPDATE SET tenant_id = excluded.tenant_id,"
                " chosen_at = excluded.chosen_at",
                (chat_id, tenant_id, db_time(now)),
            )


class DeploymentAdminRepository(DeploymentRepository):
    """Deployment admins: an admin role without a tenant (they create tenants and name each one's first
    office clerk). DONDOC_ADMIN_IDS are deployment admins too; each tenant has its own admins besides."""

    async def grant(self, person_id: int, *, by: int | None, now: datetime) -> bool:
        async with self.db.transaction():
            row = await self.db.fetch_one(
                "INSERT INTO roles (tenant_id, person_id, role, unit_id, granted_by, granted_at)"
                " VALUES (NULL, ?, 'admin', NULL, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
                (person_id, by, db_time(now)),
            )
            if row is not None:
                await self._audit(at=now, actor_id=by, action="grant", entity="role", entity_id=row["id"],
                                  after={"person_id": person_id, "role": RoleName.admin.value,
                                         "tenant_id": None})
        return row is not None

    async def has(self, person_id: int) -> bool:
        return await self.db.fetch_value(
            "SELECT 1 FROM roles WHERE person_id = ? AND role = 'admin' AND tenant_id IS NULL", (person_id,)
        ) is not None

    async def any(self) -> bool:
        """Someone can administer something: a deployment admin or any tenant's admin."""
        return await self.db.fetch_value("SELECT 1 FROM roles WHERE role = 'admin' LIMIT 1") is not None
