"""The last resort: log what failed, in one line, without the token or what the user wrote."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

from telegram import Update
from telegram.error import TelegramError

from bot.context import Context

log = logging.getLogger("bot.errors")


def _origin(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__) if error.__traceback__ else []
    if not frames:
        return "unknown place"
    frame = frames[-1]
    return f"{Path(frame.filename).name}:{frame.lineno} in {frame.name}"


async def on_error(update: object, context: Context) -> None:
    error = context.error
    if error is None:
        return
    update_id = update.update_id if isinstance(update, Update) else None
    chat_id = update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None
    # Any exception's text may quote what the user wrote (int("...") does); only Telegram's own
    # error texts are safe to show. Details and the traceback go to DEBUG.
    detail = f": {error.message}" if isinstance(error, TelegramError) else ""
    log.error("unhandled %s%s at %s (%s %s, chat %s)", type(error).__name__, detail, _origin(error),
              "job" if context.job else "update", update_id, chat_id)
    log.debug("unhandled error details", exc_info=error)
