"""Typed dependencies for handlers: `context.bot_data.settings`, never `bot_data["settings"]`.

PTB creates BotData itself (no arguments); build_application fills `settings` and `render`, and the
post_init hook opens storage and fills `db`, `repos`, `side` and `outbox`. Handlers and jobs only run after
post_init, so reading one of these before then is a bug and raises at once instead of returning None.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from telegram.ext import CallbackContext, ExtBot

from messages.render import clip, render, split_blocks

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.outbox import OutboxSender
    from bot.workers import WorkerLease
    from storage.db import Database
    from storage.repositories import Repositories


class NotReadyError(RuntimeError):
    """A dependency was read before the hook that provides it ran (or after storage was closed)."""


class BotData:
    def __init__(self) -> None:
        self._settings: Settings | None = None
        # Renderer functions (messages/render.py), here so handlers need no import and tests could
        # swap them: render(name, **ctx) -> str, split_blocks(blocks) -> list[str], clip(text) -> str.
        self.render: Callable[..., str] = render
        self.split_blocks: Callable[..., list[str]] = split_blocks
        self.clip: Callable[..., str] = clip
        self._db: Database | None = None
        self._repos: Repositories | None = None
        self._side: Repositories | None = None
        self._outbox: OutboxSender | None = None
        self._lease: WorkerLease | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            raise NotReadyError("BotData.settings is set by build_application")
        return self._settings

    @settings.setter
    def settings(self, value: Settings) -> None:
        self._settings = value

    @property
    def db(self) -> Database:
        if self._db is None:
            raise NotReadyError("BotData.db is opened by post_init")
        return self._db

    @property
    def repos(self) -> Repositories:
        if self._repos is None:
            raise NotReadyError("BotData.repos is built by post_init")
        return self._repos

    @property
    def side(self) -> Repositories:
        """Repositories over a second, read-only connection, for long reads (/tonghop, digests).

        aiosqlite runs one connection's statements one after another on its thread: a digest's
        aggregates (half a second over a large database) on `repos` would hold every press's small
        reads and writes behind them. WAL lets this reader run beside the writer; it sees what was
        committed, which is all a digest shows."""
        if self._side is None:
            raise NotReadyError("BotData.side is opened by post_init")
        return self._side

    @property
    def outbox(self) -> OutboxSender:
        """The sender the outbox job drains; flows also drain it at once after enqueuing."""
        if self._outbox is None:
            raise NotReadyError("BotData.outbox is built by post_init")
        return self._outbox

    def attach_storage(self, db: Database, repos: Repositories, outbox: OutboxSender,
                       side: Repositories, lease: WorkerLease | None = None) -> None:
        self._db, self._repos, self._outbox, self._side = db, repos, outbox, side
        self._lease = lease

    async def close_storage(self) -> None:
        """Stop the outbox's background drain (its rows handed back), leave the workers (PostgreSQL),
        then close both connections (post_shutdown); a second call does nothing."""
        db, outbox, side, lease = self._db, self._outbox, self._side, self._lease
        self._db, self._repos, self._outbox, self._side, self._lease = None, None, None, None, None
        try:
            if outbox is not None:
                await outbox.stop()
            if lease is not None:
                await lease.leave()
        finally:
            await self._close(db, side)

    @staticmethod
    async def _close(db: Database | None, side: Repositories | None) -> None:
        try:
            if side is not None:
                await side.db.close()
        finally:
            if db is not None:
                await db.close()


# Handlers annotate `context: Context` to get typed `context.bot_data`.
Context = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]
