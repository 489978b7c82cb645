"""What every button of the office's review checks on the server before it changes anything, beyond the
office role (@requires): the button sits on the message that shows this very draft (callback_data forged
or copied from another draft is refused), and the notice is still a draft (bot.services.notice_state). A
refusal changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Message, Update

from bot.callbacks import Callback, parse
from bot.context import Context
from bot.handlers.guards import refuse
from bot.services import notice_state
from storage.models import Candidate, Notice, Task


@dataclass(frozen=True)
class Press:
    callback: Callback
    chat_id: int
    message_id: int  # the review message: views are redrawn in it
    notice: Notice


def _button(update: Update) -> tuple[Callback, int, int, int] | None:
    """(callback, its first id, chat id, message id) of the pressed button."""
    query = update.callback_query
    callback = parse(query.data if query else None)
    message = query.message if query else None
    if callback is None or not isinstance(message, Message):
        return None
    return callback, callback.ids[0], message.chat.id, message.message_id


async def _press(update: Update, context: Context, button: tuple[Callback, int, int, int] | None,
                 notice: Notice | None) -> Press | None:
    if button is None or notice is None:
        await refuse(update, context, "stale")
        return None
    return Press(button[0], button[2], button[3], notice)


async def notice_press(update: Update, context: Context) -> Press | None:
    """A button whose first id is the draft notice."""
    button = _button(update)
    notice = await notice_state.draft_shown(context.repos, *button[1:]) if button else None
    return await _press(update, context, button, notice)


async def task_press(update: Update, context: Context) -> tuple[Press, Task] | None:
    """A button whose first id is a task of the draft."""
    button = _button(update)
    found = await notice_state.task_of_draft_shown(context.repos, *button[1:]) if button else None
    press = await _press(update, context, button, found[0] if found else None)
    return None if press is None or found is None else (press, found[1])


async def candidate_press(update: Update, context: Context) -> tuple[Press, Candidate] | None:
    """A button whose first id is a safety-net sentence of the draft."""
    button = _button(update)
    found = await notice_state.candidate_of_draft_shown(context.repos, *button[1:]) if button else None
    press = await _press(update, context, button, found[0] if found else None)
    return None if press is None or found is None else (press, found[1])
