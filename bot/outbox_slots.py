"""A bound on the outbox rows between their Bot API call and their record: what a crash can repeat."""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
from collections.abc import AsyncIterator


class InFlight:
    """At most `limit` rows between their Bot API call and their record, the most urgent waiter first:
    what a crash can repeat is bounded by construction, whatever the pace and however slow the disk."""

    def __init__(self, limit: int) -> None:
        self.limit, self.busy = limit, 0
        self._waiting: list[tuple[int, int]] = []
        self._tickets = itertools.count()
        self._changed = asyncio.Condition()

    @contextlib.asynccontextmanager
    async def slot(self, priority: int) -> AsyncIterator[None]:
        ticket = (priority, next(self._tickets))
        async with self._changed:
            heapq.heappush(self._waiting, ticket)
            try:
                await self._changed.wait_for(lambda: self.busy < self.limit and self._waiting[0] == ticket)
            finally:
                self._waiting.remove(ticket)
                heapq.heapify(self._waiting)
                self._changed.notify_all()
            self.busy += 1
        try:
            yield
        finally:
            async with self._changed:
                self.busy -= 1
                self._changed.notify_all()
