"""`dondoc tenant add NAME [--kind KIND] | list | rename ID NAME | settings ID [KEY=VALUE ...]`: the
People's Committees one deployment serves. A committee's first office clerk is made with
`dondoc admin add TELEGRAM_ID --tenant ID` (or a deployment admin's /moi vanphong in the bot).

`invite ID` makes the committee's first office clerk's single-use invite: they send the bot
`/start TOKEN` (or open https://t.me/BOT?start=TOKEN) and confirm.

`settings` shows or changes a committee's own reminder policy, digest schedules and monthly report day,
merged over the deployment's settings: `reminders.window_start=08:00`, `digests.office.at=07:00`,
`monthly_report_day=20`; `KEY=` (empty) drops an override."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.commands.db import add_db_option, database_target
from bot.config import load_settings
from bot.services.registration import issue_invite
from bot.services.tenant_settings import TenantSettingsError, tenant_settings
from messages.render import render
from storage.db import open_database
from storage.models import RoleName, TenantKind
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
    invite = sub.add_parser("invite", help="a single-use invite for a committee's office clerk")
    invite.add_argument("tenant_id", metavar="ID", type=int)
    settings = sub.add_parser("settings", help="show or change a committee's own policy (KEY=VALUE)")
    settings.add_argument("tenant_id", metavar="ID", type=int)
    settings.add_argument("changes", metavar="KEY=VALUE", nargs="*")
    for command in (add, listing, rename, invite, settings):
        add_db_option(command)


def run(args: argparse.Namespace) -> int:
    if args.tenant_command in ("add", "rename") and not args.name.strip():
        sys.stderr.write(render("cli/tenant_bad_name.txt.j2") + "\n")
        return 2
    try:
        text = asyncio.run(_run(database_target(args), args))
    except (TenantSettingsError, LookupError):
        sys.stderr.write(render("cli/tenant_settings_refused.txt.j2", tenant_id=args.tenant_id,
                                changes=args.changes) + "\n")
        return 2
    sys.stdout.write(text + "\n")
    return 0


def _changed(overrides: dict[str, Any], changes: list[str]) -> dict[str, Any]:
    """The overrides with `a.b=value` set (nested by the dots) or, with nothing after "=", removed."""
    result = json.loads(json.dumps(overrides))
    for change in changes:
        key, sep, value = change.partition("=")
        if not sep or not key.strip():
            raise LookupError(change)
        *path, last = key.strip().split(".")
        node = result
        for part in path:
            node = node.setdefault(part, {})
        if value == "":
            node.pop(last, None)
        else:
            node[last] = value
    return result


async def _run(target: Path | str, args: argparse.Namespace) -> str:
    now = datetime.now(UTC)
    db = await open_database(target, migrate=True)  # a new SQLite file's folder is made there
    try:
        tenants = Deployment(db).tenants
        if args.tenant_command == "add":
            tenant = await tenants.add(args.name, kind=TenantKind(args.kind), now=now)
            return render("cli/tenant_added.txt.j2", tenant=tenant)
        if args.tenant_command == "invite":
            found = await tenants.get(args.tenant_id)
            if found is None:
                return render("cli/tenant_renamed.txt.j2", tenant=None, tenant_id=args.tenant_id)
            issued = await issue_invite(Deployment(db).repos(found.id), role=RoleName.office, unit_id=None,
                                        created_by=None, ttl_hours=load_settings().invite_ttl_hours, now=now)
            return render("cli/tenant_invite.txt.j2", tenant=found, token=issued.token,
                          expires_at=issued.invite.expires_at)
        if args.tenant_command == "settings":
            found = await tenants.get(args.tenant_id)
            if found is None:
                raise LookupError(str(args.tenant_id))
            if args.changes:
                found.settings = _changed(found.settings, args.changes)
                tenant_settings(load_settings(), found)  # refuses what would not make a policy
                await tenants.set_settings(found.id, found.settings, now=now)
            return render("cli/tenant_settings.txt.j2", tenant=found,
                          overrides=json.dumps(found.settings, ensure_ascii=False, indent=2))
        if args.tenant_command == "rename":
            renamed = await tenants.rename(args.tenant_id, args.name, now=now)
            return render("cli/tenant_renamed.txt.j2", tenant=renamed, tenant_id=args.tenant_id)
        return render("cli/tenant_list.txt.j2", tenants=await tenants.all(), kinds=KIND_NAMES)
    finally:
        await db.close()
