"""Progress: a head's reply to a task message (or to the "Báo cáo tiến độ" prompt), its edits, and
the "which task?" choice when the replied message held several."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    MessageHandler,
    filters,
)

from bot.callbacks import Action, make
from bot.context import Context
from bot.handlers import task_buttons as tb
from bot.handlers.guards import current_actor, refuse, resolve
from bot.handlers.replies import on_reply
from bot.handlers.update_parts import button_message_of, message_of, query_of
from bot.sending import answer_query, edit_html, reply_html
from bot.services import progress as service
from bot.services.identity import Actor
from bot.services.progress import ProgressOutcome, ProgressResult
from bot.services.reply_links import replied_to
from storage.models import MessageLink

PROMPT = "prompt_progress"
# Messages whose replies are progress: deliveries, reminders, the /viec list, a returned task.
REPORT_KINDS = ("delivery", "reminder", "tasks_list", "returned", PROMPT)


def _confirmation(context: Context, result: ProgressResult, *, edited: bool = False
                  ) -> tuple[str, InlineKeyboardMarkup | None]:
    a = result.assignment
    assert a is not None and result.progress is not None
    offer_done = a.is_open and result.percent == 100
    text = context.bot_data.render(
        "progress/saved.html.j2", a=a, percent=result.percent, files=len(result.progress.file_ids),
        offer_done=offer_done, edited=edited,
    )
    markup = InlineKeyboardMarkup([[tb.button(context, "done", Action.done, a.id)]]) if offer_done else None
    return text, markup


@on_reply(*REPORT_KINDS)
async def on_report(update: Update, context: Context, link: MessageLink) -> None:
    message = message_of(update)
    actor = await current_actor(update, context)
    if actor is None:
        await refuse(update, context, "stranger")
        return
    report = tb.report_of(message)
    now = datetime.now(UTC)
    result = await service.record_reply(
        context.repos, person_id=actor.person.id, head_unit_ids=actor.head_unit_ids,
        assignment_ids=link.assignment_ids, report=report, now=now,
    )
    render = context.bot_data.render
    if result.outcome in (ProgressOutcome.owner, ProgressOutcome.stale):
        await refuse(update, context, result.outcome.value)
    elif result.outcome in (ProgressOutcome.bad_percent, ProgressOutcome.empty):
        await reply_html(message, render("progress/not_recorded.html.j2", reason=result.outcome.value))
    elif result.outcome is ProgressOutcome.choose:
        # A few words of each task on its button, not "1. Nhiệm vụ": the head picks by what it says.
        rows = [[InlineKeyboardButton(
                    render("tasks/button.txt.j2", name="pick", number=i, text=a.task_text),
                    callback_data=make(Action.pick_task, a.id, report.message_id))]
                for i, a in enumerate(result.choices, start=1)]
        text = render("progress/pick.html.j2", choices=result.choices, quote=report.text)
        await service.ask_which(context.repos, report=report, percent=result.percent,
                                choices=result.choices, text=text, reply_markup=tb.markup_dict(rows), now=now)
        context.bot_data.outbox.kick()
    else:
        await reply_html(message, *_confirmation(context, result))


async def on_edited_report(update: Update, context: Context) -> None:
    """An edited reply to a task message: the stored report follows the new text."""
    message = update.edited_message
    if message is None or message.reply_to_message is None:
        return
    if not isinstance(await resolve(update, context), Actor):  # binds the replied-to message's tenant
        return
    link = await replied_to(context.repos, message.chat_id, message.reply_to_message.message_id)
    if link is None or link.kind not in REPORT_KINDS:
        return
    result = await service.update_from_edit(
        context.repos, chat_id=message.chat_id, message_id=message.message_id,
        text=message.text or message.caption or "", now=datetime.now(UTC),
    )
    if result is None:
        return
    if result.outcome is ProgressOutcome.bad_percent:
        text = context.bot_data.render("progress/not_recorded.html.j2", reason="bad_percent")
        await reply_html(message, text)
    else:
        await reply_html(message, *_confirmation(context, result, edited=True))
    raise ApplicationHandlerStop


async def on_progress_button(update: Update, context: Context) -> None:
    """"Báo cáo tiến độ": ask for the report with a ForceReply tied to this assignment."""
    assignment = await tb.pressed_open_assignment(update, context, Action.progress)
    if assignment is None:
        return
    text = context.bot_data.render("progress/prompt.html.j2", a=assignment)
    await tb.prompt(button_message_of(update), context, text, PROMPT, assignment)


async def on_pick(update: Update, context: Context) -> None:
    """The head chose which task a pending report was about."""
    checked = await tb.pressed(update, context, Action.pick_task)
    if checked is None:
        return
    actor, data = checked
    query, question = query_of(update), button_message_of(update)
    assignment_id, reply_message_id = data.ids
    result = await service.record_choice(
        context.repos, person_id=actor.person.id, head_unit_ids=actor.head_unit_ids,
        chat_id=question.chat.id, question_message_id=question.message_id,
        assignment_id=assignment_id, reply_message_id=reply_message_id, now=datetime.now(UTC),
    )
    if result.outcome is not ProgressOutcome.recorded:
        await refuse(update, context, result.outcome.value)
        return
    await answer_query(query)
    await edit_html(question, *_confirmation(context, result))


def register(app: Application) -> None:
    # Replies themselves are routed by bot.handlers.replies (this module's @on_reply).
    edited_replies = filters.UpdateType.EDITED_MESSAGE & filters.REPLY & ~filters.COMMAND
    app.add_handler(MessageHandler(edited_replies, on_edited_report), group=-1)
    app.add_handler(CallbackQueryHandler(on_progress_button, pattern=rf"^{Action.progress.value}(:|$)"))
    app.add_handler(CallbackQueryHandler(on_pick, pattern=rf"^{Action.pick_task.value}(:|$)"))
