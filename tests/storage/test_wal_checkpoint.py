"""The bot's writer leaves WAL checkpoints to a connection of its own (bot.wal_checkpoint): its commits
never copy the log back, and the database file still receives what was written, within seconds."""

from __future__ import annotations

import asyncio

from bot import wal_checkpoint
from bot.wal_checkpoint import WalCheckpointer
from storage.db import open_database


async def _write_pages(db, rows: int) -> None:
    await db.fetch_one("CREATE TABLE IF NOT EXISTS filler (id INTEGER PRIMARY KEY, body TEXT)")
    async with db.transaction():
        await db.execute_many("INSERT INTO filler (body) VALUES (?)", [("x" * 2000,) for _ in range(rows)])


async def test_the_writer_does_not_checkpoint_and_the_checkpointer_does(tmp_path, monkeypatch):
    monkeypatch.setattr(wal_checkpoint, "INTERVAL_SECONDS", 0.1)
    path = tmp_path / "dondoc.sqlite3"
    db = await open_database(path, migrate=True)
    checkpointer = await WalCheckpointer.start(db)
    assert checkpointer is not None
    try:
        assert await db.fetch_value("PRAGMA wal_autocheckpoint") == 0
        before = path.stat().st_size
        await _write_pages(db, 3000)  # about 1,500 pages: past the 1,000 that a commit would copy back
        for _ in range(50):
            if path.stat().st_size > before + 4_000_000:
                break
            await asyncio.sleep(0.1)
        assert path.stat().st_size > before + 4_000_000  # the rows reached the database file
    finally:
        await checkpointer.stop()
        await db.close()


async def test_without_the_checkpointer_the_writer_keeps_the_log(tmp_path):
    """The test above is not passing by the writer's own doing: with autocheckpoint off and nobody
    checkpointing, the rows stay in the log."""
    path = tmp_path / "dondoc.sqlite3"
    db = await open_database(path, migrate=True)
    try:
        await db.fetch_one("PRAGMA wal_autocheckpoint = 0")
        before = path.stat().st_size
        await _write_pages(db, 3000)
        await asyncio.sleep(0.3)
        assert path.stat().st_size < before + 1_000_000
    finally:
        await db.close()
