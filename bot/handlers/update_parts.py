"""Typed access to the parts of an update that a handler's filter or guard has already made sure of.

PTB types every part of an Update as optional, because an update may be of any kind. But a
CommandHandler only sees messages, a CallbackQueryHandler only callback queries, and
task_buttons.pressed refuses a press that comes without its message. These accessors state
that guarantee once, instead of an `assert` or a silent `return` in every handler; they raise
GuardBypassed when a handler is wired so that the guarantee does not hold, which is a bug to fix and
not a user's mistake to answer.
"""

from __future__ import annotations

from telegram import CallbackQuery, Message, Update


class GuardBypassed(RuntimeError):
    """A handler got an update its filter or guard should have kept from it."""


def message_of(update: Update) -> Message:
    """The message of a message, command, reply or edit handler's update."""
    message = update.effective_message
    if message is None:
        raise GuardBypassed(f"update {update.update_id} has no message")
    return message


def query_of(update: Update) -> CallbackQuery:
    """The button press of a CallbackQueryHandler's update."""
    query = update.callback_query
    if query is None:
        raise GuardBypassed(f"update {update.update_id} is not a button press")
    return query


def button_message_of(update: Update) -> Message:
    """The message carrying the pressed button (task_buttons.pressed refuses presses without one)."""
    message = query_of(update).message
    # PTB 22 builds even an inaccessible message (date 0) as a Message; the type says it may not.
    if not isinstance(message, Message):
        raise GuardBypassed(f"update {update.update_id}: the pressed button came without its message")
    return message
