"""Publishing and delivery: Gửi, the office's delivery report (Cập nhật, /chuanhan), and the heads'
"Đã nhận" and "Tải văn bản gốc" buttons. Every press is checked on the server."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from telegram import Message, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import background
from bot.callbacks import Action, Callback, parse, pattern
from bot.context import Context
from bot.handlers.guards import refuse, requires
from bot.handlers.notice_views import call_bot, show, show_preview
from bot.handlers.update_parts import message_of, query_of
from bot.sending import answer_query, reply_html
from bot.services.delivery_presses import PressOutcome, acknowledge, source_file
from bot.services.delivery_presses import not_acknowledged as units_not_acknowledged
from bot.services.delivery_report import delivery_report
from bot.services.delivery_report_redraw import report_markup
from bot.services.identity import Actor
from bot.services.notice_state import find_notice
from bot.services.publish import PublishOutcome, publish_notice
from storage.db import database_errors
from storage.models import NoticeStatus, RoleName

log = logging.getLogger(__name__)


async def show_report(context: Context, chat_id: int, notice_id: int, *, edit_message_id: int | None) -> None:
    report = await delivery_report(context.repos, notice_id)
    if report is None:
        return
    text = context.bot_data.render("delivery_report.html.j2", report=report, now=datetime.now(UTC))
    markup = report_markup(context.bot_data.render, notice_id)
    await show(context, chat_id, text, markup, edit_message_id=edit_message_id, link_kind="report",
               notice_id=notice_id)


def _pressed(update: Update) -> tuple[Callback, Message] | None:
    query = update.callback_query
    callback = parse(query.data if query else None)
    if query is None or callback is None or not isinstance(query.message, Message):
        return None
    return callback, query.message


@requires(RoleName.office)
async def on_publish(update: Update, context: Context, actor: Actor) -> None:
    pressed = _pressed(update)
    if pressed is None:
        await refuse(update, context, "stale")
        return
    callback, message = pressed
    data, now = context.bot_data, datetime.now(UTC)
    try:
        # Committed (status and every head's messages, one transaction) before the office is answered.
        report = await publish_notice(context.repos, callback.ids[0], by=actor.person.id, now=now,
                                      render=data.render)
    except database_errors() as error:  # rolled back: still a draft, nothing queued; the office must know
        log.error("publishing notice %s failed: %s: %s", callback.ids[0], type(error).__name__, error)
        await answer_query(update.callback_query, data.render("review_reply.html.j2", what="publish_failed"),
                           alert=True)
        return
    published_before = report.notice is not None and report.notice.status is NoticeStatus.published
    if report.outcome is not PublishOutcome.published and not published_before:
        await answer_query(update.callback_query,
                           data.render("review_reply.html.j2", what=report.outcome.value), alert=True)
        return
    await answer_query(update.callback_query)
    # A second Gửi (say, the report never replaced the preview) shows the report: nothing is sent twice.
    await show_report(context, message.chat.id, callback.ids[0], edit_message_id=message.message_id)
    if report.outcome is PublishOutcome.published and context.application.running:
        # Send now rather than at the outbox job's next run, without holding up other people's updates
        # while the paced sends go out, nor the bot's stop (bot.background); the report is redrawn once
        # the broadcast is through.
        background.start(_send_then_report(context, message.chat.id, callback.ids[0], message.message_id),
                         "publish drain")


async def _send_then_report(context: Context, chat_id: int, notice_id: int, message_id: int) -> None:
    await context.bot_data.outbox.drain(datetime.now(UTC))
    if context.application.running:  # a stopping bot leaves the rows, and the report, to its next start
        await show_report(context, chat_id, notice_id, edit_message_id=message_id)


@requires(RoleName.office)
async def on_view(update: Update, context: Context, actor: Actor) -> None:
    """Cập nhật / Quay lại: the notice's current view (preview of a draft, report once published)."""
    pressed = _pressed(update)
    notice = await find_notice(context.repos, pressed[0].ids[0]) if pressed else None
    if pressed is None or notice is None:
        await refuse(update, context, "stale")
        return
    await answer_query(update.callback_query)
    chat_id, message_id = pressed[1].chat.id, pressed[1].message_id
    if notice.status is NoticeStatus.draft:
        await show_preview(context, chat_id, notice.id, edit_message_id=message_id)
    else:
        await show_report(context, chat_id, notice.id, edit_message_id=message_id)


@requires()  # any known person; ownership is checked by the service
async def on_acknowledge(update: Update, context: Context, actor: Actor) -> None:
    """Đã nhận: every new assignment of that unit in that notice becomes acknowledged."""
    pressed = _pressed(update)
    if pressed is None:
        await refuse(update, context, "stale")
        return
    (notice_id, unit_id), message = pressed[0].ids, pressed[1]
    done = await acknowledge(context.repos, notice_id, unit_id, person_id=actor.person.id,
                             head_unit_ids=actor.head_unit_ids, now=datetime.now(UTC))
    if done.outcome is not PressOutcome.done:
        await refuse(update, context, done.outcome.value)
        return
    await answer_query(update.callback_query, context.bot_data.render(
        "acknowledge_reply.html.j2", count=done.count, unit_name=done.unit_name))
    markup = message.reply_markup.to_dict() if message.reply_markup else None
    label = context.bot_data.render("notice_buttons.txt.j2", name="acknowledged")
    if markup is None:
        return
    pressed_data = query_of(update).data
    buttons = [b for row in markup["inline_keyboard"] for b in row if b.get("callback_data") == pressed_data]
    if buttons and buttons[0]["text"] != label and context.application.running:
        buttons[0]["text"] = label
        # The press is answered; the relabelled button follows in the background: the edit waits for a
        # send slot (30/s overall), and waiting here would hold up the presses of the people after.
        context.application.create_task(call_bot(context, message.chat.id, "edit_markup", {
            "message_id": message.message_id, "reply_markup": markup}), update=update)


@requires()  # any known person; ownership is checked by the service
async def on_source_file(update: Update, context: Context, actor: Actor) -> None:
    """Tải văn bản gốc: the stored file, to a head of a unit in that notice (or the office)."""
    pressed = _pressed(update)
    found = await source_file(context.repos, pressed[0].ids[0], is_office=actor.is_office,
                              head_unit_ids=actor.head_unit_ids) if pressed else None
    if pressed is None or found is None or found.outcome is not PressOutcome.done:
        await refuse(update, context, found.outcome.value if found else "stale")
        return
    await answer_query(update.callback_query)
    await call_bot(context, pressed[1].chat.id, found.kind, {
        "file_id": found.file_id, "file_name": found.file_name, "parse_mode": None})


@requires(RoleName.office)
async def not_acknowledged(update: Update, context: Context, actor: Actor) -> None:
    """/chuanhan [số thông báo]: units that have not pressed Đã nhận."""
    message = message_of(update)
    number = " ".join(context.args or []).strip() or None
    listed = await units_not_acknowledged(context.repos, number)
    text = context.bot_data.render("not_acknowledged.html.j2", groups=listed.groups, number=number,
                                   found=listed.found)
    for part in context.bot_data.split_blocks(text.split("\n"), sep="\n"):
        await reply_html(message, part)


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(on_publish, pattern=pattern(Action.publish)))
    app.add_handler(CallbackQueryHandler(on_view, pattern=pattern(Action.delivery_report)))
    app.add_handler(CallbackQueryHandler(on_acknowledge, pattern=pattern(Action.acknowledge)))
    app.add_handler(CallbackQueryHandler(on_source_file, pattern=pattern(Action.source_file)))
    app.add_handler(CommandHandler("chuanhan", not_acknowledged))
