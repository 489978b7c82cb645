"""Typed dependencies for handlers: `context.bot_data.settings`, never `bot_data["settings"]`.

PTB creates BotData itself (no arguments); build_application fills `settings` and `render`, and the
post_init hook opens storage and fills `db`, `deployment`, the read-only side connection and `outbox`.
Handlers and jobs only run after post_init, so reading one of these before then is a bug and raises at
once instead of returning None.

An update concerns one tenant (People's Committee): the guard that identifies the actor binds it to the
update's context (`context.bind`), and `context.repos` are that tenant's repositories. Before the tenant
is known, `context.repos` raises: no handler can read or write without naming the tenant.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from telegram.ext import CallbackContext, ExtBot

from messages.render import clip, render, split_blocks
from storage.repositories import Deployment, Repositories

if TYPE_CHECKING:
    from telegram.ext import Application

    from bot.config import Settings
    from bot.outbox import OutboxSender
    from bot.workers import WorkerLease
    from storage.db import Database
    from storage.models import Tenant


log = logging.getLogger(__name__)


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
        self._deployment: Deployment | None = None
        self._side_db: Database | None = None
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
    def deployment(self) -> Deployment:
        """What belongs to no tenant: tenants, people, the outbox's delivery, each chat's chosen tenant."""
        if self._deployment is None:
            raise NotReadyError("BotData.deployment is built by post_init")
        return self._deployment

    def repos_for(self, tenant_id: int) -> Repositories:
        """Tenant `tenant_id`'s repositories on the writer connection (cheap: no I/O)."""
        return Repositories(self.db, tenant_id, tz=self.settings.tz)

    def side_for(self, tenant_id: int) -> Repositories:
        """Tenant `tenant_id`'s repositories over a second, read-only connection, for long reads
        (/tonghop, digests).

        aiosqlite runs one connection's statements one after another on its thread: a digest's
        aggregates (half a second over a large database) on the writer would hold every press's small
        reads and writes behind them. WAL lets this reader run beside the writer; it sees what was
        committed, which is all a digest shows."""
        if self._side_db is None:
            raise NotReadyError("BotData's side connection is opened by post_init")
        return Repositories(self._side_db, tenant_id, tz=self.settings.tz)

    @property
    def outbox(self) -> OutboxSender:
        """The sender the outbox job drains; flows also drain it at once after enqueuing."""
        if self._outbox is None:
            raise NotReadyError("BotData.outbox is built by post_init")
        return self._outbox

    def attach_storage(self, db: Database, outbox: OutboxSender, side_db: Database,
                       lease: WorkerLease | None = None) -> None:
        self._db, self._outbox, self._side_db, self._lease = db, outbox, side_db, lease
        self._deployment = Deployment(db, tz=self.settings.tz)

    async def close_storage(self) -> None:
        """Stop the outbox's background drain (its rows handed back), leave the workers (PostgreSQL),
        then close both connections (post_shutdown); a second call does nothing."""
        db, outbox, side, lease = self._db, self._outbox, self._side_db, self._lease
        self._db, self._deployment, self._outbox, self._side_db, self._lease = None, None, None, None, None
        try:
            if outbox is not None:
                await outbox.stop()
            if lease is not None:
                await lease.leave()
        finally:
            await self._close(db, side)

    @staticmethod
    async def _close(db: Database | None, side: Database | None) -> None:
        try:
            if side is not None:
                await side.close()
        finally:
            if db is not None:
                await db.close()


class Context(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """Handlers annotate `context: Context` to get typed `context.bot_data` and the update's tenant.

    PTB builds one context per update (shared by its handler groups), so binding the tenant in a guard
    holds for the rest of that update and for no other."""

    def __init__(self, application: Application[Any, Any, Any, Any, Any, Any],
                 chat_id: int | None = None, user_id: int | None = None) -> None:
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        self._tenant: Tenant | None = None

    def bind(self, tenant: Tenant) -> None:
        self._tenant = tenant

    @property
    def tenant(self) -> Tenant:
        if self._tenant is None:
            raise NotReadyError("the update's tenant is bound by the guard that identifies the actor")
        return self._tenant

    @property
    def settings(self) -> Settings:
        """The settings as they apply to the update's tenant (its reminder policy, digest schedules);
        the deployment's before a tenant is bound (a stranger's /start)."""
        from bot.services.tenant_settings import TenantSettingsError, tenant_settings

        if self._tenant is None:
            return self.bot_data.settings
        try:
            return tenant_settings(self.bot_data.settings, self._tenant)
        except TenantSettingsError:
            log.exception("tenant %s: invalid settings, the deployment's apply", self._tenant.id)
            return self.bot_data.settings

    @property
    def repos(self) -> Repositories:
        """The update's tenant's repositories."""
        return self.bot_data.repos_for(self.tenant.id)

    @property
    def side(self) -> Repositories:
        """The update's tenant's repositories on the read-only connection (BotData.side_for)."""
        return self.bot_data.side_for(self.tenant.id)
