"""CPU-bound work in a worker process, so it holds neither the event loop nor the interpreter's lock.

Reading a long notice is pure Python for a second or more; in a thread (asyncio.to_thread) it still
takes the GIL from the handlers, so every other person's answer waited behind it. One worker process
is enough for an office (uploads are rare; two at once queue) and leaves the second core to the bot.

spawn, not fork: the bot's process runs threads (aiosqlite, the event loop's executor), and a forked
copy of a process with threads can deadlock; spawn also keeps the instance lock's descriptor and the
database connection out of the worker. The worker is started on first use and kept for the process's
life. Reports have a worker of their own (bot/services/report_files.py).
"""

from __future__ import annotations

import asyncio
import atexit
import functools
import importlib
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")

# The worker's CPU priority below the bot's: when both want the processor (a sweep planned while people
# press buttons), the bot's answers come first and the background work takes what is left.
WORKER_NICENESS = 10


def _yield_to_the_bot() -> None:
    os.nice(WORKER_NICENESS)


class WorkerProcess:
    """One spawned worker process, started on first use; a worker that died is replaced once."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    def _current(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_yield_to_the_bot)
            # at exit, work still queued is dropped rather than run for a process that is going away
            atexit.register(self._pool.shutdown, cancel_futures=True)
        return self._pool

    def _discard(self, pool: ProcessPoolExecutor) -> None:
        if self._pool is pool:
            self._pool = None
        pool.shutdown(wait=False, cancel_futures=True)

    async def run(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """`fn(*args, **kwargs)` in the worker process; `fn`, its arguments and its result must pickle.
        A worker that died (killed, out of memory) is replaced once."""
        call = functools.partial(fn, *args, **kwargs)
        loop = asyncio.get_running_loop()
        pool = self._current()
        try:
            return await loop.run_in_executor(pool, call)
        except BrokenProcessPool:
            self._discard(pool)
        return await loop.run_in_executor(self._current(), call)

    async def warm(self, *modules: str) -> None:
        """Start the worker and import `modules` in it now, so that the first real call does not pay
        for the spawn and the imports (a second or two of CPU) while people are pressing buttons."""
        await self.run(_import, modules)


def _import(modules: tuple[str, ...]) -> None:
    for name in modules:
        importlib.import_module(name)


# Parsing notices and planning large sweeps.
_WORKER = WorkerProcess()
run_cpu = _WORKER.run
warm_cpu = _WORKER.warm
