"""The update inbox: no update is lost to a crash (issue 11: "a press of Gửi is never lost").

PTB tells Telegram an update arrived before handling it: polling confirms a batch with the next
getUpdates' offset as soon as the batch is queued (Updater._start_polling awaits `update_queue.put` for
each update, then moves the offset on), and the webhook answers 200 once the update is queued
(webhookhandler.TelegramHandler.post awaits `update_queue.put`). A process killed in between dropped the
update. This queue stores each update in the database inside `put`, so it is stored before Telegram is
told; the update processor (bot.update_order) marks it done when its handling finished, whatever the
outcome. A start replays what a process that is gone received and never finished, in update_id order, at
most MAX_ATTEMPTS times each (bot.services.updates). Storing is also where a repeat (a webhook post
retried, perhaps to another worker) is recognised and dropped.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from telegram import Bot, Update
from telegram.error import TelegramError

from bot.services import updates
from storage.repositories import Deployment

log = logging.getLogger(__name__)


class UpdateNotStored(TelegramError):
    """Storing an update failed. Raised from `put` as a TelegramError so that PTB's polling loop logs it
    and asks for the same updates again after a backoff (any other exception there ends polling for
    good); the webhook answers 500 and Telegram posts the update again."""


@dataclass(frozen=True)
class _Store:
    deployment: Deployment
    bot_id: int
    receiver: str


class UpdateInbox(asyncio.Queue[object]):
    """The Application's update queue. Until `open` (post_init) and after `close` it is a plain queue."""

    def __init__(self) -> None:
        super().__init__()
        self._store: _Store | None = None

    def open(self, deployment: Deployment, bot_id: int, receiver: str) -> None:
        self._store = _Store(deployment, bot_id, receiver)

    def close(self) -> None:
        self._store = None

    async def put(self, item: object) -> None:
        store = self._store
        if store is not None and isinstance(item, Update):
            payload = json.dumps(item.to_dict(), ensure_ascii=False)
            try:
                first = await updates.receive(store.deployment, store.bot_id, item.update_id, payload,
                                              store.receiver, datetime.now(UTC))
            except Exception as exc:
                raise UpdateNotStored(f"update {item.update_id} could not be stored: {exc}") from exc
            if not first:
                log.info("update %s delivered again: dropped", item.update_id)
                return
        await super().put(item)

    async def finished(self, update: object) -> None:
        """The update's handling finished (the update processor calls this): never replay it."""
        store = self._store
        if store is None or not isinstance(update, Update):
            return
        try:
            await updates.finish(store.deployment, store.bot_id, update.update_id, datetime.now(UTC))
        except Exception:
            # Handled all the same; at worst a later start replays it once more.
            log.exception("update %s: could not mark it done", update.update_id)

    async def replay_unfinished(self, bot: Bot, *, all_others: bool) -> int:
        """Queue again the updates a gone process received and never finished; how many."""
        store = self._store
        if store is None:
            return 0
        taken, given_up = await updates.take_over_unfinished(
            store.deployment, store.bot_id, store.receiver, datetime.now(UTC), all_others=all_others)
        for update_id in given_up:
            log.warning("update %s was not handled in %s attempts: given up", update_id, updates.MAX_ATTEMPTS)
        for row in taken:
            update = Update.de_json(json.loads(row.payload), bot)
            await super().put(update)
        if taken:
            log.info("replaying %s update(s) a stopped process received but did not finish: %s",
                     len(taken), ", ".join(str(row.update_id) for row in taken))
        return len(taken)
