""""Xin gia hạn": the head replies with a new date and a reason; leaders decide with Duyệt / Từ chối;
the first decision wins and the head is told."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot.callbacks import Action
from bot.context import Context
from bot.handlers import task_buttons as tb
from bot.handlers.guards import current_actor, refuse
from bot.handlers.replies import on_reply
from bot.handlers.update_parts import button_message_of, message_of, query_of
from bot.sending import answer_query, edit_html, reply_html
from bot.services import extensions as service
from bot.services.extensions import DecideOutcome, RequestOutcome
from bot.services.reminders import work_calendar
from storage.models import Assignment, Extension, MessageLink, Person

PROMPT = "prompt_extension"


def _prompt_text(context: Context, a: Assignment, parsed: service.ExtensionInput | None = None) -> str:
    today = datetime.now(UTC).astimezone(context.settings.tz).date()
    return context.bot_data.render(
        "extension/prompt.html.j2", a=a, today=today,
        problem=parsed.problem.value if parsed and parsed.problem else None,
        proposed=parsed.proposed if parsed else None,
    )


async def on_extension_button(update: Update, context: Context) -> None:
    assignment = await tb.pressed_open_assignment(update, context, Action.extension)
    if assignment is None:
        return
    await tb.prompt(button_message_of(update), context, _prompt_text(context, assignment), PROMPT, assignment)


@on_reply(PROMPT)
async def on_extension_reply(update: Update, context: Context, link: MessageLink) -> None:
    actor = await current_actor(update, context)
    if actor is None:
        await refuse(update, context, "stranger")
        return
    message = message_of(update)
    repos, render = context.repos, context.bot_data.render
    assignment = await tb.owned(update, context, next(iter(link.assignment_ids), None), actor)
    if assignment is None:
        return
    now = datetime.now(UTC)
    today = now.astimezone(context.settings.tz).date()
    parsed = service.parse_request(message.text or message.caption or "", today=today,
                                   current_deadline=assignment.deadline)
    if parsed.problem is not None:
        await tb.prompt(message, context, _prompt_text(context, assignment, parsed), PROMPT, assignment)
        return
    assert parsed.proposed is not None
    result = await service.request(repos, assignment=assignment, person_id=actor.person.id,
                                   proposed=parsed.proposed, reason=parsed.reason, now=now)
    extension = result.extension
    if result.outcome is RequestOutcome.closed or extension is None:
        await reply_html(message, render("tasks/closed.html.j2", a=assignment))
        return
    pending = result.outcome is RequestOutcome.pending_exists
    calendar = await work_calendar(repos, context.settings)
    day_off = not calendar.is_working_day(extension.proposed_date)
    await reply_html(message, render("extension/requested.html.j2", a=assignment, ext=extension,
                                     pending=pending, day_off=day_off))
    if not pending:
        await _ask_leaders(context, assignment, extension, actor.person, now, day_off)


async def _ask_leaders(context: Context, a: Assignment, ext: Extension, requester: Person,
                       now: datetime, day_off: bool) -> None:
    markup = tb.markup_dict([[tb.button(context, "approve", Action.approve_extension, ext.id),
                              tb.button(context, "decline", Action.decline_extension, ext.id)]])

    def text(can_decide: bool) -> str:
        return context.bot_data.render("extension/request.html.j2", a=a, ext=ext, person=requester,
                                       can_decide=can_decide, decided_by=None, day_off=day_off)

    items = await service.request_messages(
        context.repos, ext.id, to_decide={"text": text(True), "reply_markup": markup},
        to_inform={"text": text(False)},
    )
    await tb.enqueue_and_wake(context, items, now)


async def _decide(update: Update, context: Context, action: Action) -> None:
    checked = await tb.pressed(update, context, action)
    if checked is None:
        return
    actor, data = checked
    if not (actor.is_leader or actor.is_admin):
        await refuse(update, context, "role")
        return
    query, message = query_of(update), button_message_of(update)
    repos, render = context.repos, context.bot_data.render
    now = datetime.now(UTC)
    approved = action is Action.approve_extension
    result = await service.decide(repos, extension_id=data.ids[0], approved=approved, by=actor.person.id,
                                  now=now)
    if result.outcome is DecideOutcome.stale or result.assignment is None or result.extension is None:
        await refuse(update, context, "stale")
        return
    ext, a = result.extension, result.assignment
    if result.outcome is DecideOutcome.already:
        await answer_query(query, render("extension/already.html.j2", ext=ext), alert=True)
        return
    await answer_query(query)
    requester = result.requester
    calendar = await work_calendar(repos, context.settings)
    decided_text = render("extension/request.html.j2", a=a, ext=ext, person=requester or actor.person,
                          can_decide=False, decided_by=actor.person.display_name,
                          day_off=not calendar.is_working_day(ext.proposed_date))
    await edit_html(message, decided_text)
    await _after_decision(context, a, ext, requester, decided_text, message.chat.id, now,
                          actor.person.display_name)


async def _after_decision(context: Context, a: Assignment, ext: Extension, requester: Person | None,
                          decided_text: str, pressed_chat: int, now: datetime, decider: str) -> None:
    told = context.bot_data.render("extension/decision.html.j2", a=a, ext=ext, decider=decider)
    items = await service.decision_messages(context.repos, a, ext, requester, told=told,
                                            decided_text=decided_text, pressed_chat=pressed_chat)
    await tb.enqueue_and_wake(context, items, now)


async def on_approve(update: Update, context: Context) -> None:
    await _decide(update, context, Action.approve_extension)


async def on_decline(update: Update, context: Context) -> None:
    await _decide(update, context, Action.decline_extension)


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(on_extension_button, pattern=rf"^{Action.extension.value}(:|$)"))
    app.add_handler(CallbackQueryHandler(on_approve, pattern=rf"^{Action.approve_extension.value}(:|$)"))
    app.add_handler(CallbackQueryHandler(on_decline, pattern=rf"^{Action.decline_extension.value}(:|$)"))
