"""Units: the directory of departments, wards and agencies that receive tasks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from storage.collation import vn_key
from storage.models import Unit, UnitSpec
from storage.repositories.base import Repository, db_json, db_time, name_key


class UnitRepository(Repository):
    async def create(
        self, name: str, *, kind: str = "other", aliases: Iterable[str] = (), groups: Iterable[str] = (),
        now: datetime, by: int | None = None,
    ) -> Unit:
        async with self.db.transaction():
            unit_id = await self.db.insert(
                "INSERT INTO units (tenant_id, name, name_key, kind, aliases, groups, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (self.tenant_id, name.strip(), name_key(name), kind, db_json(list(aliases)),
                 db_json(list(groups)),
                 db_time(now), db_time(now)),
            )
            await self._audit(at=now, actor_id=by, action="create", entity="unit", entity_id=unit_id,
                              after={"name": name.strip(), "active": True})
        unit = await self.get(unit_id)
        assert unit is not None
        return unit

    async def upsert(self, spec: UnitSpec, *, now: datetime) -> Unit:
        """Insert or update a unit by its name key; an imported unit is active again."""
        async with self.db.transaction():
            row = await self.db.fetch_one(
                "INSERT INTO units (tenant_id, name, name_key, kind, aliases, groups, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (tenant_id, name_key) DO UPDATE SET name = excluded.name, kind = excluded.kind,"
                " aliases = excluded.aliases, groups = excluded.groups, active = 1,"
                " updated_at = excluded.updated_at"
                " RETURNING *",
                (self.tenant_id, spec.name.strip(), name_key(spec.name), spec.kind, db_json(spec.aliases),
                 db_json(spec.groups), db_time(now), db_time(now)),
            )
        assert row is not None
        return Unit.model_validate(dict(row))

    async def import_units(
        self, specs: Iterable[UnitSpec | tuple[str, str, list[str], list[str]]], *, now: datetime
    ) -> list[Unit]:
        """Upsert a directory in one transaction; entries are UnitSpec or (name, kind, aliases, groups)."""
        result: list[Unit] = []
        async with self.db.transaction():
            for item in specs:
                spec = item if isinstance(item, UnitSpec) else UnitSpec(
                    name=item[0], kind=item[1], aliases=list(item[2]), groups=list(item[3])
                )
                result.append(await self.upsert(spec, now=now))
        return result

    async def get(self, unit_id: int) -> Unit | None:
        row = await self.db.fetch_one("SELECT * FROM units WHERE id = ? AND tenant_id = ?",
                                        (unit_id, self.tenant_id))
        return None if row is None else Unit.model_validate(dict(row))

    async def by_name(self, name: str, *, include_aliases: bool = True) -> Unit | None:
        """Exact match ignoring case, spacing and diacritics; then (optionally) on an alias."""
        key = name_key(name)
        row = await self.db.fetch_one("SELECT * FROM units WHERE name_key = ? AND tenant_id = ?",
                                        (key, self.tenant_id))
        if row is not None:
            return Unit.model_validate(dict(row))
        if include_aliases:
            for unit in await self.list(active_only=False):
                if any(name_key(alias) == key for alias in unit.aliases):
                    return unit
        return None

    async def list(self, active_only: bool = True) -> list[Unit]:
        rows = await self.db.fetch_all(
            "SELECT * FROM units WHERE tenant_id = ? AND (active = 1 OR ? = 0) ORDER BY id",
            (self.tenant_id, 1 if active_only else 0),
        )
        return sorted((Unit.model_validate(dict(row)) for row in rows), key=lambda u: vn_key(u.name))

    async def ids_by_name(self, active_only: bool = True) -> dict[str, int]:
        """Canonical names and aliases -> unit id, for notices.save_parsed(unit_ids_by_name=...)."""
        mapping: dict[str, int] = {}
        for unit in await self.list(active_only=active_only):
            for alias in unit.aliases:
                mapping.setdefault(alias, unit.id)
            mapping[unit.name] = unit.id
        return mapping

    async def deactivate(self, unit_id: int, *, now: datetime, by: int | None = None) -> bool:
        async with self.db.transaction():
            count = await self.db.execute(
                "UPDATE units SET active = 0, updated_at = ? WHERE id = ? AND tenant_id = ? AND active = 1",
                (db_time(now), unit_id, self.tenant_id),
            )
            if count:
                await self._audit(at=now, actor_id=by, action="deactivate", entity="unit", entity_id=unit_id,
                                  before={"active": True}, after={"active": False})
        return bool(count)
