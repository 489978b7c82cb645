"""Views the office sees in the notice flow (the draft preview, the delivery report), drawn in place
on the message whose button was pressed, and the small helpers the notice handlers share."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from telegram import Update
from telegram.error import TelegramError

from bot.callbacks import Action, make
from bot.context import Context
from bot.sending import answer_query, deliver
from bot.services.preview import NoticePreview, load_preview
from bot.services.reply_links import remember
from bot.services.review_views import CANDIDATES_PER_PAGE
from storage.models import Candidate, NoticeStatus

# Telegram allows 100 buttons a keyboard; each unknown name takes up to five (75), the safety-net
# sentences two each (10), the last rows six. Names beyond these get their buttons once the first ones
# are settled, sentences beyond these are a "Xem thêm" away (the preview counts them all).
MAX_NAMES_WITH_BUTTONS = 15


def button(context: Context, label: str, data: str, **ctx: Any) -> dict[str, str]:
    text = context.bot_data.render("notice_buttons.txt.j2", name=label, **ctx)
    return {"text": text, "callback_data": data}


def preview_markup(context: Context, preview: NoticePreview) -> dict[str, Any]:
    notice_id = preview.notice.id
    rows: list[list[dict[str, str]]] = []
    for index, unknown in enumerate(preview.unknown[:MAX_NAMES_WITH_BUTTONS], start=1):
        for unit in unknown.suggestions:
            rows.append([button(context, "map_unit", make(Action.map_unit, notice_id, unknown.key, unit.id),
                                index=index, unit_name=unit.name)])
        rows.append([
            button(context, "create_unit", make(Action.create_unit, notice_id, unknown.key), index=index),
            button(context, "skip_unit", make(Action.skip_unit, notice_id, unknown.key), index=index),
        ])
    rows.extend(candidate_rows(context, preview.candidates[:CANDIDATES_PER_PAGE], 0))
    last = [button(context, "add_task", make(Action.add_task, notice_id))]
    if len(preview.candidates) > CANDIDATES_PER_PAGE:
        last.append(button(context, "more_candidates", make(Action.candidate_page, notice_id, 2),
                           count=len(preview.candidates) - CANDIDATES_PER_PAGE))
    rows.append(last)
    rows.append([button(context, "publish", make(Action.publish, notice_id)),
                 button(context, "edit", make(Action.edit, notice_id)),
                 button(context, "cancel", make(Action.cancel, notice_id))])
    return {"inline_keyboard": rows}


def candidate_rows(context: Context, candidates: list[Candidate], page: int) -> list[list[dict[str, str]]]:
    """➕ / ✕ for each safety-net sentence; `page` is 0 when the buttons sit under the preview itself."""
    return [[button(context, "take_candidate", make(Action.take_candidate, c.id, page), index=c.position),
             button(context, "dismiss_candidate", make(Action.dismiss_candidate, c.id, page),
                    index=c.position)]
            for c in candidates]


async def call_bot(context: Context, chat_id: int, kind: str, payload: dict[str, Any]) -> Any:
    try:
        return await deliver(context.bot, chat_id, kind, payload)
    except TelegramError:
        # "message is not modified" and the like: the person sees the previous state and may retry.
        return None


async def show(
    context: Context, chat_id: int, text_lines: str, markup: dict[str, Any] | None, *,
    edit_message_id: int | None, link_kind: str, notice_id: int,
) -> None:
    """Show a view (preview or delivery report) with its buttons, in place when it fits one message.
    A longer view is sent again as several messages split between lines, buttons on the last."""
    data = context.bot_data
    parts = data.split_blocks(text_lines.split("\n"), sep="\n")
    if edit_message_id is not None and len(parts) == 1:
        await call_bot(context, chat_id, "edit_text", {"message_id": edit_message_id, "text": parts[0],
                                                   "reply_markup": markup})
        return
    if edit_message_id is not None:
        await call_bot(context, chat_id, "edit_text", {"message_id": edit_message_id,
                                                   "text": data.render("review_reply.html.j2", what="moved")})
    sent = None
    for number, part in enumerate(parts, start=1):
        last = number == len(parts)
        payload = {"text": part, "reply_markup": markup if last else None}
        sent = await call_bot(context, chat_id, "message", payload)
    if sent is not None:
        await remember(context.repos, chat_id, sent.message_id, notice_id, [], link_kind,
                       datetime.now(UTC))


async def show_preview(
    context: Context, chat_id: int, notice_id: int, *, edit_message_id: int | None, note: str | None = None
) -> bool:
    preview = await load_preview(context.repos, notice_id)
    if preview is None or preview.notice.status is not NoticeStatus.draft:
        return False
    text = context.bot_data.render("notice_preview.html.j2", preview=preview, note=note,
                                   shown=CANDIDATES_PER_PAGE)
    await show(context, chat_id, text, preview_markup(context, preview), edit_message_id=edit_message_id,
               link_kind="preview", notice_id=notice_id)
    return True


async def answer_review(update: Update, context: Context, what: str | None = None, **ctx: Any) -> None:
    """Answer a review button with one of review_reply.html.j2's short notes (or nothing)."""
    text = context.bot_data.render("review_reply.html.j2", what=what, **ctx) if what else None
    await answer_query(update.callback_query, text)
