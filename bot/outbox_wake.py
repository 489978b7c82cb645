"""Handlers that queue messages ask for them to go out now without sending them themselves.

A handler that drained the outbox inline held its chat's turn (bot.update_order) and the press's answer
for as long as the paced sends took, and made its own person wait behind other people's messages. It
wakes a drain instead: one background task drains while wake-ups keep coming, so a burst of presses
costs one drain plus one more, not one each. The outbox job still drains every few seconds, so a wake
lost to a drain already running (OutboxSender.drain returns at once then) only waits for the job.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from telegram.ext import Application

Drain = Callable[[datetime], Awaitable[object]]


class OutboxWake:
    def __init__(self, drain: Drain) -> None:
        self._drain = drain
        self._task: asyncio.Task[Any] | None = None
        self._again = False

    def wake(self, app: Application) -> None:
        """Drain soon, in a task of `app` (so Application.stop waits for it before storage closes). A
        bot that is stopping starts no drain: what was queued stays in the outbox for the next start."""
        if not app.running:
            return
        if self._task is not None and not self._task.done():
            self._again = True
            return
        self._again = False
        self._task = app.create_task(self._run(), name="outbox-wake")

    async def _run(self) -> None:
        while True:
            await self._drain(datetime.now(UTC))
            if not self._again:
                return
            self._again = False
