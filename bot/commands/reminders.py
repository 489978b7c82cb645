"""`dondoc reminders --at "YYYY-MM-DD HH:MM" [--db PATH]`: what the reminder sweep would send at that local
moment (recipient, unit, tier, tasks), without sending or recording anything (the database is opened
read-only).

`dondoc reminders --repair [--db PATH]`: recompute every open assignment's stored next reminder moment
(what the minute sweep selects by) from the database as it stands; sends nothing."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.commands.db import add_db_option, database_target
from bot.commands.tenant_option import TenantNotChosen, add_tenant_option, pick_tenant
from bot.config import Settings, load_settings
from bot.services.reminders import preview_sweep, repair_schedule
from bot.services.tenant_settings import tenant_settings
from messages.render import render
from storage.db import Database, is_missing, open_database
from storage.repositories import Deployment, Repositories


def configure(parser: argparse.ArgumentParser) -> None:
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--at", metavar='"YYYY-MM-DD HH:MM"',
                        help="local time (DONDOC_TIMEZONE, default Asia/Ho_Chi_Minh) of the sweep to show")
    action.add_argument("--repair", action="store_true",
                        help="recompute every stored next reminder moment (a full re-plan); sends nothing")
    add_tenant_option(parser)
    add_db_option(parser)


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    path = database_target(args, settings)
    if args.repair:
        if is_missing(path):
            sys.stderr.write(render("cli/db_missing.txt.j2", path=path) + "\n")
            return 1
        try:
            count = asyncio.run(repair(path, settings, args.tenant))
        except TenantNotChosen as refused:
            sys.stderr.write(f"{refused}\n")
            return 2
        sys.stdout.write(render("cli/reminders_repaired.txt.j2", count=count, path=path) + "\n")
        return 0
    try:
        moment = datetime.strptime(args.at.strip(), "%Y-%m-%d %H:%M").replace(tzinfo=settings.tz)
    except ValueError:
        sys.stderr.write(render("cli/bad_moment.txt.j2", value=args.at) + "\n")
        return 2
    if is_missing(path):
        sys.stderr.write(render("cli/db_missing.txt.j2", path=path) + "\n")
        return 1
    try:
        sys.stdout.write(asyncio.run(preview(path, settings, moment, args.tenant)) + "\n")
    except TenantNotChosen as refused:
        sys.stderr.write(f"{refused}\n")
        return 2
    return 0


async def _tenant(db: Database, settings: Settings, requested: int | None) -> tuple[Repositories, Settings]:
    """The tenant's repositories and its policy (its overrides over the settings)."""
    tenant_id = await pick_tenant(db, requested)
    tenant = await Deployment(db).tenants.get(tenant_id)
    assert tenant is not None
    return Repositories(db, tenant_id, tz=settings.tz), tenant_settings(settings, tenant)


async def repair(path: Path | str, settings: Settings, tenant: int | None = None) -> int:
    db = await open_database(path, migrate=True)
    try:
        repos, policy = await _tenant(db, settings, tenant)
        return await repair_schedule(repos, policy, datetime.now(UTC))
    finally:
        await db.close()


async def preview(path: Path | str, settings: Settings, moment: datetime, tenant: int | None = None) -> str:
    db = await open_database(path, read_only=True)
    try:
        repos, settings = await _tenant(db, settings, tenant)
        result = await preview_sweep(repos, settings, moment, render)
    finally:
        await db.close()
    policy = settings.reminders
    return render(
        "cli/reminders_preview.txt.j2", at=moment, in_window=result.in_window,
        next_open=result.next_window_open, messages=result.messages, undeliverable=result.undeliverable,
        window_start=policy.window_start.strftime("%H:%M"), window_end=policy.window_end.strftime("%H:%M"),
    )
