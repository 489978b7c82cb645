"""What `dondoc run` checks before it builds the bot: that the database can be used, and who is admin.

A database path that cannot be used is a person's mistake (a typo in DONDOC_DB_PATH, a folder the
service user may not write): it is reported in one line before anything talks to Telegram, instead of
as a traceback from deep inside the application's start.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pydantic import BaseModel

from bot.services.identity import has_admin
from storage.db import (
    Database,
    database_errors,
    describe,
    error_detail,
    is_database_url,
    latest_version,
    open_database,
)
from storage.repositories import Deployment


class DatabaseUnusable(Exception):
    """`reason` is one of folder, directory, cannot_open, read_only, not_database, newer_schema, server
    (PostgreSQL does not answer or refuses), other."""

    def __init__(self, path: Path | str, reason: str, detail: str) -> None:
        super().__init__(f"{path}: {reason}: {detail}")
        self.path = path
        self.reason = reason
        self.detail = detail


class StartupState(BaseModel):
    has_admin: bool  # in DONDOC_ADMIN_IDS or granted in the database


async def check_startup(target: Path | str, admin_ids: list[int]) -> StartupState:
    """Create or migrate the database and prove it writable; raise DatabaseUnusable if it cannot be used.
    `target` is the SQLite file or the PostgreSQL URL (Settings.database)."""
    if is_database_url(target):
        return await _check_server(str(target), admin_ids)
    db_path = Path(target)
    try:
        _probe(db_path)
        db = await open_database(db_path, migrate=True)
    except (OSError, sqlite3.Error) as error:
        raise _unusable(db_path, error) from error
    try:
        version = await db.schema_version()
        # An up-to-date database was only read so far; rewriting its version proves the file and its
        # folder (the -wal file) are writable by this user.
        async with db.transaction():
            await db.execute(f"PRAGMA user_version = {version:d}")
        admin = await has_admin(Deployment(db), admin_ids)
    except sqlite3.Error as error:
        raise _unusable(db_path, error) from error
    finally:
        await db.close()
    return StartupState(has_admin=admin)


async def _check_server(url: str, admin_ids: list[int]) -> StartupState:
    shown = describe(url)
    try:
        db: Database = await open_database(url)
    except database_errors(OSError) as error:
        raise DatabaseUnusable(shown, "server", error_detail(error)) from error
    try:
        version = await db.schema_version()
        if version > latest_version():
            raise DatabaseUnusable(shown, "newer_schema", f"{version} > {latest_version()}")
        await db.migrate()
        admin = await has_admin(Deployment(db), admin_ids)
    except database_errors() as error:
        raise DatabaseUnusable(shown, "server", error_detail(error)) from error
    finally:
        await db.close()
    return StartupState(has_admin=admin)


def _probe(path: Path) -> None:
    # Synchronously first: aiosqlite leaves its worker thread to print a traceback at exit when the
    # connection itself cannot be opened (a directory, a folder that cannot be created).
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        raise DatabaseUnusable(path, "directory", "is a directory")
    conn = sqlite3.connect(path)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()
    if version > latest_version():
        # Left untouched: not even switched to WAL, in case an older dondoc was started by mistake.
        raise DatabaseUnusable(path, "newer_schema", f"{version} > {latest_version()}")


def _unusable(path: Path, error: OSError | sqlite3.Error) -> DatabaseUnusable:
    text = str(error)
    if isinstance(error, OSError):
        return DatabaseUnusable(path, "folder", error.strerror or text)
    if path.is_dir():
        return DatabaseUnusable(path, "directory", text)
    if "readonly" in text or "read-only" in text:
        return DatabaseUnusable(path, "read_only", text)
    if "not a database" in text or "malformed" in text:
        return DatabaseUnusable(path, "not_database", text)
    if "unable to open" in text:
        return DatabaseUnusable(path, "cannot_open", text)
    return DatabaseUnusable(path, "other", text)
