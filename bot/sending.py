"""The only module that calls the Bot API's send_* / edit_* methods.

`deliver` turns a stored outbox payload (plain JSON) into one Bot API call; `reply_html` and
`edit_html` are for the immediate answer to the person who just wrote or pressed a button (no row:
if it fails they simply try again), logged through the same error policy.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from telegram import CallbackQuery, ForceReply, InlineKeyboardMarkup, LinkPreviewOptions, Message
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import ExtBot

from bot.telegram_errors import Remedy, classify
from messages.render import headed_by_committee
from storage.models import Priority

log = logging.getLogger(__name__)

KINDS = ("message", "document", "photo", "edit_text", "edit_markup")
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
# The committee the update being handled concerns, when the person serves several: their answers name
# it as the outbox's messages do. Set by the guard that identifies them; PTB handles each update in its
# own task (concurrent updates), so the value never reaches another update's answers.
_ANSWER_COMMITTEE: ContextVar[str | None] = ContextVar("answer_committee", default=None)


def name_committee_in_answers(committee: str | None) -> None:
    _ANSWER_COMMITTEE.set(committee)


def _markup(payload: dict[str, Any]) -> InlineKeyboardMarkup | None:
    data = payload.get("reply_markup")
    return InlineKeyboardMarkup.de_json(data, None) if data else None


def _file(payload: dict[str, Any]) -> Any:
    # A Telegram file_id is resent as is; a local path (a generated report) is uploaded.
    if payload.get("file_id"):
        return payload["file_id"]
    return Path(payload["path"]).read_bytes()


async def deliver(
    bot: ExtBot,
    chat_id: int | str,
    kind: str,
    payload: dict[str, Any],
    *,
    request_timeout: float | None = None,
    priority: int | None = None,
) -> Message | bool:
    """One Bot API call for one outbox row. Payload keys: text, parse_mode (default HTML),
    reply_markup (dict), reply_to_message_id; document/photo: file_id or path, file_name, caption;
    edit_text/edit_markup: message_id. `priority` orders the call among those waiting for the pace
    (bot.pacer): by default a call made while the person waits is an answer, except a change of
    buttons alone (a pressed button relabelled): the press was answered already, and at 50 presses a
    second the relabels alone exceed the pace: as answers they held every reply behind them."""
    if priority is None:
        priority = Priority.bulk if kind == "edit_markup" else Priority.answer
    # rate_limit_args reaches bot.rate_limit.PacedRateLimiter.process_request (PTB refuses it without
    # a rate limiter, and drops a 0: the limiter reads a missing value as an answer).
    timeouts: dict[str, Any] = {"rate_limit_args": int(priority)} if bot.rate_limiter is not None else {}
    if request_timeout is not None:
        timeouts |= {"read_timeout": request_timeout, "write_timeout": request_timeout}
    parse_mode = payload.get("parse_mode", ParseMode.HTML)
    markup = _markup(payload)
    if kind == "message":
        return await bot.send_message(
            chat_id, payload["text"], parse_mode=parse_mode, reply_markup=markup,
            link_preview_options=_NO_PREVIEW, reply_to_message_id=payload.get("reply_to_message_id"),
            **timeouts,
        )
    if kind == "document":
        return await bot.send_document(
            chat_id, _file(payload), filename=payload.get("file_name"), caption=payload.get("caption"),
            parse_mode=parse_mode, reply_markup=markup, **timeouts,
        )
    if kind == "photo":
        return await bot.send_photo(
            chat_id, _file(payload), caption=payload.get("caption"), parse_mode=parse_mode,
            reply_markup=markup, **timeouts,
        )
    if kind == "edit_text":
        return await bot.edit_message_text(
            payload["text"], chat_id=chat_id, message_id=payload["message_id"], parse_mode=parse_mode,
            reply_markup=markup, link_preview_options=_NO_PREVIEW, **timeouts,
        )
    if kind == "edit_markup":
        return await bot.edit_message_reply_markup(
            chat_id=chat_id, message_id=payload["message_id"], reply_markup=markup, **timeouts
        )
    raise ValueError(f"unknown outbox kind {kind!r}")


async def reply_html(
    message: Message, text: str, reply_markup: InlineKeyboardMarkup | ForceReply | None = None
) -> Message | None:
    """Answer the person who just wrote; None (and one log line) if Telegram refused."""
    try:
        return await message.reply_text(
            headed_by_committee(text, _ANSWER_COMMITTEE.get()), parse_mode=ParseMode.HTML,
            reply_markup=reply_markup, link_preview_options=_NO_PREVIEW,
            do_quote=False,
        )
    except TelegramError as error:
        log.warning("reply to chat %s not sent: %s", message.chat_id, classify(error).reason)
        return None


async def answer_query(query: CallbackQuery | None, text: str | None = None, *, alert: bool = False) -> None:
    """Answer a button press (stops its spinner; `text` shows as a notification or an alert). A refused
    answer is harmless and only logged: a press replayed after a restart (bot.update_inbox) finds its
    query too old, and what it asked for is done, or refused, all the same."""
    if query is None:
        return
    try:
        await query.answer(text, show_alert=alert)
    except TelegramError as error:
        log.info("button press %s not answered: %s", query.id, classify(error).reason)


async def edit_html(
    message: Message, text: str, reply_markup: InlineKeyboardMarkup | None = None
) -> Message | bool | None:
    """Replace a bot message's text (after a button press); an unchanged edit counts as done."""
    try:
        return await message.edit_text(
            headed_by_committee(text, _ANSWER_COMMITTEE.get()), parse_mode=ParseMode.HTML,
            reply_markup=reply_markup, link_preview_options=_NO_PREVIEW
        )
    except TelegramError as error:
        verdict = classify(error)
        if verdict.remedy is Remedy.ALREADY_DONE:
            return True
        log.warning("edit in chat %s not done: %s", message.chat_id, verdict.reason)
        return None
