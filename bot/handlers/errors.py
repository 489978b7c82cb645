"""The last resort: log what failed, in one line, without the token or what the user wrote."""

from __future__ import annotations

import logging

from telegram import Update

from bot.context import Context

log = logging.getLogger("bot.errors")


async def on_error(update: object, context: Context) -> None:
    error = context.error
    where = "job" if context.job else "update"
    update_id = update.update_id if isinstance(update, Update) else None
    chat_id = update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None
    # The exception type and message are enough at ERROR; the traceback (which may quote values
    # from the update) goes to DEBUG only.
    log.error("unhandled %s error in %s %s chat=%s: %s", type(error).__name__, where, update_id,
              chat_id, error)
    log.debug("traceback", exc_info=error)
