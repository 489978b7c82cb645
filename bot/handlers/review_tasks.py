"""Sửa in the office's review, and Điều chỉnh after Gửi: change one task's deadline or units through
ForceReply prompts.

The prompt's message link (kind prompt_deadline / prompt_units) stores [task id, view message id] in its
id list, so the answer lands on the right task and the view (the draft's preview, or the published
notice's delivery report) is redrawn in place, even after a restart. On a published notice the change
goes through bot.services.corrections, which tells the affected heads."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Literal

from telegram import ForceReply, Message, Update
from telegram.ext import Application, CallbackQueryHandler

from bot.callbacks import Action, make, parse, pattern
from bot.context import Context
from bot.handlers.corrections import tell_heads
from bot.handlers.delivery import show_report
from bot.handlers.guards import current_actor, refuse, requires
from bot.handlers.notice_views import answer_review, button, call_bot, show_preview
from bot.handlers.replies import on_reply
from bot.handlers.update_parts import message_of
from bot.sending import reply_html
from bot.services import corrections
from bot.services.identity import Actor
from bot.services.intake import unit_directory
from storage.models import MessageLink, NoticeStatus, RoleName, Task

_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")
_NO_DEADLINE = {"không", "khong", "bỏ", "bo", "-"}
_COORDINATE = re.compile(r"^\s*phối\s+hợp\s*:\s*", re.IGNORECASE)


async def _draft_task(context: Context, task_id: int) -> Task | None:
    """The task, while its notice is a draft, or published with the task not withdrawn."""
    repos = context.bot_data.repos
    task = await repos.tasks.get(task_id)
    if task is None:
        return None
    notice = await repos.notices.get(task.notice_id)
    if notice is None or notice.status is NoticeStatus.withdrawn:
        return None
    if notice.status is NoticeStatus.draft:
        return task
    live = [a for a in await repos.assignments.for_notice(notice.id) if a.task_id == task_id]
    return task if any(a.withdrawn_at is None for a in live) else None


async def _published(context: Context, task: Task) -> bool:
    notice = await context.bot_data.repos.notices.get(task.notice_id)
    return notice is not None and notice.status is NoticeStatus.published


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


async def _corrected(update: Update, context: Context, link: MessageLink, what: str,
                     correction: corrections.Correction | None) -> None:
    """After a correction of a published notice: say what was done, tell the heads, redraw the report."""
    message = update.effective_message
    assert message is not None
    if correction is None:
        await refuse(update, context, "stale")
        return
    await reply_html(message, context.bot_data.render("corrections/office.html.j2", what=what,
                                                      correction=correction))
    await tell_heads(context, correction, datetime.now(UTC))
    view_id = link.assignment_ids[1] if len(link.assignment_ids) > 1 else None
    await show_report(context, message.chat_id, correction.notice.id, edit_message_id=view_id)


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
    now = datetime.now(UTC)
    if await _published(context, task):
        correction = await corrections.change_deadline(context.bot_data.repos, task.id, value,
                                                       by=actor.person.id, now=now)
        await _corrected(update, context, link, "deadline_changed", correction)
        return
    changed = await context.bot_data.repos.tasks.set_task_deadline(
        task.id, value, by=actor.person.id, now=now)
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
        for part in _COORDINATE.sub("", line).split(";"):
            # A unit's own name may hold a comma ("Phòng Kinh tế, Hạ tầng và Đô thị"): a whole part
            # that names a unit is that unit; otherwise the commas separate units.
            names = [part] if directory.match(part) is not None else part.split(",")
            for name in names:
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
    now = datetime.now(UTC)
    if await _published(context, task):
        correction = await corrections.change_units(repos, task.id, leads, coordinators, by=actor.person.id,
                                                    now=now)
        await _corrected(update, context, link, "units_changed", correction)
        return
    changed = await repos.tasks.set_task_units(task.id, leads, coordinators, by=actor.person.id, now=now)
    await _done(update, context, link, "units_set", changed or task)


def register(app: Application) -> None:
    for action in (Action.edit_task, Action.edit_deadline, Action.edit_units):
        app.add_handler(CallbackQueryHandler(on_task_button, pattern=pattern(action)))
