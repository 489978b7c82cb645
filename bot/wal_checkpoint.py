"""SQLite's write-ahead log is copied back into the database file by a connection of its own.

By default the commit that grows the log past 1,000 pages does the copy (and its fsync) before it
returns: during a sweep that writes thousands of rows, one commit in twenty took 50-100 ms, and the
person whose button press made that commit waited for it. The bot's writing connection turns that off
(`wal_autocheckpoint = 0`) and this checkpointer copies what is new every second, in PASSIVE mode: it
never waits for, nor holds up, a reader or a writer. Closing the last connection still checkpoints all.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from bot import background
from storage.db import Database, open_database

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 1.0


class WalCheckpointer:
    def __init__(self, writer: Database, own: Database) -> None:
        self.writer, self.own = writer, own
        self._task: asyncio.Task[None] | None = None

    @classmethod
    async def start(cls, writer: Database) -> WalCheckpointer | None:
        """For a SQLite database: the writer stops checkpointing inside its commits, and the copy runs
        every INTERVAL_SECONDS on a connection of its own. None for PostgreSQL."""
        if writer.dialect != "sqlite" or writer.path is None:
            return None
        own = await open_database(writer.path)
        checkpointer = cls(writer, own)
        await writer.fetch_one("PRAGMA wal_autocheckpoint = 0")
        checkpointer._task = background.start(checkpointer._run(), "wal checkpoint")
        return checkpointer

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(INTERVAL_SECONDS)
            try:
                await self.own.fetch_one("PRAGMA wal_checkpoint(PASSIVE)")
            except Exception as error:  # a busy or full disk: the next second tries again
                log.warning("WAL checkpoint failed: %s", error)

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.own.close()
