"""Draining the outbox: every message a person receives unprompted is a stored row first, then a Bot
API call here, then the row is updated — so a restart loses nothing and repeats nothing recorded.

A drain runs as long as rows are due: it keeps about one batch claimed ahead, sends each chat's rows in
order (chats in parallel), and records each send as soon as its answer arrives. How fast and in which
order the calls leave is the Pacer's business (bot.pacer, behind the bot's rate limiter): every row
waits there for its slot, answers first, and a 429 holds them all. Claims name their owner
(`process_owner()`), so the first drain after a start takes back at once the rows a dead process held:
at most the sends in flight at a crash are repeated. Several workers on one PostgreSQL database name
their claims by worker (bot.workers) and take back, at every drain's start, the rows of workers whose
lease ran out (`take_back`): a live worker's rows are never taken.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from telegram import Message
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes, ExtBot

from bot import background
from bot.outbox_owner import owner_alive, process_owner
from bot.outbox_slots import InFlight
from bot.pacer import Pacer
from bot.sending import deliver
from bot.shared_pacer import SharedPacer
from bot.telegram_errors import Remedy, Verdict, backoff, classify
from messages.render import TELEGRAM_LIMIT, headed_by_committee

CAPTION_LIMIT = 1024

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
    @property
    def priority(self) -> int: ...  # storage.models.Priority


class OutboxStore(Protocol):
    # Positional-only: stores name the row id as they like. Results are `object` because the sender
    # ignores them (storage answers whether the row was still pending).
    async def claim_due(self, now: datetime, limit: int, lease_seconds: float, owner: str, /
                        ) -> Sequence[ClaimedMessage]:
        """Rows pending with next_attempt_at <= now and no live lease, most urgent then oldest first;
        leases them to `owner` until now + lease_seconds and increments attempts."""
        ...

    async def claim_owners(self) -> Sequence[str]: ...
    async def release_claims(self, owner: str, now: datetime, /) -> object:
        """Rows claimed by `owner` are due again at `now`."""
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
OnFailed = Callable[[ClaimedMessage, str], Awaitable[None]]
TakeBack = Callable[[datetime], Awaitable[object]]


@dataclass
class DrainReport:
    sent: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    unreachable: list[int] = field(default_factory=list)


@dataclass
class _Chat:
    """A chat's claimed rows, sent in order by one worker, and what its previous rows taught us."""

    chat_id: int
    rows: deque[ClaimedMessage] = field(default_factory=deque)
    blocked: str | None = None
    deferred_until: datetime | None = None


def with_tenant_line(item: ClaimedMessage) -> dict[str, Any]:
    """The payload, its text or caption headed by the tenant's name when the row carries one (the
    recipient serves several committees: storage's claim named it)."""
    label = getattr(item, "tenant_label", None)
    field_name = "text" if item.kind in ("message", "edit_text") else "caption"
    if not label or not item.payload.get(field_name):
        return item.payload
    limit = TELEGRAM_LIMIT if field_name == "text" else CAPTION_LIMIT
    return {**item.payload, field_name: headed_by_committee(item.payload[field_name], label, limit)}


