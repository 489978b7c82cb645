"""One pace for every message the bot sends: Telegram allows about 30 messages a second overall and one
a second in a chat, and after a 429 nothing until its retry_after has passed.

The Pacer hands out send slots: evenly spaced (a little wider than 1/rate, so that the Bot API, which
counts arrivals, never sees more than `per_second` in a sliding second even when requests jitter by a few
tens of milliseconds), never two to one chat within `chat_interval`, none while paused, and the waiter
with the most urgent priority first. It only reads the event loop's clock, so tests run it on a virtual
clock (tests/virtual_clock.py).
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections import deque

from storage.models import Priority

__all__ = ["Pacer", "Priority"]

# Widening of the overall spacing: 30/s becomes one slot every 34.5 ms (29 msg/s), so 31 arrivals
# would have to be squeezed by 35 ms to land in one second.
SPACING_MARGIN = 0.035
# Widening of the per-chat interval, for the same reason.
CHAT_MARGIN = 0.05
_IDLE_CHATS = 4096


class Pacer:
    def __init__(self, per_second: float = 30.0, chat_interval: float = 1.0, *,
                 spacing_margin: float = SPACING_MARGIN, chat_margin: float = CHAT_MARGIN) -> None:
        self.per_second = per_second
        self.spacing = (1 + spacing_margin) / per_second if per_second > 0 else 0.0
        self.chat_interval = chat_interval * (1 + chat_margin) if chat_interval > 0 else 0.0
        self.paused_until = 0.0  # loop time
        self._last = float("-inf")
        self._recent: deque[float] = deque(maxlen=max(int(per_second), 1))
        self._chat_free: dict[int | str, float] = {}
        self._chat_locks: dict[int | str, asyncio.Lock] = {}
        self._queue: list[tuple[int, int]] = []
        self._tickets = itertools.count()
        # One future per waiting ticket, set to wake it. Only the head of the queue waits for a time (its
        # slot); the others wait to become the head. Waking every waiter at every slot (a condition's
        # notify_all) cost a wake-up per waiter per slot: with a few hundred button relabels queued behind
        # the 30/s pace, that was thousands a second, taken from the answers.
        self._wakers: dict[tuple[int, int], asyncio.Future[None]] = {}

    @staticmethod
    def _now() -> float:
        return asyncio.get_running_loop().time()

    def paused_for(self) -> float:
        """Seconds until flood control allows sending again (0 when it does)."""
        return max(0.0, self.paused_until - self._now())

    def chat_wait(self, chat_id: int | str) -> float:
        """Seconds before `chat_id` may get its next message (0 when it may now)."""
        return max(0.0, self._chat_free.get(chat_id, 0.0) - self._now())

    async def pause(self, seconds: float) -> bool:
        """Stop every send for `seconds` (a 429's retry_after). True when this starts a new pause, so the
        caller logs the flood once rather than once per request it stopped."""
        now = self._now()
        started = now >= self.paused_until
        self.paused_until = max(self.paused_until, now + seconds)
        self._wake_head()  # its slot moved: it waits again for the new one
        return started

    async def acquire(self, chat_id: int | str | None, priority: int = Priority.bulk) -> None:
        """Wait for a slot to send one message to `chat_id` (None: no chat pace, e.g. not a message)."""
        # Slots go by priority, then by order of asking: a report's second part, which asked before the
        # broadcast's heads, does not queue behind all of them once its chat's second has passed.
        ticket = (int(priority), next(self._tickets))
        if chat_id is None or not self.chat_interval:
            await self._overall(ticket)
            return
        lock = self._chat_locks.setdefault(chat_id, asyncio.Lock())
        async with lock:  # a chat's messages leave in the order they asked
            wait = self._chat_free.get(chat_id, 0.0) - self._now()
            if wait > 0:
                await asyncio.sleep(wait)
            await self._overall(ticket)
            self._chat_free[chat_id] = self._now() + self.chat_interval
        self._forget_idle_chats()

    async def _overall(self, ticket: tuple[int, int]) -> None:
        loop = asyncio.get_running_loop()
        heapq.heappush(self._queue, ticket)
        try:
            while True:
                waker = self._wakers[ticket] = loop.create_future()
                if self._queue[0] != ticket:
                    await waker  # until the tickets before this one have their slots
                    continue
                wait = self._overall_wait(self._now())
                if wait <= 0:
                    break
                timer = loop.call_later(wait, self._wake, ticket)
                try:
                    await waker  # its slot, or earlier when a pause moved it
                finally:
                    timer.cancel()
            now = self._now()
            # Slots keep to their schedule: a waiter woken a millisecond late (the event loop was
            # busy) does not push every later slot back, which would cost a few percent of the rate.
            on_time = self._last + self.spacing
            self._last = on_time if now - on_time < self.spacing / 2 else now
            self._recent.append(now)
        finally:
            self._wakers.pop(ticket, None)
            if self._queue and self._queue[0] == ticket:
                heapq.heappop(self._queue)
            else:
                self._queue.remove(ticket)
                heapq.heapify(self._queue)
            self._wake_head()

    def _wake(self, ticket: tuple[int, int]) -> None:
        waker = self._wakers.get(ticket)
        if waker is not None and not waker.done():
            waker.set_result(None)

    def _wake_head(self) -> None:
        if self._queue:
            self._wake(self._queue[0])

    def _overall_wait(self, now: float) -> float:
        waits = [self.paused_until - now, self._last + self.spacing - now]
        if len(self._recent) == self._recent.maxlen:  # the sliding second is full
            waits.append(self._recent[0] + 1.0 - now)
        return max(waits)

    def _forget_idle_chats(self) -> None:
        if len(self._chat_free) <= _IDLE_CHATS:
            return
        now = self._now()
        for chat_id, free in list(self._chat_free.items()):
            lock = self._chat_locks.get(chat_id)
            if free <= now and (lock is None or not lock.locked()):
                self._chat_free.pop(chat_id, None)
                self._chat_locks.pop(chat_id, None)
