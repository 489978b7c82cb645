"""Tenants (People's Committees) as the bot sees them: which one a chat works in, and new ones."""

from __future__ import annotations

from datetime import datetime

from storage.models import Tenant, TenantKind
from storage.repositories import Deployment


async def choose_tenant(deployment: Deployment, *, offered: list[Tenant], chat_id: int, tenant_id: int,
                        now: datetime) -> Tenant | None:
    """Remember `tenant_id` for the chat when it is one the person may act in (`offered`); None for a
    forged or stale choice, and nothing is stored."""
    tenant = next((t for t in offered if t.id == tenant_id), None)
    if tenant is not None:
        await deployment.chat_tenants.choose(chat_id, tenant.id, now)
    return tenant


async def add_tenant(deployment: Deployment, name: str, *, kind: TenantKind = TenantKind.other,
                     by: int | None, now: datetime) -> Tenant | None:
    """A new tenant; None when the name is empty."""
    if not name.strip():
        return None
    return await deployment.tenants.add(name, kind=kind, now=now, by=by)
