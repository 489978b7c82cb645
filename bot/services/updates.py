"""The update inbox's storage (bot.update_inbox): each Telegram update is stored as it arrives, before
Telegram is told it was received, and marked done when handled, so a process killed in between loses
nothing: the next start replays it. Storing also handles each update once however many workers it
reaches: Telegram posts an update to the webhook again when the first post timed out, and behind a
balancing proxy the repeat may reach another worker, which finds it stored. Telegram keeps an undelivered
update for 24 hours, so finished records older than KEEP are dropped."""

from __future__ import annotations

from datetime import datetime, timedelta

from storage.repositories import Deployment
from storage.repositories.workers import UnfinishedUpdate

KEEP = timedelta(days=2)
# An update whose handling kills the process every time is tried this often, then given up.
MAX_ATTEMPTS = 3


async def receive(deployment: Deployment, bot_id: int, update_id: int, payload: str, receiver: str,
                  now: datetime) -> bool:
    """True the first time this update reaches any worker (now stored); False for a repeat (drop it)."""
    return await deployment.workers.receive(bot_id, update_id, payload, receiver, now)


async def finish(deployment: Deployment, bot_id: int, update_id: int, now: datetime) -> None:
    await deployment.workers.finish(bot_id, update_id, now)


async def take_over_unfinished(deployment: Deployment, bot_id: int, receiver: str, now: datetime, *,
                               all_others: bool) -> tuple[list[UnfinishedUpdate], list[int]]:
    """The updates a gone worker received and never finished, to replay (now `receiver`'s), and the ids of
    those given up after MAX_ATTEMPTS."""
    return await deployment.workers.take_over_unfinished(
        bot_id, receiver, now, max_attempts=MAX_ATTEMPTS, all_others=all_others)


async def forget_old_updates(deployment: Deployment, now: datetime) -> int:
    return await deployment.workers.forget_updates(now - KEEP)
