"""Sửa in the office's review: change one task's deadline or units through ForceReply prompts.

The prompt's message link (kind prompt_deadline / prompt_units) stores [task id, preview message id]
in its id list, so the answer lands on the right task and the preview is redrawn in place, even after
a restart."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Literal

from telegram import ForceReply, Message, Update
from telegram.ext import Application, CallbackQueryHandler

from bot.callbacks import Action, make, parse, pattern
from bot.context import Context
from bot.handlers.guards import current_actor, refuse, requires
from bot.handlers.notice_views import answer_review, button, call_bot, show_preview
from bot.handlers.replies import on_reply
from bot.handlers.update_parts import message_of
from bot.sending import reply_html
from bot.services.identity import Actor
from bot.services.intake import unit_directory
from storage.models import MessageLink, NoticeStatus, RoleName, Task

_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")
_NO_DEADLINE = {"không", "khong", "bỏ", "bo", "-"}
_COORDINATE = re.compile(r"^\s*phối\s+hợp\s*:\s*", re.IGNORECASE)


async def _draft_task(context: Context, task_id: int) -> Task | None:
    repos = context.bot_data.repos
    task = await repos.tasks.get(task_id)
    if task is None:
        return None
    notice = await repos.notices.get(task.notice_id)
    return task if notice is not None and notice.status is NoticeStatus.draft else None


@requires(RoleName.office)
async def on_task_button(update: Update, context: Context, actor: Actor) -> None:
    query = update.callback_query
    callback = parse(query.data if query else None)
    task = await _draft_task(context, callback.ids[0]) if callback else None
    if query is None or not isinstance(query.message, Message) or callback is None or task is None:
        await refuse(update, context, "stale")
        return
    await answer_review(update, context)
    render = context.bot_data.render
    if callback.action is Action.edit_task:
        rows = [[button(context, "edit_deadline", make(Action.edit_deadline, task.id)),
                 button(context, "edit_units", make(Action.edit_units, task.id))],
                [button(context, "back", make(Action.delivery_report, task.notice_id))]]
        text = render("review_reply.html.j2", what="task", task=task)
        await call_bot(context, query.message.chat.id, "edit_text", {
            "message_id": query.message.message_id, "text": text, "reply_markup": {"inline_keyboard": rows}})
        return
    kind = "prompt_deadline" if callback.action is Action.edit_deadline else "prompt_units"
    prompt = await reply_html(query.message, render("review_reply.html.j2", what=kind, task=task),
                              ForceReply(selective=True))
    if prompt is not None:
        await context.bot_data.repos.links.add(
            prompt.chat_id, prompt.message_id, task.notice_id, [task.id, query.message.message_id], kind,
            datetime.now(UTC))


def parse_deadline(text: str) -> date | Literal[False] | None:
    """A date, None to clear the deadline, or False when the text is not understood."""
    if text.strip().casefold() in _NO_DEADLINE:
        return None
    found = _DATE.match(text)
    if found is None:
        return False
    try:
        return date(int(found[3]), int(found[2]), int(found[1]))
    except ValueError:
        return False


async def _office_reply(update: Update, context: Context, link: MessageLink) -> tuple[Actor, Task] | None:
    actor = await current_actor(update, context)
    if actor is None or not actor.is_office:
        await refuse(update, context, "stranger" if actor is None else "role")
        return None
    task = await _draft_task(context, link.assignment_ids[0]) if link.assignment_ids else None
    if task is None:
        await refuse(update, context, "stale")
        return None
    return actor, task


async def _done(update: Update, context: Context, link: MessageLink, what: str, task: Task) -> None:
    message = message_of(update)
    await reply_html(message, context.bot_data.render("review_reply.html.j2", what=what, task=task))
    preview_id = link.assignment_ids[1] if len(link.assignment_ids) > 1 else None
    await show_preview(context, message.chat_id, task.notice_id, edit_message_id=preview_id)


@on_reply("prompt_deadline")
async def on_deadline_reply(update: Update, context: Context, link: MessageLink) -> None:
    found = await _office_reply(update, context, link)
    if found is None:
        return
    actor, task = found
    message = message_of(update)
    value = parse_deadline(message.text or "")
    if value is False:
        await reply_html(message, context.bot_data.render("review_reply.html.j2", what="bad_date",
                                                          text=message.text or ""))
        return
    changed = await context.bot_data.repos.tasks.set_task_deadline(
        task.id, value, by=actor.person.id, now=datetime.now(UTC))
    await _done(update, context, link, "deadline_set", changed or task)


@on_reply("prompt_units")
async def on_units_reply(update: Update, context: Context, link: MessageLink) -> None:
    found = await _office_reply(update, context, link)
    if found is None:
        return
    actor, task = found
    message = message_of(update)
    render, repos = context.bot_data.render, context.bot_data.repos
    directory = await unit_directory(repos)
    ids = await repos.units.ids_by_name()
    leads: list[int] = []
    coordinators: list[int] = []
    unknown: list[str] = []
    for line in (message.text or "").splitlines():
        target = coordinators if _COORDINATE.match(line) else leads
        for name in re.split(r"[,;]", _COORDINATE.sub("", line)):
            if not name.strip():
                continue
            entry = directory.match(name)
            if entry is None:
                unknown.append(name.strip())
            else:
                target.append(ids[entry.name])
    if unknown or not leads:
        what = "unknown_units" if unknown else "no_units"
        await reply_html(message, render("review_reply.html.j2", what=what, names=unknown))
        return
    changed = await repos.tasks.set_task_units(task.id, leads, coordinators, by=actor.person.id,
                                               now=datetime.now(UTC))
    await _done(update, context, link, "units_set", changed or task)


def register(app: Application) -> None:
    for action in (Action.edit_task, Action.edit_deadline, Action.edit_units):
        app.add_handler(CallbackQueryHandler(on_task_button, pattern=pattern(action)))
