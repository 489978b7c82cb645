"""Adding, removing and splitting tasks in the office's review of a draft.

Thêm nhiệm vụ: a ForceReply prompt for the text (link prompt_new_task: [review message id]), then one for
the deadline, then the unit picker in the review message. Xóa asks once more. Tách offers a button after
each sentence, or a ForceReply prompt for the part to cut off (link prompt_split: [task id, review
message id]). Every step is stored, so it carries on after a restart."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot.callbacks import Action, pattern
from bot.context import Context
from bot.handlers.guards import current_actor, refuse, requires
from bot.handlers.notice_views import answer_review, show_preview
from bot.handlers.replies import on_reply
from bot.handlers.review_press import notice_press, task_press
from bot.handlers.review_screens import show_remove_confirm, show_split
from bot.handlers.review_tasks import ask, excerpt, office_reply
from bot.handlers.update_parts import button_message_of, message_of
from bot.sending import reply_html
from bot.services import review
from bot.services.identity import Actor
from bot.services.notice_state import draft_notice
from storage.models import MessageLink, RoleName


@requires(RoleName.office)
async def on_add(update: Update, context: Context, actor: Actor) -> None:
    press = await notice_press(update, context)
    if press is None:
        return
    await answer_review(update, context)
    await ask(context, button_message_of(update), "prompt_new_task", press.notice.id, [press.message_id])


@on_reply("prompt_new_task")
async def on_new_task_reply(update: Update, context: Context, link: MessageLink) -> None:
    message = message_of(update)
    actor = await current_actor(update, context)
    if actor is None or not actor.is_office:
        await refuse(update, context, "stranger" if actor is None else "role")
        return
    notice = await draft_notice(context.repos, link.notice_id)
    if notice is None:
        await refuse(update, context, "stale")
        return
    task = await review.add_task(context.repos, notice.id, message.text or "", by=actor.person.id,
                                 now=datetime.now(UTC))
    if task is None:
        await reply_html(message, context.bot_data.render("review_reply.html.j2", what="bad_text",
                                                          max_chars=review.MAX_TEXT))
        return
    # The deadline prompt's third id (1) makes its answer open the unit picker for this task.
    await ask(context, message, "prompt_deadline", notice.id, [task.id, *link.assignment_ids[:1], 1],
              what="task_added", task=task)


@requires(RoleName.office)
async def on_remove(update: Update, context: Context, actor: Actor) -> None:
    pressed = await task_press(update, context)
    if pressed is None:
        return
    press, task = pressed
    if press.callback.action is Action.remove_ask:
        await answer_review(update, context)
        await show_remove_confirm(context, press.chat_id, press.message_id, task)
        return
    removed = await review.remove_task(context.repos, task.id, by=actor.person.id, now=datetime.now(UTC))
    if removed is None:
        await refuse(update, context, "stale")
        return
    await answer_review(update, context, "removed", task=removed)
    await show_preview(context, press.chat_id, task.notice_id, edit_message_id=press.message_id)


@requires(RoleName.office)
async def on_split(update: Update, context: Context, actor: Actor) -> None:
    pressed = await task_press(update, context)
    if pressed is None:
        return
    press, task = pressed
    if press.callback.action is Action.split_task:
        await answer_review(update, context)
        await show_split(context, press.chat_id, press.message_id, task)
        return
    if press.callback.action is Action.split_paste:
        await answer_review(update, context)
        await ask(context, button_message_of(update), "prompt_split", task.notice_id,
                  [task.id, press.message_id], task=task, excerpt=excerpt(task.text))
        return
    _, cut, check = press.callback.ids
    parts = await review.split_at(context.repos, task, cut, check, by=actor.person.id,
                                  now=datetime.now(UTC))
    if parts is None:
        await refuse(update, context, "stale")
        return
    await answer_review(update, context, "split_done", first=parts[0], second=parts[1])
    await show_preview(context, press.chat_id, task.notice_id, edit_message_id=press.message_id)


@on_reply("prompt_split")
async def on_split_reply(update: Update, context: Context, link: MessageLink) -> None:
    found = await office_reply(update, context, link)
    if found is None:
        return
    actor, task = found
    message = message_of(update)
    parts = await review.split_off(context.repos, task, message.text or "", by=actor.person.id,
                                   now=datetime.now(UTC))
    if parts is None:
        await reply_html(message, context.bot_data.render("review_reply.html.j2", what="split_not_found",
                                                          task=task))
        return
    await reply_html(message, context.bot_data.render("review_reply.html.j2", what="split_done",
                                                      first=parts[0], second=parts[1]))
    review_id = link.assignment_ids[1] if len(link.assignment_ids) > 1 else None
    await show_preview(context, message.chat_id, task.notice_id, edit_message_id=review_id)


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(on_add, pattern=pattern(Action.add_task)))
    for action in (Action.remove_ask, Action.remove_task):
        app.add_handler(CallbackQueryHandler(on_remove, pattern=pattern(action)))
    for action in (Action.split_task, Action.split_at, Action.split_paste):
        app.add_handler(CallbackQueryHandler(on_split, pattern=pattern(action)))
