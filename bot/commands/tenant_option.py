"""`--tenant ID` of the commands that act on one People's Committee: required when the deployment has
several, the only one otherwise."""

from __future__ import annotations

import argparse

from messages.render import render
from storage.db import Database
from storage.repositories import Deployment


class TenantNotChosen(LookupError):
    """No usable tenant: the message (Vietnamese) says why and which ones there are."""


def add_tenant_option(parser: argparse._ActionsContainer) -> None:
    parser.add_argument("--tenant", type=int, metavar="ID", default=None,
                        help="the committee (tenant) to act on; required when there are several "
                             "(`dondoc tenant list`)")


async def pick_tenant(db: Database, requested: int | None) -> int:
    tenants = await Deployment(db).tenants.all()
    if requested is not None:
        if any(tenant.id == requested for tenant in tenants):
            return requested
        raise TenantNotChosen(render("cli/tenant_unknown.txt.j2", tenant_id=requested, tenants=tenants))
    if len(tenants) == 1:
        return tenants[0].id
    raise TenantNotChosen(render("cli/tenant_required.txt.j2", tenants=tenants))
