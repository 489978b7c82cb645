"""Each Telegram update handled once, however many workers it reaches: Telegram posts an update to the
webhook again when the first post timed out, and behind a balancing proxy the repeat may reach another
worker. The update's id is recorded before it is handled; a repeat finds it recorded. Telegram keeps an
undelivered update for 24 hours, so records older than KEEP are dropped."""

from __future__ import annotations

from datetime import datetime, timedelta

from storage.repositories import Deployment

KEEP = timedelta(days=2)


async def first_delivery(deployment: Deployment, bot_id: int, update_id: int, now: datetime) -> bool:
    """True the first time this update reaches any worker; False for a repeat (drop it)."""
    return await deployment.workers.first_delivery(bot_id, update_id, now)


async def forget_old_updates(deployment: Deployment, now: datetime) -> int:
    return await deployment.workers.forget_updates(now - KEEP)
