"""`dondoc tenant add NAME [--kind KIND] | list | rename ID NAME`: the People's Committees one deployment
serves. A committee's first office clerk is made with `dondoc admin add TELEGRAM_ID --tenant ID` (or a
deployment admin's /moi vanphong in the bot)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.commands.db import add_db_option, db_path
from messages.render import render
from storage.db import open_database
from storage.models import TenantKind
from storage.repositories import Deployment

KIND_NAMES = {TenantKind.province: "tỉnh/thành phố", TenantKind.commune: "xã", TenantKind.ward: "phường",
              TenantKind.other: "khác"}


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="tenant_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add a committee (tenant)")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--kind", choices=[kind.value for kind in TenantKind], default=TenantKind.other.value)
    listing = sub.add_parser("list", help="the committees of this deployment")
    rename = sub.add_parser("rename", help="rename a committee")
    rename.add_argument("tenant_id", metavar="ID", type=int)
    rename.add_argument("name", metavar="NAME")
    for command in (add, listing, rename):
        add_db_option(command)


def run(args: argparse.Namespace) -> int:
    if args.tenant_command in ("add", "rename") and not args.name.strip():
        sys.stderr.write(render("cli/tenant_bad_name.txt.j2") + "\n")
        return 2
    text = asyncio.run(_run(db_path(args), args))
    sys.stdout.write(text + "\n")
    return 0


async def _run(path: Path, args: argparse.Namespace) -> str:
    now = datetime.now(UTC)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = await open_database(path, migrate=True)
    try:
        tenants = Deployment(db).tenants
        if args.tenant_command == "add":
            tenant = await tenants.add(args.name, kind=TenantKind(args.kind), now=now)
            return render("cli/tenant_added.txt.j2", tenant=tenant)
        if args.tenant_command == "rename":
            renamed = await tenants.rename(args.tenant_id, args.name, now=now)
            return render("cli/tenant_renamed.txt.j2", tenant=renamed, tenant_id=args.tenant_id)
        return render("cli/tenant_list.txt.j2", tenants=await tenants.all(), kinds=KIND_NAMES)
    finally:
        await db.close()
