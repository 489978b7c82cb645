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
from bot.services.identity import Actor
from bot.services.preview import find_name
from storage.models import RoleName


@requires(RoleName.office)
async def on_resolve_name(update: Update, context: Context, actor: Actor) -> None:
    """map / create / skip an unknown unit name of a draft."""
    press = await notice_press(update, context)
    if press is None:
        return
    callback = press.callback
    repos, now = context.repos, datetime.now(UTC)
    notice = await repos.notices.get_with_tasks(press.notice.id)
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
        await answer_review(update, context, "mapped", name=name, unit_name=unit.name)
    elif callback.action is Action.create_unit:
        unit = await repos.units.by_name(name) or await repos.units.create(name, now=now, by=actor.person.id)
        await repos.tasks.map_unresolved_name(notice.id, name, unit.id, by=actor.person.id, now=now)
        await answer_review(update, context, "created", unit_name=unit.name)
    else:
        await repos.tasks.drop_unresolved_name(notice.id, name, by=actor.person.id, now=now)
        await answer_review(update, context, "skipped", name=name)
    await show_preview(context, press.chat_id, notice.id, edit_message_id=press.message_id)


@requires(RoleName.office)
async def on_cancel(update: Update, context: Context, actor: Actor) -> None:
    press = await notice_press(update, context)
    if press is None:
        return
    repos = context.repos
    if not await repos.notices.delete_draft(press.notice.id, by=actor.person.id, now=datetime.now(UTC)):
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
