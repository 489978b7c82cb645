"""One task of a draft in the office's review: its page (text, deadline, units, doubts) and the
ForceReply prompts to change its deadline, its units by name, or its text.

A prompt's message link (kind prompt_deadline / prompt_units / prompt_text) stores [task id, review
message id] in its id list, so the answer lands on the right task and the review message is redrawn in
place, even after a restart. A third id 1 on prompt_deadline means the task was just added: the unit
picker follows instead of the preview."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from telegram import ForceReply, Message, Update
from telegram.ext import Application, CallbackQueryHandler

from bot.callbacks import Action, pattern
from bot.context import Context
from bot.handlers.guards import current_actor, refuse, requires
from bot.handlers.notice_views import answer_review, show_preview
from bot.handlers.replies import on_reply
from bot.handlers.review_press import task_press
from bot.handlers.review_screens import show_picker, show_task
from bot.handlers.update_parts import button_message_of, message_of
from bot.sending import reply_html
from bot.services import review
from bot.services.identity import Actor
from bot.services.notice_state import draft_task
from bot.services.prompt_answers import parse_deadline, read_units
from bot.services.reply_links import remember
from storage.models import MessageLink, RoleName, Task

# A prompt quotes the task for the office to copy from; its own sentences take the rest of a message.
EXCERPT_ROOM = 3600
_PROMPTS = {Action.edit_deadline: "prompt_deadline", Action.edit_units: "prompt_units",
            Action.edit_text: "prompt_text"}


def excerpt(text: str, room: int = EXCERPT_ROOM) -> str:
    """`text` shortened (with "…") so that, escaped for HTML, it takes at most `room` characters: a prompt
    quotes the task whole when it can, and is never cut inside an entity by the 4,096 limit."""
    if len(html.escape(text)) <= room:
        return text
    low, high = 0, len(text)  # the longest cut that fits, found by bisection
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if len(html.escape(text[:middle])) < room else (low, middle - 1)
    return text[:low].rstrip() + "…"


async def ask(
    context: Context, message: Message, kind: str, notice_id: int, ids: list[int], *, what: str | None = None,
    **ctx: object,
) -> None:
    """Send a ForceReply prompt (review_reply.html.j2's `what`, by default the kind) under `message` and
    remember what it is about: a link of `kind` with `ids`."""
    text = context.bot_data.clip(context.bot_data.render("review_reply.html.j2", what=what or kind, **ctx))
    prompt = await reply_html(message, text, ForceReply(selective=True))
    if prompt is not None:
        await remember(context.repos, prompt.chat_id, prompt.message_id, notice_id, ids, kind,
                       datetime.now(UTC))


@requires(RoleName.office)
async def on_task_button(update: Update, context: Context, actor: Actor) -> None:
    pressed = await task_press(update, context)
    if pressed is None:
        return
    press, task = pressed
    await answer_review(update, context)
    if press.callback.action is Action.edit_task:
        await show_task(context, press.chat_id, press.message_id, task)
        return
    await ask(context, button_message_of(update), _PROMPTS[press.callback.action], task.notice_id,
              [task.id, press.message_id], task=task, excerpt=excerpt(task.text))


async def office_reply(update: Update, context: Context, link: MessageLink) -> tuple[Actor, Task] | None:
    """The office person answering a prompt about a task that is still in a draft; refuses otherwise."""
    actor = await current_actor(update, context)
    if actor is None or not actor.is_office:
        await refuse(update, context, "stranger" if actor is None else "role")
        return None
    task = await draft_task(context.repos, link.assignment_ids[0]) if link.assignment_ids else None
    if task is None:
        await refuse(update, context, "stale")
        return None
    return actor, task


async def done(update: Update, context: Context, link: MessageLink, what: str, task: Task) -> None:
    """Confirm a prompt's answer and redraw the review message: the preview, or the unit picker of a
    task just added (third id 1)."""
    message = message_of(update)
    ids = link.assignment_ids
    picker_next = len(ids) > 2 and ids[2] == 1
    await reply_html(message, context.bot_data.render("review_reply.html.j2", what="pick_units" if picker_next
                                                      else what, task=task))
    review_id = ids[1] if len(ids) > 1 else None
    if picker_next and review_id is not None:
        await show_picker(context, message.chat_id, review_id, task, 1)
    else:
        await show_preview(context, message.chat_id, task.notice_id, edit_message_id=review_id)


@on_reply("prompt_deadline")
async def on_deadline_reply(update: Update, context: Context, link: MessageLink) -> None:
    found = await office_reply(update, context, link)
    if found is None:
        return
    actor, task = found
    message = message_of(update)
    value = parse_deadline(message.text or "")
    if value is False:
        await reply_html(message, context.bot_data.render("review_reply.html.j2", what="bad_date",
                                                          text=message.text or ""))
        return
    changed = await review.set_deadline(context.repos, task.id, value, by=actor.person.id,
                                        now=datetime.now(UTC))
    await done(update, context, link, "deadline_set", changed or task)


@on_reply("prompt_units")
async def on_units_reply(update: Update, context: Context, link: MessageLink) -> None:
    found = await office_reply(update, context, link)
    if found is None:
        return
    actor, task = found
    message = message_of(update)
    answer = await read_units(context.repos, message.text or "")
    if answer.problem is not None:
        await reply_html(message, context.bot_data.render("review_reply.html.j2", what=answer.problem,
                                                          names=answer.unknown))
        return
    changed = await review.set_units(context.repos, task.id, answer.leads, answer.coordinators,
                                     by=actor.person.id, now=datetime.now(UTC))
    await done(update, context, link, "units_set", changed or task)


@on_reply("prompt_text")
async def on_text_reply(update: Update, context: Context, link: MessageLink) -> None:
    found = await office_reply(update, context, link)
    if found is None:
        return
    actor, task = found
    message = message_of(update)
    changed = await review.edit_text(context.repos, task.id, message.text or "", by=actor.person.id,
                              now=datetime.now(UTC))
    if changed is None:
        await reply_html(message, context.bot_data.render("review_reply.html.j2", what="bad_text",
                                                          max_chars=review.MAX_TEXT))
        return
    await done(update, context, link, "text_set", changed)


def register(app: Application) -> None:
    for action in (Action.edit_task, *_PROMPTS):
        app.add_handler(CallbackQueryHandler(on_task_button, pattern=pattern(action)))
