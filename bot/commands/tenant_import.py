"""`dondoc tenant import OLD.sqlite3 [--name NAME] [--kind KIND] [--again]`: one office's SQLite database
copied into this deployment (PostgreSQL or SQLite) as a new committee (bot.services.tenant_import)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.commands.db import add_db_option, database_target
from bot.services.tenant_import import ImportedOffice, ImportRefused, import_office
from messages.render import render
from storage.db import open_database
from storage.models import TenantKind

# the tables the summary lists, in the order a person reads them
TABLES = {"units": "đơn vị", "people": "người mới", "roles": "vai trò", "invites": "lời mời",
          "notices": "thông báo", "tasks": "nhiệm vụ", "draft_candidates": "câu chờ xét",
          "assignments": "giao việc", "progress": "báo cáo tiến độ", "extensions": "xin gia hạn",
          "reminders_sent": "nhắc việc đã gửi", "message_links": "liên kết tin nhắn",
          "days_off": "ngày nghỉ", "audit": "nhật ký"}


def configure(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = sub.add_parser("import", help="copy one office's SQLite database in as a new committee")
    command.add_argument("source", metavar="OLD.sqlite3", type=Path)
    command.add_argument("--name", default=None, help="the new committee's name (default: the office's)")
    command.add_argument("--kind", choices=[kind.value for kind in TenantKind], default=None)
    command.add_argument("--again", action="store_true", help="import a file that was imported before")
    add_db_option(command)


def run(args: argparse.Namespace) -> int:
    try:
        imported = asyncio.run(_run(database_target(args), args))
    except ImportRefused as refused:
        sys.stderr.write(render("cli/tenant_import_refused.txt.j2", reason=refused.reason.value,
                                detail=refused.detail) + "\n")
        return 2
    sys.stdout.write(render("cli/tenant_imported.txt.j2", imported=imported, tables=TABLES) + "\n")
    return 0


async def _run(target: Path | str, args: argparse.Namespace) -> ImportedOffice:
    db = await open_database(target, migrate=True)
    try:
        return await import_office(args.source, db, name=args.name, kind=args.kind, again=args.again,
                                   now=datetime.now(UTC))
    finally:
        await db.close()
