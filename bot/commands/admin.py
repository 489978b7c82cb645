"""`dondoc admin add TELEGRAM_ID [--tenant ID | --deployment]`: grant the admin role from the server's
shell: a committee's admin (the only committee's by default), or with --deployment a deployment admin
(creates committees, acts in all)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.commands.db import add_db_option, database_target
from bot.commands.tenant_option import TenantNotChosen, add_tenant_option, pick_tenant
from messages.render import render
from storage.db import open_database
from storage.models import RoleName
from storage.repositories import Deployment


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="admin_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="grant the admin role to a Telegram user id")
    add.add_argument("telegram_id", metavar="TELEGRAM_ID", type=int)
    scope = add.add_mutually_exclusive_group()
    scope.add_argument("--deployment", action="store_true",
                       help="a deployment admin: creates committees and acts in every one")
    add_tenant_option(scope)
    add_db_option(add)


def run(args: argparse.Namespace) -> int:
    try:
        return asyncio.run(_add(database_target(args), args.telegram_id, args.tenant,
                                deployment=args.deployment))
    except TenantNotChosen as refused:
        sys.stderr.write(f"{refused}\n")
        return 2


async def _add(target: Path | str, telegram_id: int, tenant: int | None, *, deployment: bool) -> int:
    now = datetime.now(UTC)
    db = await open_database(target, migrate=True)
    try:
        whole = Deployment(db)
        tenant_id = None if deployment else await pick_tenant(db, tenant)
        async with db.transaction():
            # No chat yet: the bot fills chat id and name when the admin first writes to it.
            person = await whole.people.upsert_from_telegram(telegram_id, None, "", now)
            if tenant_id is None:
                added = await whole.admins.grant(person.id, by=None, now=now)
            else:
                repos = whole.repos(tenant_id)
                added = not await repos.roles.has_role(person.id, RoleName.admin)
                await repos.roles.grant(person.id, RoleName.admin, granted_by=None, now=now)
    finally:
        await db.close()
    sys.stdout.write(render("cli/admin_added.txt.j2", telegram_id=telegram_id, added=added) + "\n")
    return 0
