"""Updates are handled concurrently, one chat at a time: different people are answered at once, while
the updates of one chat keep the order they were sent in.

Order matters within a chat: a reply to the review screen must see the edit made by the press before
it, a photo album's first photo must be seen first (bot/handlers/photo_album.py), and a clerk pressing
twice must find the first press's result. Across chats the handlers share only the database, whose
write transactions are serialised (storage/db.py), so they may run together.

PTB acquires its own semaphore before `do_process_update`, so updates waiting for their chat would hold
its slots; that semaphore is therefore only the queue's bound (QUEUE_BOUND), and the number of updates
actually being handled is bounded here, after the chat's turn has come.

When an update's handling finished (errors included: the error handler has seen them), `on_finished` is
told, and the update inbox (bot.update_inbox) marks it done; a handling cut off by cancellation is not.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

QUEUE_BOUND = 256


class _Turn:
    """The lock of one chat and how many of its updates hold or wait for it."""

    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()  # FIFO: waiters are woken in the order they arrived
        self.users = 0


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int,
                 on_finished: Callable[[object], Awaitable[None]] | None = None) -> None:
        super().__init__(QUEUE_BOUND)
        self.on_finished = on_finished
        self.handling_bound = max_concurrent_updates
        self._handling: asyncio.Semaphore | None = None
        self._turns: dict[int, _Turn] = {}
        self._in_flight = 0
        self._idle: asyncio.Event | None = None

    async def initialize(self) -> None:
        # Created on the loop that runs the bot (tests start several bots, each on its own loop).
        self._handling = asyncio.Semaphore(self.handling_bound)
        self._idle = asyncio.Event()
        self._idle.set()

    async def shutdown(self) -> None:
        self._turns.clear()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        assert self._handling is not None and self._idle is not None, "initialize() was not awaited"
        self._in_flight += 1
        self._idle.clear()
        finished = True
        try:
            await self._in_turn(update, coroutine)
        except asyncio.CancelledError:
            finished = False
            raise
        finally:
            try:
                if finished and self.on_finished is not None:
                    await self.on_finished(update)
            finally:
                self._in_flight -= 1
                if self._in_flight == 0:
                    self._idle.set()

    async def _in_turn(self, update: object, coroutine: Awaitable[Any]) -> None:
        assert self._handling is not None
        key = _chat_key(update)
        if key is None:
            async with self._handling:
                await coroutine
            return
        turn = self._turns.setdefault(key, _Turn())
        turn.users += 1
        try:
            async with turn.lock, self._handling:
                await coroutine
        finally:
            turn.users -= 1
            if turn.users == 0:
                del self._turns[key]

    async def wait_idle(self) -> None:
        """Return once no update is being handled or waiting for its chat (tests and the demo wait on
        this; work a handler handed to a background task is not counted)."""
        if self._idle is not None:
            await self._idle.wait()


def _chat_key(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None
