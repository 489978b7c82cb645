"""Reminder handlers: "Nhắc lại sau 1 ngày" on a reminder (only a head or deputy of the task's unit may
snooze it, at most `snooze_max` times) and the admin's /ngaynghi dd/mm/yyyy [lý do]."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import callbacks
from bot.callbacks import Action
from bot.context import Context
from bot.handlers import task_buttons as tb
from bot.handlers.guards import requires
from bot.handlers.update_parts import button_message_of, message_of, query_of
from bot.sending import answer_query, reply_html
from bot.services import days_off, reminders
from bot.services.identity import Actor
from bot.services.reminder_snooze import redraw_keyboard, snooze_assignment
from storage.models import RoleName


async def on_snooze(update: Update, context: Context) -> None:
    # Not tb.pressed_assignment: that answers the press before the snooze is saved, this answers after.
    checked = await tb.pressed(update, context, Action.snooze)
    if checked is None:
        return
    actor, decoded = checked
    query, message = query_of(update), button_message_of(update)
    data = context.bot_data
    assignment = await tb.owned(update, context, decoded.ids[0], actor)
    if assignment is None:
        return
    now = reminders.utc_now()
    outcome = await snooze_assignment(context.repos, context.settings, assignment, actor.person.id, now)
    await answer_query(query)
    await reply_html(message, data.render("reminder_snoozed.html.j2", **outcome.model_dump()))
    # The reminder's keyboard is redrawn from the database: the snooze button goes once it is used up.
    if await redraw_keyboard(context.repos, context.settings, message.chat_id, message.message_id, query.id,
                             data.render, now):
        data.outbox.kick()


@requires(RoleName.admin)
async def add_day_off(update: Update, context: Context, actor: Actor) -> None:
    message = message_of(update)
    data = context.bot_data
    outcome = await days_off.add_day_off(context.repos, context.settings, list(context.args or []),
                                         actor.person.id, reminders.utc_now())
    await reply_html(message, data.render("day_off.html.j2", **outcome.model_dump()))


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(on_snooze, pattern=callbacks.pattern(Action.snooze)))
    app.add_handler(CommandHandler("ngaynghi", add_day_off))
