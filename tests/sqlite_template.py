"""A migrated SQLite database made once per session, copied into every fresh database the tests migrate.

Running the twelve-odd migrations takes ~90 ms a database, and most tests start from an empty file the
application migrates (bot.app, the `db` fixtures): over a thousand tests, minutes of CI. For the
session, SqliteDatabase.migrate copies the template into a database that is still empty (the SQLite
backup API: the pages, `user_version` included) when the migrations to apply are exactly the ones the
template was made with, and answers what migrate would have applied. The template itself is made by the
real migrate; a database already part-migrated, or migrations a test replaced (tests/storage/
test_schema.py), go through the real migrate as before.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import sqlite3
from pathlib import Path

import pytest

from storage import db as db_module
from storage.db import SqliteDatabase, open_database


def _made(path: Path) -> list[db_module.Migration]:
    async def make() -> list[db_module.Migration]:
        db = await open_database(path, migrate=True)
        await db.close()
        return db_module.load_migrations()

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, make()).result()


def _copy(template: Path, target: Path) -> None:
    source = sqlite3.connect(template)
    try:
        dest = sqlite3.connect(target, timeout=10)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()


@pytest.fixture(scope="session", autouse=True)
def migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory):
    template = tmp_path_factory.mktemp("sqlite-template") / "migrated.sqlite3"
    migrations = _made(template)
    real_migrate = SqliteDatabase.migrate

    async def migrate(self: SqliteDatabase) -> list[int]:
        if (db_module.load_migrations() == migrations and await self.schema_version() == 0
                and await self.fetch_value("SELECT COUNT(*) FROM sqlite_master") == 0):
            await asyncio.to_thread(_copy, template, self.path)
            if await self.schema_version() == migrations[-1].version:
                return [m.version for m in migrations]
        return await real_migrate(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SqliteDatabase, "migrate", migrate)
        yield template