class OutboxSender:
    def __init__(
        self,
        store: OutboxStore,
        bot: ExtBot,
        *,
        on_delivered: OnDelivered | None = None,
        on_unreachable: OnUnreachable | None = None,
        on_migrated: OnMigrated | None = None,
        on_failed: OnFailed | None = None,
        batch_size: int = 60,
        lease_seconds: float = 600.0,
        max_attempts: int = 20,
        backoff_base: float = 5.0,
        backoff_cap: float = 600.0,
        send_timeout: float | None = 30.0,
        owner: str | None = None,
        in_flight: int = 3,
        take_back: TakeBack | None = None,
    ) -> None:
        self.store, self.bot = store, bot
        self.on_delivered, self.on_unreachable, self.on_migrated = on_delivered, on_unreachable, on_migrated
        self.on_failed = on_failed
        # About one batch is kept claimed ahead of the pace: a few seconds of sends at 29/s.
        self.batch_size, self.lease_seconds, self.max_attempts = batch_size, lease_seconds, max_attempts
        self.backoff_base, self.backoff_cap, self.send_timeout = backoff_base, backoff_cap, send_timeout
        self.owner = owner or process_owner()
        self.take_back = take_back
        self._in_flight = InFlight(in_flight)
        self._lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._recovered = False
        self._background: asyncio.Task[DrainReport] | None = None
        self._running: asyncio.Task[Any] | None = None

    async def drain(self, now: datetime) -> DrainReport:
        """Send what is due from `now` on, until nothing is due. A call while a drain runs returns at
        once (empty) and makes the running drain look for new rows right away."""
        report = DrainReport()
        if self._lock.locked():
            self._wake.set()
            return report
        async with self._lock:
            loop = asyncio.get_running_loop()
            started = loop.time()

            def clock() -> datetime:  # `now` as given (tests and the demo move it), moving on with the loop
                return now + timedelta(seconds=loop.time() - started)

            self._running = asyncio.current_task()
            try:
                await self._recover(now)
                await self._run(clock, report)
            finally:
                self._running = None
        return report

    def kick(self) -> None:
        """Drain in the background: the wake-up signal for the periodic job and for any caller that must
        not wait for a long broadcast (a handler). A drain already running just looks for new rows."""
        if self._background is not None and not self._background.done():
            self._wake.set()
            return
        self._background = background.start(self.drain(datetime.now(UTC)), "outbox drain")

    async def stop(self) -> None:
        """Stop draining (shutdown), whoever started the drain: rows claimed but not sent are handed back
        at once; a send in flight may reach its chat again after the restart."""
        task, self._background = self._running, None
        if task is not None and not task.done() and task is not asyncio.current_task():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _recover(self, now: datetime) -> None:
        if self.take_back is not None:  # several workers: by their leases, at every drain
            await self.take_back(now)
            return
        if self._recovered:
            return
        self._recovered = True
        for owner in await self.store.claim_owners():
            if owner != self.owner and not owner_alive(owner):
                log.info("outbox: taking back the rows of stopped process %s", owner)
                await self.store.release_claims(owner, now)

    async def _run(self, clock: Callable[[], datetime], report: DrainReport) -> None:
        chats: dict[int, _Chat] = {}
        workers: set[asyncio.Task[None]] = set()
        try:
            while True:
                woken = self._wake.is_set()  # something was enqueued: maybe an answer, claim it now
                self._wake.clear()
                waiting = sum(len(chat.rows) for chat in chats.values())
                claimed: Sequence[ClaimedMessage] = []
                if waiting < self.batch_size // 2 or woken:
                    claimed = await self.store.claim_due(clock(), max(self.batch_size - waiting, 5),
                                                         self.lease_seconds, self.owner)
                for item in claimed:
                    chat = chats.get(item.chat_id)
                    if chat is None:
                        chat = chats[item.chat_id] = _Chat(item.chat_id)
                        worker = asyncio.create_task(self._drain_chat(chat, clock, report, chats))
                        workers.add(worker)
                        worker.add_done_callback(workers.discard)
                    chat.rows.append(item)
                if not workers:
                    if not claimed:
                        return
                    continue
                wake = asyncio.ensure_future(self._wake.wait())
                try:
                    await asyncio.wait([*workers, wake], timeout=1.0, return_when=asyncio.FIRST_COMPLETED)
                finally:  # also when the drain is stopped: no task left pending at shutdown
                    wake.cancel()
        finally:
            for worker in list(workers):
                worker.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
            # Stopped mid-drain, or a chat's worker failed: hand back what this process still holds.
            await self.store.release_claims(self.owner, clock())

    async def _drain_chat(self, chat: _Chat, clock: Callable[[], datetime], report: DrainReport,
                          chats: dict[int, _Chat]) -> None:
        key = chat.chat_id  # chat.chat_id changes if the group migrates
        try:
            await self._send_rows(chat, clock, report)
        except Exception:  # e.g. the database refused a record: the drain's end hands the rows back
            log.exception("outbox: sending to chat %s stopped", key)
        finally:
            chats.pop(key, None)

    async def _send_rows(self, chat: _Chat, clock: Callable[[], datetime], report: DrainReport) -> None:
        while chat.rows:
            item = chat.rows[0]
            now = clock()
            if chat.blocked is not None:
                await self.store.mark_failed(item.id, chat.blocked, now)
                report.failed.append(item.id)
            elif chat.deferred_until is not None:
                await self.store.retry_later(item.id, chat.deferred_until, "waiting for an earlier one")
                report.retried.append(item.id)
            else:
                # A chat's second message waits out most of its second before taking a slot in
                # flight (the pacer still enforces the exact spacing).
                pacer = getattr(self.bot.rate_limiter, "pacer", None)
                if isinstance(pacer, Pacer | SharedPacer) and (wait := pacer.chat_wait(chat.chat_id)) > 0:
                    await asyncio.sleep(wait)
                async with self._in_flight.slot(item.priority):
                    await self._send(item, chat, clock, report)
            chat.rows.popleft()

    async def _send(self, item: ClaimedMessage, chat: _Chat, clock: Callable[[], datetime],
                    report: DrainReport) -> None:
        while True:
            try:
                sent = await deliver(self.bot, chat.chat_id, item.kind, with_tenant_line(item),
                                     request_timeout=self.send_timeout, priority=item.priority)
                break
            except TelegramError as error:
                verdict = classify(error)
                if verdict.remedy is Remedy.MIGRATED and verdict.new_chat_id is not None:
                    await self._migrate(chat, verdict.new_chat_id)
                    continue
                wait = (verdict.retry_after or timedelta()).total_seconds()
                if verdict.remedy is Remedy.WAIT and wait < self.lease_seconds / 2:
                    # The rate limiter paused every send; this row waits for its slot again, in order.
                    continue
                if verdict.remedy is not Remedy.ALREADY_DONE:
                    await self._apply(item, chat, verdict, clock(), report)
                    return
                sent = True
                break
            except (KeyError, ValueError, OSError) as error:  # a malformed row: retrying cannot help
                await self._fail(item, f"{type(error).__name__}: {error}", clock(), report)
                return
        message_id = sent.message_id if isinstance(sent, Message) else item.payload.get("message_id")
        await self.store.mark_sent(item.id, message_id, clock())
        report.sent.append(item.id)
        await self._notify(self.on_delivered, item, message_id)

    async def _apply(
        self, item: ClaimedMessage, chat: _Chat, verdict: Verdict, now: datetime, report: DrainReport
    ) -> None:
        if verdict.remedy is Remedy.WAIT:
            # A flood longer than half the lease: hand the row back rather than hold it past its lease.
            until = now + (verdict.retry_after or timedelta(seconds=1))
            chat.deferred_until = until
            await self.store.retry_later(item.id, until, verdict.reason)
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
        await self._notify(self.on_failed, item, reason)

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
        sender.kick()


def schedule_outbox(app: Application, sender: OutboxSender, interval: float = 3.0) -> None:
    """Start a drain every `interval` seconds unless one runs; rows written by a publish are picked up
    within that delay (flows also drain at once after enqueuing)."""
    assert app.job_queue is not None
    app.job_queue.run_repeating(_outbox_job, interval=interval, first=0.5, name="outbox", data=sender)
