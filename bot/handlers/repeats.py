"""First of all handlers: an update Telegram delivered again (a retried webhook post, perhaps to another
worker) is dropped quietly, so a press or a notice is never handled twice (bot.services.updates)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, TypeHandler

from bot.context import Context
from bot.services.updates import first_delivery

log = logging.getLogger(__name__)

# Before the guards' negative groups and every flow.
GROUP = -1000


async def drop_repeats(update: Update, context: Context) -> None:
    deployment = context.bot_data.deployment
    if not await first_delivery(deployment, context.bot.id, update.update_id, datetime.now(UTC)):
        log.info("update %s delivered again: dropped", update.update_id)
        raise ApplicationHandlerStop


def register(app: Application) -> None:
    app.add_handler(TypeHandler(Update, drop_repeats), group=GROUP)
