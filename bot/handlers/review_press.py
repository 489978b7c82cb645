"""What every button of the office's review checks on the server before it changes anything, beyond the
office role (@requires): the button sits on the message that shows this very draft (callback_data forged
or copied from another draft is refused), and the notice is still a draft. A refusal changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Message, Update

from bot.callbacks import Callback, parse
from bot.context import Context
from bot.handlers.guards import refuse
from storage.models import Candidate, Notice, NoticeStatus, Task


@dataclass(frozen=True)
class Press:
    callback: Callback
    chat_id: int
    message_id: int  # the review message: views are redrawn in it
    notice: Notice


async def _on_draft(update: Update, context: Context, notice_id: int | None) -> Press | None:
    query = update.callback_query
    callback = parse(query.data if query else None)
    message = query.message if query else None
    repos = context.repos
    if callback is None or not isinstance(message, Message) or notice_id is None:
        await refuse(update, context, "stale")
        return None
    link = await repos.links.find(message.chat.id, message.message_id)
    notice = await repos.notices.get(notice_id)
    on_this_draft = link is not None and link.notice_id == notice_id
    if not on_this_draft or notice is None or notice.status is not NoticeStatus.draft:
        await refuse(update, context, "stale")
        return None
    return Press(callback, message.chat.id, message.message_id, notice)


def _first_id(update: Update) -> int | None:
    callback = parse(update.callback_query.data if update.callback_query else None)
    return callback.ids[0] if callback else None


async def notice_press(update: Update, context: Context) -> Press | None:
    """A button whose first id is the draft notice."""
    return await _on_draft(update, context, _first_id(update))


async def task_press(update: Update, context: Context) -> tuple[Press, Task] | None:
    """A button whose first id is a task of the draft."""
    task_id = _first_id(update)
    task = await context.repos.tasks.get(task_id) if task_id is not None else None
    press = await _on_draft(update, context, task.notice_id if task else None)
    return None if press is None or task is None else (press, task)


async def candidate_press(update: Update, context: Context) -> tuple[Press, Candidate] | None:
    """A button whose first id is a safety-net sentence of the draft."""
    candidate_id = _first_id(update)
    repos = context.repos
    candidate = await repos.candidates.get(candidate_id) if candidate_id is not None else None
    press = await _on_draft(update, context, candidate.notice_id if candidate else None)
    return None if press is None or candidate is None else (press, candidate)
