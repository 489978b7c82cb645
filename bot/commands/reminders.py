"""`dondoc reminders --at "YYYY-MM-DD HH:MM" [--db PATH]`: what the reminder sweep would send at that local
moment (recipient, unit, tier, tasks), without sending or recording anything (the database is opened
read-only)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import datetime
from pathlib import Path

from bot.commands.db import add_db_option, db_path
from bot.config import Settings, load_settings
from bot.services.reminders import preview_sweep
from messages.render import render
from storage.db import open_database
from storage.repositories import Repositories


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--at", required=True, metavar='"YYYY-MM-DD HH:MM"',
                        help="local time (DONDOC_TIMEZONE, default Asia/Ho_Chi_Minh) of the sweep to show")
    add_db_option(parser)


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    path = db_path(args, settings)
    try:
        moment = datetime.strptime(args.at.strip(), "%Y-%m-%d %H:%M").replace(tzinfo=settings.tz)
    except ValueError:
        sys.stderr.write(render("cli/bad_moment.txt.j2", value=args.at) + "\n")
        return 2
    if not path.is_file():
        sys.stderr.write(render("cli/db_missing.txt.j2", path=path) + "\n")
        return 1
    sys.stdout.write(asyncio.run(preview(path, settings, moment)) + "\n")
    return 0


async def preview(path: Path, settings: Settings, moment: datetime) -> str:
    db = await open_database(path, read_only=True)
    try:
        result = await preview_sweep(Repositories(db, tz=settings.tz), settings, moment, render)
    finally:
        await db.close()
    policy = settings.reminders
    return render(
        "cli/reminders_preview.txt.j2", at=moment, in_window=result.in_window,
        next_open=result.next_window_open, messages=result.messages, undeliverable=result.undeliverable,
        window_start=policy.window_start.strftime("%H:%M"), window_end=policy.window_end.strftime("%H:%M"),
    )
