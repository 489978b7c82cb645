"""Roles: who is admin, office staff, leader, or head/deputy of which unit. Checked on every action."""

from __future__ import annotations

from datetime import datetime

from storage.collation import vn_key
from storage.models import UNIT_ROLES, LeaderTitle, Person, RoleGrant, RoleName, Unit
from storage.repositories.base import Repository, db_time

_GRANT_SELECT = (
    "SELECT r.*, u.name AS unit_name FROM roles r LEFT JOIN units u ON u.id = r.unit_id"
)
_OWN = "r.tenant_id = :tenant"


def _check_unit(role: RoleName, unit_id: int | None) -> None:
    if (role in UNIT_ROLES) != (unit_id is not None):
        raise ValueError(f"role {role} {'needs' if role in UNIT_ROLES else 'takes no'} unit")


class RoleRepository(Repository):
    async def grant(
        self, person_id: int, role: RoleName | str, unit_id: int | None = None, *,
        granted_by: int | None, now: datetime, title: LeaderTitle | None = None,
    ) -> RoleGrant:
        """Idempotent: granting a role the person already has returns the existing grant (a leader's
        title, when given, is set on it)."""
        role = RoleName(role)
        _check_unit(role, unit_id)
        if title is not None and role is not RoleName.leader:
            raise ValueError("only a leader has a title")
        async with self.db.transaction():
            if unit_id is not None and await self.db.fetch_value(
                    "SELECT 1 FROM units WHERE id = ? AND tenant_id = ?", (unit_id, self.tenant_id)) is None:
                raise LookupError(f"no unit {unit_id} in tenant {self.tenant_id}")
            inserted = await self.db.fetch_one(
                "INSERT INTO roles (tenant_id, person_id, role, unit_id, granted_by, granted_at, title)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
                (self.tenant_id, person_id, role.value, unit_id, granted_by, db_time(now), title),
            )
            if inserted is None and title is not None:
                await self.set_title(person_id, title, by=granted_by, now=now)
            row = await self.db.fetch_one(
                f"{_GRANT_SELECT} WHERE r.person_id = ? AND r.role = ? AND COALESCE(r.unit_id, 0) = ?"
                " AND r.tenant_id = ?",
                (person_id, role.value, unit_id or 0, self.tenant_id),
            )
            assert row is not None
            grant = RoleGrant.model_validate(dict(row))
            if inserted is not None:
                await self._audit(at=now, actor_id=granted_by, action="grant", entity="role",
                                  entity_id=grant.id, after={"person_id": person_id, "role": role.value,
                                                             "unit_id": unit_id})
        return grant

    async def set_title(self, person_id: int, title: LeaderTitle | None, *, by: int | None,
                        now: datetime) -> bool:
        """A leader's title (False when the person is no leader); the audit trail records who set it."""
        async with self.db.transaction():
            row = await self.db.fetch_one(
                "SELECT id, title FROM roles WHERE person_id = ? AND role = 'leader' AND tenant_id = ?",
                (person_id, self.tenant_id))
            if row is None:
                return False
            await self.db.execute("UPDATE roles SET title = ? WHERE id = ?", (title, row["id"]))
            await self._audit(at=now, actor_id=by, action="title", entity="role", entity_id=row["id"],
                              before={"title": row["title"]}, after={"title": title})
        return True

    async def leaders(self) -> list[RoleGrant]:
        """Every leader's grant with its title: the chairman first, then vice-chairmen, then the rest."""
        rows = await self.db.fetch_all(f"{_GRANT_SELECT} WHERE r.role = 'leader' AND {_OWN} ORDER BY r.id",
                                       {"tenant": self.tenant_id})
        order = {LeaderTitle.chairman: 0, LeaderTitle.vice_chairman: 1, None: 2}
        return sorted((RoleGrant.model_validate(dict(row)) for row in rows), key=lambda g: order[g.title])

    async def revoke(
        self, person_id: int, role: RoleName | str, unit_id: int | None = None, *,
        revoked_by: int | None, now: datetime,
    ) -> bool:
        """Takes effect at once: the next has_role() sees it gone."""
        role = RoleName(role)
        async with self.db.transaction():
            row = await self.db.fetch_one(
                "DELETE FROM roles WHERE person_id = ? AND role = ? AND COALESCE(unit_id, 0) = ?"
                " AND tenant_id = ? RETURNING id",
                (person_id, role.value, unit_id or 0, self.tenant_id),
            )
            if row is not None:
                await self._audit(at=now, actor_id=revoked_by, action="revoke", entity="role",
                                  entity_id=row["id"], before={"person_id": person_id, "role": role.value,
                                                               "unit_id": unit_id})
        return row is not None

    async def roles_of(self, person_id: int) -> list[RoleGrant]:
        rows = await self.db.fetch_all(f"{_GRANT_SELECT} WHERE r.person_id = :person AND {_OWN}"
                                       " ORDER BY r.id",
                                       {"person": person_id, "tenant": self.tenant_id})
        return [RoleGrant.model_validate(dict(row)) for row in rows]

    async def has_role(self, person_id: int, role: RoleName | str, unit_id: int | None = None) -> bool:
        """With unit_id: that role for that unit. Without: the role at all (any unit for head/deputy)."""
        params: tuple[int | str, ...]
        if unit_id is None:
            sql = "SELECT 1 FROM roles WHERE person_id = ? AND role = ? AND tenant_id = ?"
            params = (person_id, str(role), self.tenant_id)
        else:
            sql = "SELECT 1 FROM roles WHERE person_id = ? AND role = ? AND unit_id = ? AND tenant_id = ?"
            params = (person_id, str(role), unit_id, self.tenant_id)
        return await self.db.fetch_one(sql, params) is not None

    async def heads_of(self, unit_id: int, include_deputies: bool = False) -> list[Person]:
        roles = ("head", "deputy") if include_deputies else ("head", "head")
        rows = await self.db.fetch_all(
            # one row per person, a head before a deputy (PostgreSQL orders DISTINCT rows only by what
            # they select)
            "SELECT p.* FROM people p JOIN (SELECT person_id, MAX(role) AS role FROM roles"
            " WHERE unit_id = ? AND role IN (?, ?) AND tenant_id = ? GROUP BY person_id) r"
            " ON r.person_id = p.id ORDER BY r.role DESC, p.id",
            (unit_id, *roles, self.tenant_id),
        )
        return [Person.model_validate(dict(row)) for row in rows]

    async def units_of(self, person_id: int, include_deputies: bool = True) -> list[Unit]:
        """Units the person heads (and deputises for, unless include_deputies=False)."""
        roles = ("head", "deputy") if include_deputies else ("head", "head")
        rows = await self.db.fetch_all(
            "SELECT DISTINCT u.* FROM roles r JOIN units u ON u.id = r.unit_id"
            " WHERE r.person_id = ? AND r.role IN (?, ?) AND r.tenant_id = ? ORDER BY u.id",
            (person_id, *roles, self.tenant_id),
        )
        return sorted((Unit.model_validate(dict(row)) for row in rows), key=lambda u: vn_key(u.name))

    async def people_with_role(self, role: RoleName | str) -> list[Person]:
        rows = await self.db.fetch_all(
            "SELECT DISTINCT p.* FROM roles r JOIN people p ON p.id = r.person_id"
            " WHERE r.role = ? AND r.tenant_id = ? ORDER BY p.id",
            (str(role), self.tenant_id),
        )
        return [Person.model_validate(dict(row)) for row in rows]

    async def unit_heads(self, include_deputies: bool = True) -> list[RoleGrant]:
        """Every head/deputy grant with its unit name, for the /donvi overview."""
        roles = ("head", "deputy") if include_deputies else ("head", "head")
        rows = await self.db.fetch_all(
            f"{_GRANT_SELECT} WHERE r.role IN (?, ?) AND r.tenant_id = ? ORDER BY u.id, r.role DESC, r.id",
            (*roles, self.tenant_id),
        )
        grants = [RoleGrant.model_validate(dict(row)) for row in rows]
        return sorted(grants, key=lambda g: vn_key(g.unit_name or ""))  # stable: heads stay before deputies
