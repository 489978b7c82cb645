"""Corrections after Gửi, from the office's delivery report: "Điều chỉnh" lists the notice's tasks; a
task offers Sửa hạn / Sửa đơn vị (answers read as in the review, bot.services.prompt_answers) and Thu
hồi; the list also offers ➕ Bổ sung nhiệm vụ and Thu hồi thông báo. Withdrawing asks to confirm first.
Affected heads are told at once, through the outbox (bot.services.corrections)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from telegram import ForceReply, Message, Update
from telegram.ext import Application, CallbackQueryHandler

from bot.callbacks import Action, make, parse, pattern
from bot.context import Context
from bot.handlers import task_buttons as tb
from bot.handlers.delivery import show_report
from bot.handlers.guards import current_actor, refuse, requires
from bot.handlers.notice_views import button, call_bot
from bot.handlers.replies import on_reply
from bot.handlers.update_parts import message_of
from bot.sending import answer_query, reply_html
from bot.services import corrections as service
from bot.services.identity import Actor
from bot.services.notice_state import live_tasks, open_task, published_notice
from bot.services.prompt_answers import parse_deadline, read_missed_task, read_units
from bot.services.reply_links import remember
from storage.models import MessageLink, RoleName, Task

PROMPT_ADD = "prompt_add_task"
PROMPT_DEADLINE = "prompt_fix_deadline"
PROMPT_UNITS = "prompt_fix_units"
MAX_TASK_BUTTONS = 90


def _pressed(update: Update) -> tuple[Action, int, Message] | None:
    query = update.callback_query
    callback = parse(query.data if query else None)
    if query is None or callback is None or not isinstance(query.message, Message):
        return None
    return callback.action, callback.ids[0], query.message


async def _edit(context: Context, message: Message, text: str, rows: list[list[dict[str, str]]]) -> None:
    await call_bot(context, message.chat.id, "edit_text", {"message_id": message.message_id, "text": text,
                                                           "reply_markup": {"inline_keyboard": rows}})


@requires(RoleName.office)
async def on_list(update: Update, context: Context, actor: Actor) -> None:
    pressed = _pressed(update)
    notice = await published_notice(context.repos, pressed[1]) if pressed else None
    if pressed is None or notice is None:
        await refuse(update, context, "stale")
        return
    await answer_query(update.callback_query)
    tasks = await live_tasks(context.repos, notice.id)
    rows = [[button(context, "fix_task", make(Action.correct_task, t.id), index=t.position, text=t.text)]
            for t in tasks[:MAX_TASK_BUTTONS]]
    rows.append([button(context, "add_task", make(Action.add_missed_task, notice.id)),
                 button(context, "withdraw_notice", make(Action.withdraw_notice, notice.id))])
    rows.append([button(context, "back", make(Action.delivery_report, notice.id))])
    text = context.bot_data.render("corrections/office.html.j2", what="list", notice=notice)
    await _edit(context, pressed[2], text, rows)


@requires(RoleName.office)
async def on_task(update: Update, context: Context, actor: Actor) -> None:
    pressed = _pressed(update)
    found = await open_task(context.repos, pressed[1]) if pressed else None
    if pressed is None or found is None:
        await refuse(update, context, "stale")
        return
    await answer_query(update.callback_query)
    task, notice = found
    action, message = pressed[0], pressed[2]
    render = context.bot_data.render
    if action in (Action.fix_deadline, Action.fix_units):
        kind = PROMPT_DEADLINE if action is Action.fix_deadline else PROMPT_UNITS
        what = "prompt_deadline" if action is Action.fix_deadline else "prompt_units"
        prompt = await reply_html(message, render("review_reply.html.j2", what=what, task=task),
                                  ForceReply(selective=True))
        if prompt is not None:
            await remember(context.repos, prompt.chat_id, prompt.message_id, notice.id,
                           [task.id, message.message_id], kind, datetime.now(UTC))
        return
    if action is Action.withdraw_task:
        rows = [[button(context, "confirm_withdraw", make(Action.withdraw_task_yes, task.id)),
                 button(context, "back", make(Action.correct_task, task.id))]]
        text = render("corrections/office.html.j2", what="confirm_task", task=task)
        await _edit(context, message, text, rows)
        return
    rows = [[button(context, "edit_deadline", make(Action.fix_deadline, task.id)),
             button(context, "edit_units", make(Action.fix_units, task.id))],
            [button(context, "withdraw_task", make(Action.withdraw_task, task.id)),
             button(context, "back", make(Action.correct, notice.id))]]
    await _edit(context, message, render("review_reply.html.j2", what="task", task=task), rows)


async def tell_heads(context: Context, correction: service.Correction | None, now: datetime) -> None:
    if correction is None:
        return
    items = await service.messages_for_heads(context.repos, correction, context.bot_data.render, now)
    await tb.enqueue_and_wake(context, items, now)


@requires(RoleName.office)
async def on_withdraw(update: Update, context: Context, actor: Actor) -> None:
    """Thu hồi, confirmed: a task (wdty) or the whole notice (wdn asks, wdny withdraws)."""
    pressed = _pressed(update)
    if pressed is None:
        await refuse(update, context, "stale")
        return
    action, target, message = pressed
    render, now = context.bot_data.render, datetime.now(UTC)
    if action is Action.withdraw_notice:
        notice = await published_notice(context.repos, target)
        if notice is None:
            await refuse(update, context, "stale")
            return
        await answer_query(update.callback_query)
        rows = [[button(context, "confirm_withdraw", make(Action.withdraw_notice_yes, notice.id)),
                 button(context, "back", make(Action.correct, notice.id))]]
        text = render("corrections/office.html.j2", what="confirm_notice", notice=notice)
        await _edit(context, message, text, rows)
        return
    repos = context.repos
    if action is Action.withdraw_task_yes:
        correction = await service.withdraw_task(repos, target, by=actor.person.id, now=now)
    else:
        correction = await service.withdraw_notice(repos, target, by=actor.person.id, now=now)
    if correction is None:
        await refuse(update, context, "stale")
        return
    await answer_query(update.callback_query)
    what = "task_withdrawn" if action is Action.withdraw_task_yes else "notice_withdrawn"
    await call_bot(context, message.chat.id, "edit_text", {
        "message_id": message.message_id, "text": render("corrections/office.html.j2", what=what,
                                                         correction=correction)})
    await tell_heads(context, correction, now)


@requires(RoleName.office)
async def on_add_button(update: Update, context: Context, actor: Actor) -> None:
    pressed = _pressed(update)
    notice = await published_notice(context.repos, pressed[1]) if pressed else None
    if pressed is None or notice is None:
        await refuse(update, context, "stale")
        return
    await answer_query(update.callback_query)
    text = context.bot_data.render("corrections/office.html.j2", what="add_prompt", notice=notice)
    prompt = await reply_html(pressed[2], text, ForceReply(selective=True))
    if prompt is not None:
        await remember(context.repos, prompt.chat_id, prompt.message_id, notice.id, [], PROMPT_ADD,
                       datetime.now(UTC))


@on_reply(PROMPT_ADD)
async def on_add_reply(update: Update, context: Context, link: MessageLink) -> None:
    """The missed task, written as in a notice: the parser finds its units and deadline."""
    actor = await current_actor(update, context)
    message = update.effective_message
    if actor is None or not actor.is_office:
        await refuse(update, context, "stranger" if actor is None else "role")
        return
    repos, render = context.repos, context.bot_data.render
    notice = await published_notice(repos, link.notice_id)
    if notice is None or message is None:
        await refuse(update, context, "stale")
        return
    missed = await read_missed_task(repos, message.text or "")
    if missed is None:
        await reply_html(message, render("corrections/office.html.j2", what="add_no_units", notice=notice))
        return
    now = datetime.now(UTC)
    correction = await service.add_task(repos, notice.id, missed.text, missed.deadline, missed.recurrence,
                                        missed.leads, missed.coordinators, by=actor.person.id, now=now)
    if correction is None:
        await refuse(update, context, "stale")
        return
    await reply_html(message, render("corrections/office.html.j2", what="task_added", correction=correction))
    await tell_heads(context, correction, now)


async def _office_task(update: Update, context: Context, link: MessageLink) -> tuple[Actor, Task] | None:
    actor = await current_actor(update, context)
    if actor is None or not actor.is_office:
        await refuse(update, context, "stranger" if actor is None else "role")
        return None
    found = await open_task(context.repos, link.assignment_ids[0]) if link.assignment_ids else None
    if found is None:
        await refuse(update, context, "stale")
        return None
    return actor, found[0]


async def _corrected(update: Update, context: Context, link: MessageLink, what: str,
                     correction: service.Correction | None) -> None:
    """Say what was done, tell the heads, redraw the delivery report the prompt came from."""
    message = message_of(update)
    if correction is None:
        await refuse(update, context, "stale")
        return
    render = context.bot_data.render
    await reply_html(message, render("corrections/office.html.j2", what=what, correction=correction))
    await tell_heads(context, correction, datetime.now(UTC))
    view_id = link.assignment_ids[1] if len(link.assignment_ids) > 1 else None
    await show_report(context, message.chat_id, correction.notice.id, edit_message_id=view_id)


@on_reply(PROMPT_DEADLINE)
async def on_deadline_reply(update: Update, context: Context, link: MessageLink) -> None:
    found = await _office_task(update, context, link)
    if found is None:
        return
    actor, task = found
    message = message_of(update)
    value = parse_deadline(message.text or "")
    if value is False:
        await reply_html(message, context.bot_data.render("review_reply.html.j2", what="bad_date",
                                                          text=message.text or ""))
        return
    correction = await service.change_deadline(context.repos, task.id, value, by=actor.person.id,
                                               now=datetime.now(UTC))
    await _corrected(update, context, link, "deadline_changed", correction)


@on_reply(PROMPT_UNITS)
async def on_units_reply(update: Update, context: Context, link: MessageLink) -> None:
    found = await _office_task(update, context, link)
    if found is None:
        return
    actor, task = found
    message = message_of(update)
    answer = await read_units(context.repos, message.text or "")
    if answer.problem is not None:
        await reply_html(message, context.bot_data.render("review_reply.html.j2", what=answer.problem,
                                                          names=answer.unknown))
        return
    correction = await service.change_units(context.repos, task.id, answer.leads, answer.coordinators,
                                            by=actor.person.id, now=datetime.now(UTC))
    await _corrected(update, context, link, "units_changed", correction)


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(on_list, pattern=pattern(Action.correct)))
    for action in (Action.correct_task, Action.withdraw_task, Action.fix_deadline, Action.fix_units):
        app.add_handler(CallbackQueryHandler(on_task, pattern=pattern(action)))
    for action in (Action.withdraw_task_yes, Action.withdraw_notice, Action.withdraw_notice_yes):
        app.add_handler(CallbackQueryHandler(on_withdraw, pattern=pattern(action)))
    app.add_handler(CallbackQueryHandler(on_add_button, pattern=pattern(Action.add_missed_task)))


__all__: list[Any] = ["register", "tell_heads"]
