"""The unit picker of one task of a draft: the directory's units as numbered buttons, a page at a time.
A press cycles the unit through lead (★), coordinating (☆) and off; Xong goes back to the preview."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot.callbacks import Action, pattern
from bot.context import Context
from bot.handlers.guards import refuse, requires
from bot.handlers.notice_views import answer_review
from bot.handlers.review_press import task_press
from bot.handlers.review_screens import show_picker
from bot.services.identity import Actor
from bot.services.review import toggle_unit
from storage.models import RoleName


@requires(RoleName.office)
async def on_picker(update: Update, context: Context, actor: Actor) -> None:
    pressed = await task_press(update, context)
    if pressed is None:
        return
    press, task = pressed
    if press.callback.action is Action.toggle_unit:
        _, unit_id, page = press.callback.ids
        changed = await toggle_unit(context.repos, task, unit_id, by=actor.person.id,
                                    now=datetime.now(UTC))
        if changed is None:
            await refuse(update, context, "stale")
            return
        task = changed
    else:
        page = press.callback.ids[1]
    await answer_review(update, context)
    await show_picker(context, press.chat_id, press.message_id, task, page)


def register(app: Application) -> None:
    for action in (Action.pick_units, Action.toggle_unit):
        app.add_handler(CallbackQueryHandler(on_picker, pattern=pattern(action)))
