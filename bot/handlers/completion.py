""""Hoàn thành": an optional note or evidence, then done (on time or late); the office is told and may
return it with a reason ("Trả lại")."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import Application, CallbackQueryHandler

from bot.callbacks import Action
from bot.context import Context
from bot.handlers import task_buttons as tb
from bot.handlers.guards import current_actor, refuse
from bot.handlers.replies import on_reply
from bot.handlers.update_parts import button_message_of, message_of, query_of
from bot.sending import answer_query, edit_html, reply_html
from bot.services import completion as service
from bot.services import reply_links
from bot.services.completion import DoneOutcome, DoneResult, ReturnOutcome
from bot.services.delivery_events import link_payload
from bot.services.identity import Actor
from bot.services.progress import Report
from storage.models import MessageLink, NewOutboxMessage

PROMPT_DONE = "prompt_done"
PROMPT_RETURN = "prompt_return"


async def on_done_button(update: Update, context: Context) -> None:
    """Ask for the optional note: a message with "Không có ghi chú", then a ForceReply for the note."""
    assignment = await tb.pressed_assignment(update, context, Action.done)
    if assignment is None:
        return
    message = button_message_of(update)
    render = context.bot_data.render
    if not assignment.is_open:
        await reply_html(message, render("completion/already.html.j2", a=assignment))
        return
    # A message carries either inline buttons or a ForceReply, never both: two messages, the
    # ForceReply last so the head's keyboard opens on it. Both accept the note as a reply.
    markup = InlineKeyboardMarkup([[tb.button(context, "no_note", Action.done_without_note, assignment.id)]])
    first = await reply_html(message, render("completion/prompt.html.j2", a=assignment), markup)
    if first is not None:
        await reply_links.remember(context.repos, first.chat_id, first.message_id, assignment.notice_id,
                                   [assignment.id], PROMPT_DONE, datetime.now(UTC))
    await tb.prompt(message, context, render("completion/note_prompt.html.j2", a=assignment),
                    PROMPT_DONE, assignment)


async def _finish(update: Update, context: Context, actor: Actor, assignment_id: int,
                  report: Report | None, answer_to: Message, *, edit: bool) -> None:
    now = datetime.now(UTC)
    result = await service.complete(
        context.repos, assignment_id=assignment_id, person_id=actor.person.id,
        head_unit_ids=actor.head_unit_ids, report=report, now=now,
    )
    if result.outcome in (DoneOutcome.owner, DoneOutcome.stale):
        await refuse(update, context, result.outcome.value)
        return
    if update.callback_query is not None:
        await answer_query(update.callback_query)
    render = context.bot_data.render
    name = "completion/done.html.j2" if result.outcome is DoneOutcome.done else "completion/already.html.j2"
    text = render(name, a=result.assignment)
    await (edit_html(answer_to, text) if edit else reply_html(answer_to, text))
    if result.outcome is DoneOutcome.done:
        await _tell_office(context, actor, result, report, now)


async def _tell_office(context: Context, actor: Actor, result: DoneResult, report: Report | None,
                       now: datetime) -> None:
    a = result.assignment
    assert a is not None and a.done_at is not None
    text = context.bot_data.render("completion/office_done.html.j2", a=a, person=actor.person,
                                   files=len(report.file_ids) if report else 0)
    markup = tb.markup_dict([[tb.button(context, "return", Action.return_assignment, a.id)]])
    people = await service.office_people(context.repos)
    items = service.items_for(people, f"done:{a.id}:{a.done_at.isoformat()}",
                              lambda _p: {"text": text, "reply_markup": markup})
    await tb.enqueue_and_wake(context, items, now)


async def on_no_note(update: Update, context: Context) -> None:
    checked = await tb.pressed(update, context, Action.done_without_note)
    if checked is None:
        return
    actor, data = checked
    await _finish(update, context, actor, data.ids[0], None, button_message_of(update), edit=True)


@on_reply(PROMPT_DONE)
async def on_done_note(update: Update, context: Context, link: MessageLink) -> None:
    actor = await current_actor(update, context)
    if actor is None:
        await refuse(update, context, "stranger")
        return
    message = message_of(update)
    if not link.assignment_ids:
        await refuse(update, context, "stale")
        return
    await _finish(update, context, actor, link.assignment_ids[0], tb.report_of(message), message, edit=False)


async def on_return_button(update: Update, context: Context) -> None:
    """Office: "Trả lại" asks for the reason with a ForceReply."""
    checked = await tb.pressed(update, context, Action.return_assignment)
    if checked is None:
        return
    actor, data = checked
    if not actor.is_office:
        await refuse(update, context, "role")
        return
    assignment = await service.to_return(context.repos, data.ids[0])
    if assignment is None:
        await refuse(update, context, "stale")
        return
    await answer_query(query_of(update))
    message = button_message_of(update)
    render = context.bot_data.render
    if assignment.is_open:
        await reply_html(message, render("completion/already.html.j2", a=assignment))
        return
    await tb.prompt(message, context, render("completion/return_prompt.html.j2", a=assignment,
                                                   missing=False), PROMPT_RETURN, assignment)


@on_reply(PROMPT_RETURN)
async def on_return_reason(update: Update, context: Context, link: MessageLink) -> None:
    actor = await current_actor(update, context)
    if actor is None or not actor.is_office:
        await refuse(update, context, "stranger" if actor is None else "role")
        return
    message = message_of(update)
    if not link.assignment_ids:
        await refuse(update, context, "stale")
        return
    render, now = context.bot_data.render, datetime.now(UTC)
    reason = (message.text or message.caption or "").strip()
    result = await service.return_done(context.repos, assignment_id=link.assignment_ids[0],
                                       by=actor.person.id, reason=reason, now=now)
    a = result.assignment
    if result.outcome is ReturnOutcome.stale or a is None:
        await refuse(update, context, "stale")
        return
    if result.outcome is ReturnOutcome.no_reason:
        await tb.prompt(message, context, render("completion/return_prompt.html.j2", a=a, missing=True),
                        PROMPT_RETURN, a)
        return
    if result.outcome is ReturnOutcome.not_done:
        await reply_html(message, render("completion/already.html.j2", a=a))
        return
    text = render("completion/returned_head.html.j2", a=a)
    markup = tb.markup_dict(tb.task_rows(context, [a]))
    link_data = link_payload("returned", a.notice_id, [a.id])
    heads = await service.unit_people(context.repos, a)
    items: list[NewOutboxMessage] = service.items_for(
        heads, f"returned:{a.id}:{now.isoformat()}",
        lambda _p: {"text": text, "reply_markup": markup, "link": link_data},
    )
    await reply_html(message, render("completion/returned_office.html.j2", a=a))
    await tb.enqueue_and_wake(context, items, now)


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(on_done_button, pattern=rf"^{Action.done.value}(:|$)"))
    app.add_handler(CallbackQueryHandler(on_no_note, pattern=rf"^{Action.done_without_note.value}(:|$)"))
    app.add_handler(CallbackQueryHandler(on_return_button,
                                         pattern=rf"^{Action.return_assignment.value}(:|$)"))
