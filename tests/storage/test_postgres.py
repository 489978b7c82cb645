"""What only PostgreSQL has: migrating a fresh server database (twice at once) into the SQLite schema's
twin, its operator commands, byte-ordered time text, a transaction per task, the query conversion, and
the one-poller lock of `dondoc run`."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from bot.config import Settings
from bot.exit_codes import ExitCode
from bot.instance_lock import AlreadyPolling, PollLock
from messages.render import render
from storage.db import latest_version, open_database
from storage.postgres import convert_sql
from storage.repositories import FIRST_TENANT, Repositories
from tests.cli import dondoc
from tests.postgres import SERVER_URL, _admin, _with_database, empty_postgres
from tests.storage.conftest import NOW

pytestmark = pytest.mark.postgres
TOKEN = "123456:POSTGRES"


@pytest.fixture
async def fresh_url(postgres_url):
    """An empty database of its own (not the session's migrated one), dropped afterwards."""
    assert SERVER_URL is not None
    name = f"dondoc_test_fresh_{uuid.uuid4().hex[:10]}"
    await _admin(SERVER_URL, f'CREATE DATABASE "{name}"')
    yield _with_database(SERVER_URL, name)
    await _admin(SERVER_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def test_two_processes_migrating_at_once_apply_each_migration_exactly_once(fresh_url):
    first, second = await open_database(fresh_url), await open_database(fresh_url)
    try:
        applied = await asyncio.gather(first.migrate(), second.migrate())
        assert sorted(applied[0] + applied[1]) == list(range(1, latest_version("postgres") + 1))
        assert await first.schema_version() == latest_version("postgres") == latest_version()
        assert await first.fetch_value("SELECT COUNT(*) FROM schema_version") == 1
    finally:
        await first.close()
        await second.close()


async def test_db_migrate_check_and_backup_on_a_server(fresh_url, monkeypatch):
    monkeypatch.setenv("DONDOC_DATABASE_URL", fresh_url)
    migrated = await asyncio.to_thread(dondoc, "db", "migrate")
    assert migrated.returncode == 0, migrated.stderr
    assert f"lên phiên bản {latest_version()}" in migrated.stdout and fresh_url in migrated.stdout
    again = await asyncio.to_thread(dondoc, "db", "migrate")
    assert again.returncode == 0 and "không có gì thay đổi" in again.stdout

    checked = await asyncio.to_thread(dondoc, "db", "check")
    assert checked.returncode == 0, checked.stderr
    assert f"phiên bản lược đồ {latest_version()}/{latest_version()}" in checked.stdout
    assert "assignments 0" in checked.stdout and "outbox 0" in checked.stdout

    backup = await asyncio.to_thread(dondoc, "db", "backup", "/tmp/never-written.bak")
    assert backup.returncode == 1 and backup.stdout == ""
    assert backup.stderr.count("\n") == 1
    assert f'pg_dump --format=custom --file=dondoc.dump "{fresh_url}"' in backup.stderr


async def test_db_check_names_a_server_database_that_does_not_exist(postgres_url):
    missing = _with_database(postgres_url, f"dondoc_test_missing_{uuid.uuid4().hex[:8]}")
    checked = await asyncio.to_thread(dondoc, "db", "check", "--db", missing)
    assert checked.returncode == 1
    assert "does not exist" in checked.stderr and "sqlalche.me" not in checked.stderr


async def test_every_text_column_orders_bytes_as_sqlite_does_whatever_the_locale(postgres_url):
    db = await open_database(postgres_url)
    try:
        collations = {row[0] for row in await db.fetch_all(
            "SELECT DISTINCT COALESCE(collation_name, 'default') FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND data_type = 'text'")}
        assert collations == {"C"}
        # an upper-case letter before a lower-case one, "10:00" after "09:59": byte order
        assert await db.fetch_value(
            "SELECT string_agg(k, ',' ORDER BY k) FROM (SELECT key AS k FROM outbox UNION ALL"
            " SELECT unnest(ARRAY['b', 'B', '2026-06-03T10:00', '2026-06-03T09:59']) COLLATE \"C\") s"
        ) == "2026-06-03T09:59,2026-06-03T10:00,B,b"
    finally:
        await db.close()


def test_query_text_written_for_sqlite_becomes_postgresql_once():
    statement, flags = convert_sql(
        "SELECT 'a:b?' FROM assignments a INDEXED BY assignments_counted"
        " CROSS JOIN tasks t ON t.id = a.task_id WHERE a.deadline IS ? AND (? IS NULL OR a.unit_id = ?)"
        " AND :n IS NOT NULL ORDER BY u.name COLLATE NOCASE"
    )
    assert str(statement) == (
        "SELECT 'a:b?' FROM assignments a JOIN tasks t ON t.id = a.task_id"
        " WHERE a.deadline IS NOT DISTINCT FROM :p1 AND (CAST(:p2__null AS BOOLEAN) OR a.unit_id = :p3)"
        " AND NOT CAST(:n__null AS BOOLEAN) ORDER BY lower(u.name)"
    )
    assert flags == ("p2", "n")


async def test_a_second_poller_of_the_same_token_is_refused_until_the_first_lets_go(postgres_url):
    first = await asyncio.to_thread(PollLock.acquire, postgres_url, TOKEN)
    try:
        with pytest.raises(AlreadyPolling):
            await asyncio.to_thread(PollLock.acquire, postgres_url, TOKEN)
        other_bot = await asyncio.to_thread(PollLock.acquire, postgres_url, "654321:OTHER")
        other_bot.release()
    finally:
        first.release()
    again = await asyncio.to_thread(PollLock.acquire, postgres_url, TOKEN)
    again.release()


async def test_dondoc_run_refuses_to_poll_beside_another_poller_in_one_line(
    postgres_url, tmp_path, monkeypatch
):
    for name in ("DONDOC_WEBHOOK_URL", "DONDOC_DB_PATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DONDOC_DATABASE_URL", postgres_url)
    monkeypatch.setenv("DONDOC_TELEGRAM_TOKEN", TOKEN)
    monkeypatch.setenv("DONDOC_DB_PATH", str(tmp_path / "local" / "dondoc.sqlite3"))
    monkeypatch.chdir(tmp_path)  # no .env
    holder = await asyncio.to_thread(PollLock.acquire, postgres_url, TOKEN)
    try:
        refused = await asyncio.to_thread(dondoc, "run")
    finally:
        holder.release()
    assert refused.returncode == ExitCode.ALREADY_RUNNING
    assert refused.stderr == render("cli/already_polling.txt.j2", url=postgres_url) + "\n"
    assert Settings(_env_file=None).database == postgres_url


async def test_the_postgresql_twins_build_the_same_tables_columns_indexes_and_triggers_as_sqlite(
    postgres_url, tmp_path
):
    sqlite = await open_database(tmp_path / "twin.sqlite3", migrate=True)
    server = await open_database(postgres_url)
    try:
        expected: dict[str, set[str]] = {}
        # tables and views: information_schema.columns lists both
        for (table,) in await sqlite.fetch_all(
                "SELECT name FROM sqlite_master"
                " WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"):
            expected[table] = {row["name"] for row in await sqlite.fetch_all(f"PRAGMA table_info({table})")}
        found: dict[str, set[str]] = {}
        for row in await server.fetch_all(
                "SELECT table_name, column_name FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND table_name <> 'schema_version'"):
            found.setdefault(row["table_name"], set()).add(row["column_name"])
        assert found == expected

        def names(rows) -> set[str]:
            return {row[0] for row in rows}

        # not the indexes behind PRIMARY KEY and UNIQUE constraints (SQLite's autoindexes, without sql)
        server_indexes = names(await server.fetch_all(
            "SELECT indexname FROM pg_indexes i WHERE schemaname = current_schema() AND NOT EXISTS"
            " (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"))
        assert server_indexes == names(await sqlite.fetch_all(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))
        assert names(await server.fetch_all(
            "SELECT DISTINCT trigger_name FROM information_schema.triggers"
            " WHERE trigger_schema = current_schema()")) == names(await sqlite.fetch_all(
                # *_tenant_required: SQLite's stand-in for the NOT NULL tenant_id PostgreSQL declares
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                " AND name NOT LIKE '%\\_tenant\\_required' ESCAPE '\\'"))
    finally:
        await sqlite.close()
        await server.close()


async def test_each_task_has_its_own_transaction_and_sees_others_only_once_committed(postgres_url):
    db = await empty_postgres(postgres_url)
    repos = Repositories(db, FIRST_TENANT)

    async def count() -> int:
        return await db.fetch_value("SELECT COUNT(*) FROM outbox")

    try:
        async with db.transaction():
            await repos.outbox.enqueue("mine", 1, "text", {}, NOW)
            assert await count() == 1
            assert await asyncio.create_task(count()) == 0  # another task, another connection
        assert await asyncio.create_task(count()) == 1
    finally:
        await db.close()
