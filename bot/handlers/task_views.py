"""A task's detail and history, from a button on any list or `/lichsu` in reply to a task message.

The detail shows every unit's latest progress and offers the reports' attachments again (the stored
file_ids are resent: nothing is downloaded). Office, leaders and admins may open any task; a head or
deputy the tasks of their units.
"""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.callbacks import Action, make, parse, pattern
from bot.context import Context
from bot.handlers.guards import refuse, requires
from bot.handlers.notice_views import call_bot
from bot.sending import answer_query, reply_html
from bot.services import task_detail as service
from bot.services.identity import Actor
from bot.services.task_history import task_history, tasks_replied_to

MAX_FILE_BUTTONS = 20


def _today(context: Context) -> datetime:
    return datetime.now(UTC).astimezone(context.settings.tz)


async def _allowed(context: Context, actor: Actor, task_id: int) -> bool:
    assignments = await service.task_assignments(context.repos, task_id)
    return bool(assignments) and service.may_see(actor, assignments)


async def show_detail(context: Context, message: Message, task_id: int) -> None:
    render = context.bot_data.render
    detail = await service.task_detail(context.repos, task_id, _today(context).date())
    if detail is None:
        return
    rows = [[InlineKeyboardButton(render("report/button.txt.j2", name="file", number=item.number),
                                  callback_data=make(Action.task_file, task_id, item.number))]
            for item in detail.attachments[:MAX_FILE_BUTTONS]]
    rows.append([InlineKeyboardButton(render("report/button.txt.j2", name="history"),
                                      callback_data=make(Action.task_history, task_id))])
    text = render("report/task_detail.html.j2", d=detail, shown_files=MAX_FILE_BUTTONS)
    await reply_html(message, context.bot_data.clip(text), InlineKeyboardMarkup(rows))


async def show_history(context: Context, message: Message, task_id: int) -> None:
    render = context.bot_data.render
    history = await task_history(context.repos, task_id)
    if history is None:
        return
    lines = render("report/task_history.html.j2", task=history.task, notice=history.notice,
                   events=history.events).split("\n")
    parts = context.bot_data.split_blocks(lines, sep="\n")
    detail = InlineKeyboardMarkup([[InlineKeyboardButton(render("report/button.txt.j2", name="detail"),
                                                         callback_data=make(Action.task_detail, task_id))]])
    for number, part in enumerate(parts, start=1):
        await reply_html(message, part, detail if number == len(parts) else None)


async def _pressed(update: Update, context: Context, actor: Actor) -> tuple[Message, tuple[int, ...]] | None:
    query = update.callback_query
    callback = parse(query.data if query else None)
    if query is None or callback is None or not isinstance(query.message, Message):
        await refuse(update, context, "stale")
        return None
    if not await _allowed(context, actor, callback.ids[0]):
        await refuse(update, context, "owner" if actor.is_head else "stale")
        return None
    await answer_query(update.callback_query)
    return query.message, callback.ids


@requires()  # any known person; may_see decides
async def on_detail(update: Update, context: Context, actor: Actor) -> None:
    pressed = await _pressed(update, context, actor)
    if pressed is not None:
        await show_detail(context, pressed[0], pressed[1][0])


@requires()
async def on_history(update: Update, context: Context, actor: Actor) -> None:
    pressed = await _pressed(update, context, actor)
    if pressed is not None:
        await show_history(context, pressed[0], pressed[1][0])


@requires()
async def on_file(update: Update, context: Context, actor: Actor) -> None:
    pressed = await _pressed(update, context, actor)
    if pressed is None:
        return
    message, (task_id, number) = pressed
    detail = await service.task_detail(context.repos, task_id, _today(context).date())
    found = next((a for a in detail.attachments if a.number == number), None) if detail else None
    if detail is None or found is None:
        return
    caption = context.bot_data.render("report/file_caption.html.j2", item=found, task=detail.task)
    # The file id may be a photo's or a document's; a document send accepts both kinds of id on Telegram
    # only for documents, so photos are resent as photos when a document send is refused.
    payload = {"file_id": found.file_id, "caption": caption}
    sent = await call_bot(context, message.chat.id, "document", payload)
    if sent is None:
        await call_bot(context, message.chat.id, "photo", payload)


@requires()
async def history_command(update: Update, context: Context, actor: Actor) -> None:
    """/lichsu in reply to a task message (delivery, reminder, list, detail): that task's history."""
    message = update.effective_message
    if message is None:
        return
    replied = message.reply_to_message
    task_ids = await tasks_replied_to(context.repos, message.chat_id,
                                      replied.message_id if replied is not None else None)
    if len(task_ids) != 1:
        await reply_html(message, context.bot_data.render("report/history_usage.html.j2",
                                                          several=len(task_ids) > 1))
        return
    if not await _allowed(context, actor, task_ids[0]):
        await refuse(update, context, "owner")
        return
    await show_history(context, message, task_ids[0])


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(on_detail, pattern=pattern(Action.task_detail)))
    app.add_handler(CallbackQueryHandler(on_history, pattern=pattern(Action.task_history)))
    app.add_handler(CallbackQueryHandler(on_file, pattern=pattern(Action.task_file)))
    app.add_handler(CommandHandler("lichsu", history_command))
