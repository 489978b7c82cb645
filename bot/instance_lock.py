"""One `dondoc run` per database: an OS lock on `<db>.lock`, held for the life of the process.

Two bots on one database both poll Telegram ("Conflict" errors every few seconds) and both drain the
outbox (twice the allowed send rate). `fcntl.flock` is released by the kernel when the process exits
or is killed, so a crash never leaves a stale lock behind; the file itself stays and is harmless.
The descriptor is opened close-on-exec (Python's default), so programs the bot starts (OCR tools,
worker processes started by spawn/forkserver) do not inherit the lock.
"""

from __future__ import annotations

import fcntl
import os
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
