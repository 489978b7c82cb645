"""Who holds an outbox claim: a process named by its pid and start stamp, so that the next start can tell
a claim of a process that died (taken back at once) from one of a process still running (left alone)."""

from __future__ import annotations

import os
import time
from pathlib import Path


def _proc_start(pid: int) -> str | None:
    # Field 22 of /proc/<pid>/stat: the process's start in clock ticks after boot. With the pid it names
    # one process for the life of the machine, so a recycled pid (pid 1 in every container) is no alias.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


def owner_of(pid: int) -> str:
    """How the process `pid` names its claims: pid and start stamp."""
    return f"{pid}:{_proc_start(pid) or int(time.time() * 1000)}"


_OWNER = owner_of(os.getpid())


def process_owner() -> str:
    """The name this process gives its claims: pid and start stamp."""
    return _OWNER


def owner_alive(owner: str) -> bool:
    """Whether the process that wrote `owner` still runs (an unreadable name counts as alive: the lease
    takes over)."""
    pid_text, _, stamp = owner.partition(":")
    if owner == _OWNER:
        return True
    if not pid_text.isdigit():
        return True
    pid = int(pid_text)
    if pid == os.getpid():
        return False  # our pid, another start stamp: an earlier process that used the same pid
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else
    started = _proc_start(pid)
    return started is None or started == stamp
