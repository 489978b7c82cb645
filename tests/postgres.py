"""PostgreSQL for the tests that run on both engines (marker `postgres`).

`DONDOC_TEST_DATABASE_URL` names a server database we may connect to (`.ci/run` sets it when one
answers). The session creates one fresh database with a unique name there, migrates it once and drops it
at the end; each test gets it emptied (a DELETE per table, its sequences restarted), which costs
milliseconds where a database per test costs a CREATE DATABASE and a TRUNCATE of every table a third of
a second. Without the variable, or when the server does not answer,
every PostgreSQL test is skipped with one line saying why.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import uuid

import pytest

from storage.db import Database, open_database

URL_VARIABLE = "DONDOC_TEST_DATABASE_URL"
# Read once at start: hermetic fixtures remove every DONDOC_* variable before they ask for the database.
SERVER_URL = os.environ.get(URL_VARIABLE)

# The `db` fixtures' engines: SQLite always, PostgreSQL marked so `pytest -m postgres` selects it.
ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def on_both_engines(fixture: str) -> pytest.MarkDecorator:
    """For a test whose `fixture` is SQLite unless asked: run it on PostgreSQL too. For what differs per
    engine (SQL text, triggers, transactions and locks, concurrent processes); the engine-neutral
    Python behind a flow runs once, on SQLite."""
    return pytest.mark.parametrize(fixture, ENGINES, indirect=True)


def _with_database(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


async def _admin(url: str, statement: str) -> None:
    import asyncpg

    from storage.postgres import driver_url

    conn = await asyncpg.connect(driver_url(url).replace("postgresql+asyncpg://", "postgresql://"),
                                 timeout=5)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


async def _create(url: str, name: str) -> None:
    await _admin(url, f'CREATE DATABASE "{name}"')
    db = await open_database(_with_database(url, name), migrate=True)
    await db.close()


def _run(coroutine) -> None:
    """Run on a loop of its own in a thread: the fixture may be first asked for inside a test's loop."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="session")
def postgres_url():
    """A fresh, migrated database on the test server, for the whole session; its URL."""
    url = SERVER_URL
    if not url:
        pytest.skip(f"PostgreSQL tests need {URL_VARIABLE} (e.g. postgresql://postgres@127.0.0.1:5432/test)")
    name = f"dondoc_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        _run(_create(url, name))
    except (OSError, TimeoutError) as error:
        pytest.skip(f"PostgreSQL at {URL_VARIABLE} does not answer: {error}")
    try:
        yield _with_database(url, name)
    finally:
        _run(_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


# Per database URL: the statements that empty it (its tables and sequences are the migrations', fixed
# for the session).
_EMPTYING: dict[str, str] = {}


async def _emptying(conn) -> str:
    tables = [row[0] for row in await conn.fetch(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        " AND tablename <> 'schema_version' ORDER BY tablename")]
    sequences = [row[0] for row in await conn.fetch(
        "SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema() ORDER BY sequencename")]
    # DELETE, not TRUNCATE: a TRUNCATE of every table replaces each one's files (0.2-0.35 s a test); a
    # DELETE of the few rows a test wrote takes milliseconds. Foreign keys and triggers are off meanwhile
    # (replica role: they are triggers), so the order does not matter and nothing is re-planned.
    return "".join([
        "SET session_replication_role = replica;",
        *(f'DELETE FROM "{table}";' for table in tables),
        *(f"SELECT setval('\"{sequence}\"', 1, false);" for sequence in sequences),
        "SET session_replication_role = DEFAULT;",
        # as migrated: the first committee, which a one-office deployment works in (migration 0010)
        "INSERT INTO tenants (id, name, kind, created_at, updated_at) VALUES (1, 'Ủy ban nhân dân', 'other',"
        " '2026-01-01T00:00:00.000000+00:00', '2026-01-01T00:00:00.000000+00:00');",
        "SELECT setval(pg_get_serial_sequence('tenants', 'id'), 1);",
    ])


async def empty_postgres(url: str) -> Database:
    """The session's database, every table emptied and every sequence restarted, as migrated; the caller
    closes it."""
    import asyncpg

    from storage.postgres import driver_url

    conn = await asyncpg.connect(driver_url(url).replace("postgresql+asyncpg://", "postgresql://"),
                                 timeout=5)
    try:
        if url not in _EMPTYING:
            _EMPTYING[url] = await _emptying(conn)
        await conn.execute(_EMPTYING[url])
    finally:
        await conn.close()
    return await open_database(url)


async def open_test_database(request: pytest.FixtureRequest, engine: str, sqlite_path) -> Database:
    """The `db` fixtures' database: a migrated SQLite file at sqlite_path, or the emptied PostgreSQL one."""
    if engine == "postgresql":
        return await empty_postgres(request.getfixturevalue("postgres_url"))
    return await open_database(sqlite_path, migrate=True)
