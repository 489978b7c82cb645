"""`dondoc db migrate|backup|check`: operator commands for the database file."""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
from pathlib import Path

from bot.config import Settings, load_settings
from messages.render import render
from storage.db import latest_version, open_database


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    migrate = sub.add_parser("migrate", help="apply pending schema migrations")
    backup = sub.add_parser("backup", help="online backup to DEST, safe while the bot runs")
    backup.add_argument("dest", metavar="DEST", type=Path)
    check = sub.add_parser("check", help="integrity check and schema version; non-zero exit on a problem")
    for command in (migrate, backup, check):
        add_db_option(command)


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """--db PATH, for every command that works on the database file."""
    parser.add_argument("--db", type=Path, default=None, help="database file (default: DONDOC_DB_PATH)")


def db_path(args: argparse.Namespace, settings: Settings | None = None) -> Path:
    """--db if given, else DONDOC_DB_PATH; the environment is read only in that case (or `settings` used)."""
    if args.db is not None:
        return args.db
    return (settings if settings is not None else load_settings()).db_path


def run(args: argparse.Namespace) -> int:
    path = db_path(args)
    if args.db_command != "migrate" and not path.is_file():
        # backup and check never create a database
        _say("db_missing", error=True, path=path)
        return 1
    action = {"migrate": _migrate, "backup": _backup, "check": _check}[args.db_command]
    return asyncio.run(action(path, args))


def _say(template: str, *, error: bool = False, **context: object) -> None:
    stream = sys.stderr if error else sys.stdout
    stream.write(render(f"cli/{template}.txt.j2", **context) + "\n")


async def _migrate(path: Path, _args: argparse.Namespace) -> int:
    db = await open_database(path)
    try:
        applied = await db.migrate()
        version = await db.schema_version()
    finally:
        await db.close()
    _say("db_migrated", path=path, applied=applied, version=version)
    return 0


async def _backup(path: Path, args: argparse.Namespace) -> int:
    db = await open_database(path)
    try:
        dest = await db.backup(args.dest)
    finally:
        await db.close()
    _say("db_backup_done", source=path, dest=dest, size=dest.stat().st_size)
    return 0


async def _check(path: Path, _args: argparse.Namespace) -> int:
    latest = latest_version()
    try:
        db = await open_database(path, read_only=True)
        try:
            problems = await db.integrity_problems()
            version = await db.schema_version()
        finally:
            await db.close()
    except sqlite3.DatabaseError as exc:
        # "file is not a database", "database disk image is malformed": report, do not crash
        _say("db_check_failed", error=True, path=path, version=None, latest=latest, problems=[str(exc)])
        return 1
    if problems or version != latest:
        _say("db_check_failed", error=True, path=path, version=version, latest=latest, problems=problems)
        return 1
    _say("db_check_ok", path=path, version=version, latest=latest)
    return 0
