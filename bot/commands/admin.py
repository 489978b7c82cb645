"""`dondoc admin add TELEGRAM_ID`: grant the admin role from the server's shell."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.commands.db import add_db_option, database_target
from messages.render import render
from storage.db import open_database
from storage.models import RoleName
from storage.repositories import Repositories


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="admin_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="grant the admin role to a Telegram user id")
    add.add_argument("telegram_id", metavar="TELEGRAM_ID", type=int)
    add_db_option(add)


def run(args: argparse.Namespace) -> int:
    return asyncio.run(_add(database_target(args), args.telegram_id))


async def _add(target: Path | str, telegram_id: int) -> int:
    now = datetime.now(UTC)
    db = await open_database(target, migrate=True)
    try:
        repos = Repositories(db)
        async with db.transaction():
            # No chat yet: the bot fills chat id and name when the admin first writes to it.
            person = await repos.people.upsert_from_telegram(telegram_id, None, "", now)
            added = not await repos.roles.has_role(person.id, RoleName.admin)
            await repos.roles.grant(person.id, RoleName.admin, granted_by=None, now=now)
    finally:
        await db.close()
    sys.stdout.write(render("cli/admin_added.txt.j2", telegram_id=telegram_id, added=added) + "\n")
    return 0
