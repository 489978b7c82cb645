"""Draining the outbox: every message a person receives unprompted is a stored row first, then a Bot
API call here, then the row is updated — so a restart loses nothing and repeats nothing recorded.

Storage implements `OutboxStore` (claiming rows with a conditional UPDATE and a lease, so a crash
between the call and its record re-sends at most that one row after the lease). The sender applies
the Telegram error policy of bot.telegram_errors to each row.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from telegram import Message
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes, ExtBot

from bot.sending import deliver
from bot.telegram_errors import Remedy, Verdict, backoff, classify

log = logging.getLogger(__name__)


class ClaimedMessage(Protocol):
    """An outbox row as the sender reads it after claiming it (storage.models.OutboxMessage is one).
    `attempts` counts claims including this one (storage increments it on claim)."""

    @property
    def id(self) -> int: ...
    @property
    def chat_id(self) -> int: ...
    @property
    def kind(self) -> str: ...  # one of bot.sending.KINDS
    @property
    def payload(self) -> dict[str, Any]: ...
    @property
    def attempts(self) -> int: ...


class OutboxStore(Protocol):
    # Positional-only: stores name the row id as they like. Results are `object` because the sender
    # ignores them (storage answers whether the row was still pending).
    async def claim_due(self, now: datetime, limit: int, lease_seconds: float, /
                        ) -> Sequence[ClaimedMessage]:
        """Rows pending with next_attempt_at <= now and no live lease, oldest first; leases them
        until now + lease_seconds and increments attempts."""
        ...

    async def mark_sent(self, message_id: int, telegram_message_id: int | None, now: datetime, /
                        ) -> object: ...
    async def retry_later(self, message_id: int, next_attempt_at: datetime, error: str, /) -> object:
        """Back to pending (lease released) with the error kept for the office to see."""
        ...

    async def mark_failed(self, message_id: int, error: str, now: datetime, /) -> object: ...


OnDelivered = Callable[[ClaimedMessage, int | None], Awaitable[None]]
OnUnreachable = Callable[[ClaimedMessage, str], Awaitable[None]]
OnMigrated = Callable[[int, int], Awaitable[None]]


@dataclass
class DrainReport:
    sent: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    unreachable: list[int] = field(default_factory=list)


@dataclass
class _Chat:
    """What the previous rows of this batch taught us about a chat, to keep its messages in order."""

    chat_id: int
    blocked: str | None = None
    deferred_until: datetime | None = None


class OutboxSender:
    def __init__(
        self,
        store: OutboxStore,
        bot: ExtBot,
        *,
        on_delivered: OnDelivered | None = None,
        on_unreachable: OnUnreachable | None = None,
        on_migrated: OnMigrated | None = None,
        batch_size: int = 60,
        lease_seconds: float = 120.0,
        max_attempts: int = 20,
        backoff_base: float = 5.0,
        backoff_cap: float = 600.0,
        send_timeout: float | None = 30.0,
    ) -> None:
        self.store, self.bot = store, bot
        self.on_delivered, self.on_unreachable, self.on_migrated = on_delivered, on_unreachable, on_migrated
        self.batch_size, self.lease_seconds, self.max_attempts = batch_size, lease_seconds, max_attempts
        self.backoff_base, self.backoff_cap, self.send_timeout = backoff_base, backoff_cap, send_timeout
        # Flood control is per bot: after a RetryAfter nothing is sent until this moment.
        self.paused_until: datetime | None = None
        self._lock = asyncio.Lock()

    async def drain(self, now: datetime) -> DrainReport:
        """Send what is due at `now`. Concurrent calls do not overlap: a second one returns empty."""
        report = DrainReport()
        if self._lock.locked() or (self.paused_until is not None and now < self.paused_until):
            return report
        async with self._lock:
            items = await self.store.claim_due(now, self.batch_size, self.lease_seconds)
            by_chat: dict[int, list[ClaimedMessage]] = {}
            for item in items:
                by_chat.setdefault(item.chat_id, []).append(item)
            # Chats are independent (the rate limiter paces them); a chat's rows go in order.
            await asyncio.gather(*(self._drain_chat(rows, now, report) for rows in by_chat.values()))
        return report

    async def _drain_chat(self, rows: list[ClaimedMessage], now: datetime, report: DrainReport) -> None:
        chat = _Chat(rows[0].chat_id)
        for item in rows:
            if chat.blocked is not None:
                await self.store.mark_failed(item.id, chat.blocked, now)
                report.failed.append(item.id)
            elif self.paused_until is not None and now < self.paused_until:
                await self.store.retry_later(item.id, self.paused_until, "flood control: waiting")
                report.retried.append(item.id)
            elif chat.deferred_until is not None:
                await self.store.retry_later(item.id, chat.deferred_until, "waiting for an earlier message")
                report.retried.append(item.id)
            else:
                await self._send(item, chat, now, report)

    async def _send(self, item: ClaimedMessage, chat: _Chat, now: datetime, report: DrainReport) -> None:
        try:
            sent = await deliver(self.bot, chat.chat_id, item.kind, item.payload,
                                 request_timeout=self.send_timeout)
        except TelegramError as error:
            verdict = classify(error)
            if verdict.remedy is Remedy.MIGRATED and verdict.new_chat_id is not None:
                await self._migrate(chat, verdict.new_chat_id)
                await self._send(item, chat, now, report)
                return
            if verdict.remedy is not Remedy.ALREADY_DONE:
                await self._apply(item, chat, verdict, now, report)
                return
            sent = True
        except (KeyError, ValueError, OSError) as error:  # a malformed row: retrying cannot help
            await self._fail(item, f"{type(error).__name__}: {error}", now, report)
            return
        message_id = sent.message_id if isinstance(sent, Message) else item.payload.get("message_id")
        await self.store.mark_sent(item.id, message_id, now)
        report.sent.append(item.id)
        await self._notify(self.on_delivered, item, message_id)

    async def _apply(
        self, item: ClaimedMessage, chat: _Chat, verdict: Verdict, now: datetime, report: DrainReport
    ) -> None:
        if verdict.remedy is Remedy.WAIT:
            wait = verdict.retry_after or timedelta(seconds=1)
            self.paused_until = max(self.paused_until or now, now + wait)
            log.warning("outbox %s: flood control, pausing sends for %ss", item.id, wait.total_seconds())
            await self.store.retry_later(item.id, self.paused_until, verdict.reason)
            report.retried.append(item.id)
        elif verdict.remedy is Remedy.RETRY and item.attempts < self.max_attempts:
            chat.deferred_until = now + backoff(item.attempts, base=self.backoff_base, cap=self.backoff_cap)
            log.warning("outbox %s: %s; retry %s at %s", item.id, verdict.reason, item.attempts,
                        chat.deferred_until.isoformat())
            await self.store.retry_later(item.id, chat.deferred_until, verdict.reason)
            report.retried.append(item.id)
        elif verdict.remedy is Remedy.UNREACHABLE:
            chat.blocked = verdict.reason
            log.warning("outbox %s: chat %s unreachable: %s", item.id, chat.chat_id, verdict.reason)
            await self.store.mark_failed(item.id, verdict.reason, now)
            report.unreachable.append(item.id)
            await self._notify(self.on_unreachable, item, verdict.reason)
        else:
            await self._fail(item, verdict.reason, now, report)

    async def _fail(self, item: ClaimedMessage, reason: str, now: datetime, report: DrainReport) -> None:
        log.error("outbox %s: failed for good after %s attempt(s): %s", item.id, item.attempts, reason)
        await self.store.mark_failed(item.id, reason, now)
        report.failed.append(item.id)

    async def _migrate(self, chat: _Chat, new_chat_id: int) -> None:
        log.info("chat %s migrated to %s", chat.chat_id, new_chat_id)
        old, chat.chat_id = chat.chat_id, new_chat_id
        if self.on_migrated is not None:
            await self.on_migrated(old, new_chat_id)

    @staticmethod
    async def _notify(callback: Callable[..., Awaitable[None]] | None, *args: Any) -> None:
        if callback is None:
            return
        try:
            await callback(*args)
        except Exception:  # the row is already recorded; a failing listener must not stop the drain
            log.exception("outbox listener %s failed", getattr(callback, "__name__", callback))


async def _outbox_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    sender = context.job.data if context.job is not None else None
    if isinstance(sender, OutboxSender):
        await sender.drain(datetime.now(UTC))


def schedule_outbox(app: Application, sender: OutboxSender, interval: float = 3.0) -> None:
    """Drain every `interval` seconds; rows written by a publish are picked up within that delay."""
    assert app.job_queue is not None
    app.job_queue.run_repeating(_outbox_job, interval=interval, first=0.5, name="outbox", data=sender)
