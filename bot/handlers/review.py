"""The office's review of a draft: the preview's buttons for unknown unit names (map/create/skip), Hủy,
and Sửa with its paged list of the draft's tasks. Views are drawn in place in the review message."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot.callbacks import Action, pattern
from bot.context import Context
from bot.handlers.guards import refuse, requires
from bot.handlers.notice_views import answer_review, call_bot, show_preview
from bot.handlers.review_press import notice_press
from bot.handlers.review_screens import show_task_list
from bot.services import unknown_names as names
from bot.services.identity import Actor
from bot.services.review import cancel_draft
from storage.models import RoleName


@requires(RoleName.office)
async def on_resolve_name(update: Update, context: Context, actor: Actor) -> None:
    """map / create / skip an unknown unit name of a draft."""
    press = await notice_press(update, context)
    if press is None:
        return
    action, (notice_id, key, *rest) = press.callback.action, press.callback.ids
    repos, by, now = context.repos, actor.person.id, datetime.now(UTC)
    if action is Action.map_unit:
        done, what = await names.map_name(repos, notice_id, key, rest[0], by=by, now=now), "mapped"
    elif action is Action.create_unit:
        done, what = await names.create_unit_for_name(repos, notice_id, key, by=by, now=now), "created"
    else:
        done, what = await names.skip_name(repos, notice_id, key, by=by, now=now), "skipped"
    if done is None:
        await refuse(update, context, "stale")
        return
    await answer_review(update, context, what, name=done.name, unit_name=done.unit_name)
    await show_preview(context, press.chat_id, notice_id, edit_message_id=press.message_id)


@requires(RoleName.office)
async def on_cancel(update: Update, context: Context, actor: Actor) -> None:
    press = await notice_press(update, context)
    if press is None:
        return
    if not await cancel_draft(context.repos, press.notice.id, by=actor.person.id, now=datetime.now(UTC)):
        await refuse(update, context, "stale")
        return
    await answer_review(update, context)
    text = context.bot_data.render("review_reply.html.j2", what="cancelled", notice=press.notice)
    await call_bot(context, press.chat_id, "edit_text", {"message_id": press.message_id, "text": text})


@requires(RoleName.office)
async def on_edit_draft(update: Update, context: Context, actor: Actor) -> None:
    """Sửa (page 1) and ‹ Trước / Sau ›: the draft's tasks as numbered buttons, a page at a time."""
    press = await notice_press(update, context)
    if press is None:
        return
    page = press.callback.ids[1] if press.callback.action is Action.task_page else 1
    await answer_review(update, context)
    await show_task_list(context, press.chat_id, press.message_id, press.notice.id, page)


def register(app: Application) -> None:
    for action in (Action.map_unit, Action.create_unit, Action.skip_unit):
        app.add_handler(CallbackQueryHandler(on_resolve_name, pattern=pattern(action)))
    app.add_handler(CallbackQueryHandler(on_cancel, pattern=pattern(Action.cancel)))
    for action in (Action.edit, Action.task_page):
        app.add_handler(CallbackQueryHandler(on_edit_draft, pattern=pattern(action)))
