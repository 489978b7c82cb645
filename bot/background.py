"""Work started by a handler or a job that the bot's stop must not wait for: a drain of the outbox lasts as
long as messages are due (a broadcast, a morning of reminders), and Application.stop waits for every task
made with Application.create_task. These run beside the Application instead; the outbox's own stop
(post_shutdown, before the database closes) ends a drain among them and hands its rows back.

A reference is kept until the task ends (asyncio keeps only weak ones), and a failure is logged in one
line instead of "Task exception was never retrieved".
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)

_RUNNING: set[asyncio.Task[Any]] = set()


def start(work: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
    task = asyncio.get_running_loop().create_task(work, name=name)
    _RUNNING.add(task)
    task.add_done_callback(_finished)
    return task


def _finished(task: asyncio.Task[Any]) -> None:
    _RUNNING.discard(task)
    if not task.cancelled() and (error := task.exception()) is not None:
        log.error("%s failed: %s", task.get_name(), type(error).__name__)
