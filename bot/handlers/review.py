"""The office's review of a draft: the preview with its buttons (map/create/skip unknown unit names,
Gửi, Sửa, Hủy), edited in place after each change."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot.callbacks import Action, Callback, make, parse, pattern
from bot.context import Context
from bot.handlers.guards import refuse, requires
from bot.handlers.notice_views import answer_review, button, call_bot, show_preview
from bot.services.identity import Actor
from bot.services.preview import find_name
from storage.models import NoticeStatus, RoleName

MAX_TASK_BUTTONS = 90


async def _draft_button(update: Update, context: Context) -> tuple[Callback, int, int] | None:
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
        await answer_review(update, context, "mapped", name=name, unit_name=unit.name)
    elif callback.action is Action.create_unit:
        unit = await repos.units.by_name(name) or await repos.units.create(name, now=now, by=actor.person.id)
        await repos.tasks.map_unresolved_name(notice.id, name, unit.id, by=actor.person.id, now=now)
        await answer_review(update, context, "created", unit_name=unit.name)
    else:
        await repos.tasks.drop_unresolved_name(notice.id, name, by=actor.person.id, now=now)
        await answer_review(update, context, "skipped", name=name)
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
    await answer_review(update, context)
    text = context.bot_data.render("review_reply.html.j2", what="cancelled", notice=notice)
    await call_bot(context, chat_id, "edit_text", {"message_id": message_id, "text": text})


@requires(RoleName.office)
async def on_edit_draft(update: Update, context: Context, actor: Actor) -> None:
    """Sửa: the draft's tasks as buttons; one opens that task's deadline and units."""
    found = await _draft_button(update, context)
    if found is None:
        return
    callback, chat_id, message_id = found
    tasks = await context.bot_data.repos.tasks.for_notice(callback.ids[0])
    rows = [[button(context, "edit_task", make(Action.edit_task, t.id), index=t.position, text=t.text)]
            for t in tasks[:MAX_TASK_BUTTONS]]
    rows.append([button(context, "back", make(Action.delivery_report, callback.ids[0]))])
    await answer_review(update, context)
    text = context.bot_data.render("review_reply.html.j2", what="choose_task")
    await call_bot(context, chat_id, "edit_text", {"message_id": message_id, "text": text,
                                               "reply_markup": {"inline_keyboard": rows}})


def register(app: Application) -> None:
    for action in (Action.map_unit, Action.create_unit, Action.skip_unit):
        app.add_handler(CallbackQueryHandler(on_resolve_name, pattern=pattern(action)))
    app.add_handler(CallbackQueryHandler(on_cancel, pattern=pattern(Action.cancel)))
    app.add_handler(CallbackQueryHandler(on_edit_draft, pattern=pattern(Action.edit)))
