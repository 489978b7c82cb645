"""Transactions: serialised on one connection, nested safely, rolled back on error, and two connections
(the sweep in one process, a handler in another) never fail with "database is locked"."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from storage.db import open_database
from storage.repositories import FIRST_TENANT, Deployment, Repositories


def sender(repos):
    """The delivery side of the outbox (every tenant's rows), on the same connection."""
    return Deployment(repos.db).outbox


async def test_tasks_sharing_one_connection_never_interleave_their_transactions(db, repos, now):
    if db.dialect != "sqlite":
        pytest.skip("one shared connection is SQLite's design; PostgreSQL's transactions run side by side")
    async def writer(n: int) -> None:
        async with db.transaction():
            before = await db.fetch_value("SELECT COUNT(*) FROM outbox")
            await asyncio.sleep(0)  # let the other tasks try to run in between
            await repos.outbox.enqueue(f"w{n}", n, "text", {"seen": before}, now)
            assert await db.fetch_value("SELECT COUNT(*) FROM outbox") == before + 1

    await asyncio.gather(*(writer(n) for n in range(40)))
    assert await sender(repos).pending_count() == 40


async def test_an_error_rolls_back_the_outer_and_nested_work(db, repos, now):
    with pytest.raises(RuntimeError):
        async with db.transaction():
            await repos.outbox.enqueue("outer", 1, "text", {}, now)
            async with db.transaction():
                await repos.outbox.enqueue("inner", 1, "text", {}, now)
            raise RuntimeError("boom")
    assert await sender(repos).pending_count() == 0
    assert not db.in_transaction
    # a nested block commits only with its outer block
    async with db.transaction():
        async with db.transaction():
            await repos.outbox.enqueue("inner", 1, "text", {}, now)
        assert db.in_transaction
    assert await sender(repos).pending_count() == 1


async def test_two_connections_writing_at_once_do_not_fail_with_database_is_locked(tmp_path, now):
    path = tmp_path / "busy.sqlite3"
    sweep_db = await open_database(path, migrate=True)
    handler_db = await open_database(path)
    try:
        sweep, handler = Repositories(sweep_db, FIRST_TENANT), Repositories(handler_db, FIRST_TENANT)
        unit = await handler.units.create("Phòng Kinh tế", now=now)

        async def sweep_loop():
            for i in range(60):
                async with sweep_db.transaction():
                    await sweep.outbox.enqueue(f"reminder:{i}", 1, "text", {}, now)
                    await asyncio.sleep(0.002)  # hold the write lock while the other side wants it

        async def handler_loop():
            for i in range(60):
                async with handler_db.transaction():
                    person = await handler.people.upsert_from_telegram(1000 + i, 1000 + i, f"Người {i}", now)
                    await handler.roles.grant(person.id, "head", unit.id, granted_by=None, now=now)
                    await asyncio.sleep(0.002)

        await asyncio.gather(sweep_loop(), handler_loop())
        assert await Deployment(sweep.db).outbox.pending_count() == 60
        assert len(await sweep.roles.heads_of(unit.id)) == 60
    finally:
        await sweep_db.close()
        await handler_db.close()


async def test_reader_on_another_connection_sees_only_committed_rows(tmp_path, now):
    path = tmp_path / "read.sqlite3"
    writer = await open_database(path, migrate=True)
    reader = await open_database(path)
    try:
        async with writer.transaction():
            await Repositories(writer, FIRST_TENANT).outbox.enqueue("k", 1, "text", {}, now)
            assert await Deployment(reader).outbox.pending_count() == 0
        assert await Deployment(reader).outbox.pending_count() == 1
    finally:
        await writer.close()
        await reader.close()


async def test_naive_datetimes_are_refused(repos, now):
    with pytest.raises(ValueError, match="naive"):
        await repos.outbox.enqueue("k", 1, "text", {}, now.replace(tzinfo=None))
    assert await sender(repos).pending_count() == 0


def test_database_is_locked_would_happen_without_the_busy_timeout(tmp_path):
    # Guards the test above: with no wait at all a second writer does fail, so passing it means something.
    path = tmp_path / "raw.sqlite3"
    first = sqlite3.connect(path, isolation_level=None, timeout=0)
    second = sqlite3.connect(path, isolation_level=None, timeout=0)
    first.execute("PRAGMA journal_mode=WAL")
    first.execute("CREATE TABLE t (x)")
    first.execute("BEGIN IMMEDIATE")
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        second.execute("BEGIN IMMEDIATE")
    first.execute("ROLLBACK")
    first.close()
    second.close()


async def test_a_transaction_cancelled_while_it_begins_leaves_the_connection_usable(db, repos, now):
    # A drain stopped at shutdown is cancelled wherever it waits, BEGIN included; the BEGIN still runs on
    # the connection's thread, and the next transaction must not find itself inside it.
    async def writer() -> None:
        async with db.transaction():
            await repos.outbox.enqueue("never", 1, "text", {}, now)

    task = asyncio.create_task(writer())
    await asyncio.sleep(0)  # the task now waits for its BEGIN IMMEDIATE
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    await repos.outbox.enqueue("after", 2, "text", {}, now)

    assert [m.key for m in await repos.outbox.with_key_prefix("")] == ["after"]


async def test_a_row_inserted_first_in_a_failed_transaction_is_not_kept(db, repos, now):
    # On PostgreSQL the insert's RETURNING read is the transaction's first statement: it must not
    # autocommit on its own.
    with pytest.raises(RuntimeError):
        async with db.transaction():
            await repos.units.create("Phòng Tư pháp", now=now)
            raise RuntimeError("boom")
    assert await repos.units.list(active_only=False) == []
