"""`dondoc db migrate|backup|check`: operator commands for the database (the SQLite file, or the
PostgreSQL server DONDOC_DATABASE_URL names)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.config import Settings, load_settings
from messages.render import render
from storage.db import (
    database_errors,
    describe,
    error_detail,
    is_database_url,
    is_missing,
    latest_version,
    open_database,
)


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    migrate = sub.add_parser("migrate", help="apply pending schema migrations")
    backup = sub.add_parser("backup", help="online backup to DEST, safe while the bot runs")
    backup.add_argument("dest", metavar="DEST", type=Path)
    check = sub.add_parser("check", help="integrity check and schema version; non-zero exit on a problem")
    for command in (migrate, backup, check):
        add_db_option(command)


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """--db PATH|URL, for every command that works on the database."""
    parser.add_argument("--db", default=None, metavar="PATH|URL",
                        help="database file or postgresql:// URL"
                             " (default: DONDOC_DATABASE_URL, else DONDOC_DB_PATH)")


def db_path(args: argparse.Namespace, settings: Settings | None = None) -> Path:
    """The SQLite file --db names, else DONDOC_DB_PATH (also the folder of the local files: heartbeat)."""
    if args.db is not None and not is_database_url(args.db):
        return Path(args.db)
    return (settings if settings is not None else load_settings()).db_path


def database_target(args: argparse.Namespace, settings: Settings | None = None) -> str | Path:
    """What to open: --db if given, else the settings' database (DONDOC_DATABASE_URL or DONDOC_DB_PATH);
    the environment is read only in that case (or `settings` used)."""
    if args.db is not None:
        return args.db if is_database_url(args.db) else Path(args.db)
    return (settings if settings is not None else load_settings()).database


def run(args: argparse.Namespace) -> int:
    target = database_target(args)
    if args.db_command != "migrate" and is_missing(target):
        # backup and check never create a database
        _say("db_missing", error=True, path=target)
        return 1
    if args.db_command == "backup" and is_database_url(target):
        _say("db_backup_postgres", error=True, url=describe(target))
        return 1
    action = {"migrate": _migrate, "backup": _backup, "check": _check}[args.db_command]
    return asyncio.run(action(target, args))


def _say(template: str, *, error: bool = False, **context: object) -> None:
    stream = sys.stderr if error else sys.stdout
    stream.write(render(f"cli/{template}.txt.j2", **context) + "\n")


async def _migrate(target: str | Path, _args: argparse.Namespace) -> int:
    db = await open_database(target)
    try:
        applied = await db.migrate()
        version = await db.schema_version()
    finally:
        await db.close()
    _say("db_migrated", path=describe(target), applied=applied, version=version)
    return 0


async def _backup(path: str | Path, args: argparse.Namespace) -> int:
    db = await open_database(path)
    try:
        dest = await db.backup(args.dest)
    finally:
        await db.close()
    _say("db_backup_done", source=path, dest=dest, size=dest.stat().st_size)
    return 0


async def _check(target: str | Path, _args: argparse.Namespace) -> int:
    latest = latest_version()
    shown = describe(target)
    try:
        db = await open_database(target, read_only=True)
        try:
            problems = await db.integrity_problems()
            version = await db.schema_version()
            counts = await db.table_counts() if db.dialect == "postgresql" else {}
        finally:
            await db.close()
    except database_errors(OSError) as exc:
        # "file is not a database", "database disk image is malformed", a server that does not answer:
        # report, do not crash
        _say("db_check_failed", error=True, path=shown, version=None, latest=latest,
             problems=[error_detail(exc)])
        return 1
    if problems or version != latest:
        _say("db_check_failed", error=True, path=shown, version=version, latest=latest, problems=problems)
        return 1
    _say("db_check_ok", path=shown, version=version, latest=latest, counts=counts)
    return 0
