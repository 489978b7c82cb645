"""One `dondoc run` per database: an OS lock on `<db>.lock`, held for the life of the process.

Two bots on one database both poll Telegram ("Conflict" errors every few seconds) and both drain the
outbox (twice the allowed send rate). `fcntl.flock` is released by the kernel when the process exits
or is killed, so a crash never leaves a stale lock behind; the file itself stays and is harmless.
The descriptor is opened close-on-exec (Python's default), so programs the bot starts (OCR tools,
worker processes started by spawn/forkserver) do not inherit the lock.

On PostgreSQL there is no file: several webhook workers may share the database, and only long polling
is limited to one process, by an advisory lock on the server (PollLock).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import fcntl
import hashlib
import os
import threading
from pathlib import Path


class AlreadyRunning(Exception):
    """Another process holds the database's lock; `pid` is what it wrote there (None if unreadable)."""

    def __init__(self, lock_path: Path, pid: int | None) -> None:
        super().__init__(f"{lock_path} is held by process {pid}")
        self.lock_path = lock_path
        self.pid = pid


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


class InstanceLock:
    def __init__(self, path: Path, fd: int) -> None:
        self.path, self._fd = path, fd

    @classmethod
    def acquire(cls, db_path: Path) -> InstanceLock:
        """Take the lock or raise AlreadyRunning; OSError when the file cannot be created at all."""
        path = lock_path(db_path)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = _read_pid(fd)
            os.close(fd)
            raise AlreadyRunning(path, pid) from None
        except OSError:
            os.close(fd)
            raise
        # The holder's pid, for the refusal line of the next one (and for a person looking).
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        return cls(path, fd)

    def release(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)  # closing the descriptor releases the flock
            self._fd = -1


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


class AlreadyPolling(Exception):
    """Another process long-polls this token against the same PostgreSQL database."""


def poll_lock_key(token: str) -> int:
    """A signed 64-bit advisory-lock key from the token's hash (the token itself never reaches the server)."""
    return int.from_bytes(hashlib.sha256(token.encode()).digest()[:8], "big", signed=True)


class PollLock:
    """On PostgreSQL, only one process may long-poll a token (Telegram answers a second getUpdates with
    "Conflict"); webhook workers share the database freely. A session-level advisory lock keyed by the
    token's hash, held on a connection of its own in a thread with its own event loop (the bot's loop
    does not exist yet when `dondoc run` takes it, and lives on past it): the server releases the lock
    when the process ends, however it ends."""

    def __init__(self, url: str, token: str) -> None:
        self._url, self._key = url, poll_lock_key(token)
        self._taken: concurrent.futures.Future[bool] = concurrent.futures.Future()
        self._released: asyncio.Future[None] | None = None
        self._thread = threading.Thread(target=self._hold, name="dondoc-poll-lock", daemon=True)

    @classmethod
    def acquire(cls, url: str, token: str) -> PollLock:
        """Take the lock or raise AlreadyPolling; the driver's error when the server does not answer."""
        lock = cls(url, token)
        lock._thread.start()
        if not lock._taken.result():
            lock._thread.join()
            raise AlreadyPolling
        return lock

    def _hold(self) -> None:
        try:
            asyncio.run(self._session())
        except BaseException as error:  # the caller waiting on _taken must hear of it
            if not self._taken.done():
                self._taken.set_exception(error)

    async def _session(self) -> None:
        import asyncpg

        from storage.postgres import driver_url

        conn = await asyncpg.connect(driver_url(self._url).replace("+asyncpg", "", 1), timeout=10)
        try:
            taken = bool(await conn.fetchval("SELECT pg_try_advisory_lock($1)", self._key))
            if taken:
                self._released = asyncio.get_running_loop().create_future()
            self._taken.set_result(taken)
            if self._released is not None:
                await self._released  # until release(), from the caller's thread
        finally:
            await conn.close()

    def release(self) -> None:
        released = self._released
        if released is not None:
            released.get_loop().call_soon_threadsafe(_settle, released)
        self._thread.join(timeout=5)


def _settle(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)
