"""Messages to other people go through the outbox: queued here as rows, sent by the outbox's drain."""

from __future__ import annotations

from datetime import datetime

from storage.models import NewOutboxMessage
from storage.repositories import Repositories


async def queue(repos: Repositories, items: list[NewOutboxMessage], now: datetime) -> None:
    if items:
        await repos.outbox.enqueue_many(items, now)
