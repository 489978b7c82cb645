"""The office's review of a draft: the preview with its buttons (map/create/skip unknown unit names,
Gửi, Sửa, Hủy), edited in place after each change."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler

from bot.callbacks import Action, make, parse, pattern
from bot.context import Context
from bot.handlers.guards import refuse, requires
from bot.sending import deliver
from bot.services.identity import Actor
from bot.services.preview import NoticePreview, find_name, load_preview
from storage.models import NoticeStatus, RoleName

MAX_TASK_BUTTONS = 90
# Telegram allows 100 buttons a keyboard; each unknown name takes up to five. Names beyond these get
# their buttons once the first ones are settled (the preview lists them all).
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
    rows.append([button(context, "publish", make(Action.publish, notice_id)),
                 button(context, "edit", make(Action.edit, notice_id)),
                 button(context, "cancel", make(Action.cancel, notice_id))])
    return {"inline_keyboard": rows}


async def _call(context: Context, chat_id: int, kind: str, payload: dict[str, Any]) -> Any:
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
        await _call(context, chat_id, "edit_text", {"message_id": edit_message_id, "text": parts[0],
                                                   "reply_markup": markup})
        return
    if edit_message_id is not None:
        await _call(context, chat_id, "edit_text", {"message_id": edit_message_id,
                                                   "text": data.render("review_reply.html.j2", what="moved")})
    sent = None
    for number, part in enumerate(parts, start=1):
        last = number == len(parts)
        payload = {"text": part, "reply_markup": markup if last else None}
        sent = await _call(context, chat_id, "message", payload)
    if sent is not None:
        await data.repos.links.add(chat_id, sent.message_id, notice_id, [], link_kind, datetime.now(UTC))


async def show_preview(
    context: Context, chat_id: int, notice_id: int, *, edit_message_id: int | None, note: str | None = None
) -> bool:
    preview = await load_preview(context.bot_data.repos, notice_id)
    if preview is None or preview.notice.status is not NoticeStatus.draft:
        return False
    text = context.bot_data.render("notice_preview.html.j2", preview=preview, note=note)
    await show(context, chat_id, text, preview_markup(context, preview), edit_message_id=edit_message_id,
               link_kind="preview", notice_id=notice_id)
    return True


async def _draft_button(update: Update, context: Context) -> tuple[Any, int, int] | None:
    """(callback, chat id, message id) of a press on a live draft's button; refuses stale ones."""
    query = update.callback_query
    callback = parse(query.data if query else None)
    if query is None or query.message is None or callback is None:
        await refuse(update, context, "stale")
        return None
    notice = await context.bot_data.repos.notices.get(callback.ids[0])
    if notice is None or notice.status is not NoticeStatus.draft:
        await refuse(update, context, "stale")
        return None
    return callback, query.message.chat.id, query.message.message_id


async def _answer(update: Update, context: Context, what: str | None = None, **ctx: Any) -> None:
    text = context.bot_data.render("review_reply.html.j2", what=what, **ctx) if what else None
    # An answer only stops the button's spinner; a late one is harmless.
    with contextlib.suppress(TelegramError):
        await update.callback_query.answer(text)  # type: ignore[union-attr]


@requires(RoleName.office)
async def on_resolve_name(update: Update, context: Context, actor: Actor) -> None:
    """map / create / skip an unknown unit name of a draft."""
    found = await _draft_button(update, context)
    if found is None:
        return
    callback, chat_id, message_id = found
    repos, now = context.bot_data.repos, datetime.now(UTC)
    notice = await repos.notices.get_with_tasks(callback.ids[0])
    name = find_name(notice, callback.ids[1]) if notice else None
    if notice is None or name is None:
        await refuse(update, context, "stale")
        return
    if callback.action is Action.map_unit:
        unit = await repos.units.get(callback.ids[2])
        if unit is None or not unit.active:
            await refuse(update, context, "stale")
            return
        await repos.tasks.map_unresolved_name(notice.id, name, unit.id, by=actor.person.id, now=now)
        await _answer(update, context, "mapped", name=name, unit_name=unit.name)
    elif callback.action is Action.create_unit:
        unit = await repos.units.by_name(name) or await repos.units.create(name, now=now, by=actor.person.id)
        await repos.tasks.map_unresolved_name(notice.id, name, unit.id, by=actor.person.id, now=now)
        await _answer(update, context, "created", unit_name=unit.name)
    else:
        await repos.tasks.drop_unresolved_name(notice.id, name, by=actor.person.id, now=now)
        await _answer(update, context, "skipped", name=name)
    await show_preview(context, chat_id, notice.id, edit_message_id=message_id)


@requires(RoleName.office)
async def on_cancel(update: Update, context: Context, actor: Actor) -> None:
    found = await _draft_button(update, context)
    if found is None:
        return
    callback, chat_id, message_id = found
    repos = context.bot_data.repos
    notice = await repos.notices.get(callback.ids[0])
    if not await repos.notices.delete_draft(callback.ids[0], by=actor.person.id, now=datetime.now(UTC)):
        await refuse(update, context, "stale")
        return
    await _answer(update, context)
    text = context.bot_data.render("review_reply.html.j2", what="cancelled", notice=notice)
    await _call(context, chat_id, "edit_text", {"message_id": message_id, "text": text})


@requires(RoleName.office)
async def on_edit(update: Update, context: Context, actor: Actor) -> None:
    """Sửa: the draft's tasks as buttons; one opens that task's deadline and units."""
    found = await _draft_button(update, context)
    if found is None:
        return
    callback, chat_id, message_id = found
    tasks = await context.bot_data.repos.tasks.for_notice(callback.ids[0])
    rows = [[button(context, "edit_task", make(Action.edit_task, t.id), index=t.position, text=t.text)]
            for t in tasks[:MAX_TASK_BUTTONS]]
    rows.append([button(context, "back", make(Action.delivery_report, callback.ids[0]))])
    await _answer(update, context)
    text = context.bot_data.render("review_reply.html.j2", what="choose_task")
    await _call(context, chat_id, "edit_text", {"message_id": message_id, "text": text,
                                               "reply_markup": {"inline_keyboard": rows}})


def register(app: Application) -> None:
    for action in (Action.map_unit, Action.create_unit, Action.skip_unit):
        app.add_handler(CallbackQueryHandler(on_resolve_name, pattern=pattern(action)))
    app.add_handler(CallbackQueryHandler(on_cancel, pattern=pattern(Action.cancel)))
    app.add_handler(CallbackQueryHandler(on_edit, pattern=pattern(Action.edit)))
