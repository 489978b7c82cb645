"""Pieces shared by the reply, done, extension, snooze and /viec flows: the three task buttons, reading
a head's reply, checking a press, and ForceReply prompts stored as message links."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot import callbacks
from bot.callbacks import Action, Callback
from bot.context import Context
from bot.handlers.guards import current_actor, refuse
from bot.handlers.update_parts import button_message_of, query_of
from bot.sending import answer_query, reply_html
from bot.services import head_assignments, outgoing, reply_links
from bot.services.identity import Actor
from bot.services.progress import Report
from storage.models import Assignment, NewOutboxMessage

ROW = (("progress", Action.progress), ("done", Action.done), ("extension", Action.extension))


def label(context: Context, name: str, number: int | None = None) -> str:
    return context.bot_data.render("tasks/button.txt.j2", name=name, number=number)


def button(context: Context, name: str, action: Action, *ids: int, number: int | None = None
           ) -> InlineKeyboardButton:
    return InlineKeyboardButton(label(context, name, number), callback_data=callbacks.make(action, *ids))


def task_rows(context: Context, assignments: list[Assignment], *, numbered: bool = False
              ) -> list[list[InlineKeyboardButton]]:
    """One row of "Báo cáo tiến độ / Hoàn thành / Xin gia hạn" per assignment."""
    return [
        [button(context, name, action, a.id, number=index if numbered else None) for name, action in ROW]
        for index, a in enumerate(assignments, start=1)
    ]


def markup_dict(rows: list[list[InlineKeyboardButton]]) -> dict[str, Any]:
    return InlineKeyboardMarkup(rows).to_dict()


def report_of(message: Message) -> Report:
    """Text or caption, and file ids: a document's, and of a photo only the largest size."""
    file_ids: list[str] = []
    if message.photo:
        file_ids.append(max(message.photo, key=lambda size: size.width * size.height).file_id)
    if message.document is not None:
        file_ids.append(message.document.file_id)
    return Report(text=message.text or message.caption or "", file_ids=file_ids, chat_id=message.chat_id,
                  message_id=message.message_id)


async def pressed(update: Update, context: Context, action: Action) -> tuple[Actor, Callback] | None:
    """The known presser and the decoded button, or None after a refusal (stranger, stale data, or no
    message under the button): update_parts.button_message_of may be used after this."""
    actor = await current_actor(update, context)
    if actor is None:
        await refuse(update, context, "stranger")
        return None
    query = update.callback_query
    decoded = callbacks.parse(query.data if query is not None else None)
    if (decoded is None or decoded.action is not action or query is None
            or not isinstance(query.message, Message)):
        await refuse(update, context, "stale")
        return None
    return actor, decoded


async def owned(update: Update, context: Context, assignment_id: int | None, actor: Actor
                ) -> Assignment | None:
    """The assignment if the actor heads or deputises for its unit; None after a refusal."""
    found = await head_assignments.owned(context.repos, assignment_id, actor.head_unit_ids)
    if found.refusal is not None:
        await refuse(update, context, found.refusal)
        return None
    return found.assignment


async def pressed_assignment(update: Update, context: Context, action: Action) -> Assignment | None:
    """The assignment on a pressed task button, the press answered; None after a refusal (stranger,
    stale data, or an assignment of a unit the presser does not head or deputise for)."""
    checked = await pressed(update, context, action)
    if checked is None:
        return None
    actor, data = checked
    assignment = await owned(update, context, data.ids[0], actor)
    if assignment is None:
        return None
    await answer_query(query_of(update))
    return assignment


async def pressed_open_assignment(update: Update, context: Context, action: Action) -> Assignment | None:
    """As pressed_assignment, and None after telling the presser when the assignment is already closed."""
    assignment = await pressed_assignment(update, context, action)
    if assignment is None:
        return None
    if not assignment.is_open:
        await reply_html(button_message_of(update),
                         context.bot_data.render("tasks/closed.html.j2", a=assignment))
        return None
    return assignment


async def prompt(message: Message, context: Context, text: str, kind: str, assignment: Assignment,
                 placeholder: str | None = None) -> Message | None:
    """Send a ForceReply question and remember what it is about, so the answer finds its flow."""
    sent = await reply_html(message, text, ForceReply(selective=False, input_field_placeholder=placeholder))
    if sent is not None:
        await reply_links.remember(context.repos, sent.chat_id, sent.message_id, assignment.notice_id,
                                   [assignment.id], kind, datetime.now(UTC))
    return sent


async def enqueue_and_wake(context: Context, items: list[NewOutboxMessage], now: datetime) -> None:
    """Queue messages to other people and have them sent at once, in the background (the outbox's
    kick): a drain awaited here would hold this chat's turn while other people's messages go out."""
    if not items:
        return
    await outgoing.queue(context.repos, items, now)
    context.bot_data.outbox.kick()
