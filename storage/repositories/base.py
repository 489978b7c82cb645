"""Shared helpers for the repositories: value conversion and the audit trail."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from storage.db import Database

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def db_time(value: datetime | None) -> str | None:
    """Aware datetime -> fixed-width UTC text, so comparing text compares times."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime given to storage; pass an aware datetime")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def db_date(value: date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        raise TypeError("a date was expected, got a datetime")
    return value.isoformat()


def db_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return db_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"cannot store {type(value).__name__} as JSON")


def name_key(name: str) -> str:
    """Case- and diacritic-insensitive key: "Phòng Kinh tế" == "phong kinh te"; "Đ" counts as "D"."""
    text = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(text.casefold().split())


class DeploymentRepository:
    """Tenant-free storage (people, the outbox's delivery, tenants themselves): one deployment's."""

    def __init__(self, db: Database, tz: ZoneInfo = VN_TZ) -> None:
        self.db = db
        self.tz = tz
        # the tenant audit rows are filed under (a tenant-bound repository's own)
        self._audit_tenant: int | None = None

    async def _audit(
        self,
        *,
        at: datetime,
        actor_id: int | None,
        action: str,
        entity: str,
        entity_id: int | None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        await self.db.execute(
            "INSERT INTO audit (tenant_id, at, actor_id, action, entity, entity_id, before, after)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                self._audit_tenant,
                db_time(at),
                actor_id,
                action,
                entity,
                entity_id,
                None if before is None else db_json(before),
                None if after is None else db_json(after),
            ),
        )


class Repository(DeploymentRepository):
    """A repository bound to one tenant: every query filters on `tenant_id`, every row it writes
    carries it. There is no default: a caller names the tenant."""

    def __init__(self, db: Database, tenant_id: int, tz: ZoneInfo = VN_TZ) -> None:
        super().__init__(db, tz)
        if not isinstance(tenant_id, int) or isinstance(tenant_id, bool):
            raise TypeError(f"a tenant id is an int, got {tenant_id!r}")
        self.tenant_id = tenant_id
        self._audit_tenant = tenant_id
