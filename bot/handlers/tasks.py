"""/viec: a head's open assignments across every unit they head, overdue first, with the buttons: a few
words of the task (its detail and history) above its three action buttons."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CommandHandler

from bot import callbacks
from bot.callbacks import Action
from bot.context import Context
from bot.handlers import task_buttons as tb
from bot.handlers.guards import requires
from bot.handlers.update_parts import message_of
from bot.sending import reply_html
from bot.services import head_assignments, reply_links
from bot.services.identity import Actor
from messages.render import TELEGRAM_LIMIT
from storage.models import Assignment

LIST_LINK = "tasks_list"
# Four buttons per task and Telegram allows 100 per message; the header needs some room too.
MAX_TASKS_PER_MESSAGE = 24
HEADER_ROOM = 200


def pack(blocks: list[str], limit: int = TELEGRAM_LIMIT - HEADER_ROOM,
         per_message: int = MAX_TASKS_PER_MESSAGE) -> list[list[int]]:
    """Indexes of the blocks going into each message: below the limit, never cutting a block."""
    parts: list[list[int]] = []
    size = 0
    for index, block in enumerate(blocks):
        if parts and size + 2 + len(block) <= limit and len(parts[-1]) < per_message:
            parts[-1].append(index)
            size += 2 + len(block)
        else:
            parts.append([index])
            size = len(block)
    return parts


def _keyboard(context: Context, numbered: list[tuple[int, Assignment]]) -> InlineKeyboardMarkup:
    """Per task: a few words of it (opens its detail and history), then its three action buttons."""
    render = context.bot_data.render
    rows: list[list[InlineKeyboardButton]] = []
    for number, a in numbered:
        words = render("report/button.txt.j2", name="task", number=number, text=a.task_text).strip()
        detail = callbacks.make(Action.task_detail, a.task_id)
        rows.append([InlineKeyboardButton(words, callback_data=detail)])
        rows.append([tb.button(context, name, action, a.id, number=number) for name, action in tb.ROW])
    return InlineKeyboardMarkup(rows)


@requires()  # any known person; those heading no unit are told so
async def my_tasks(update: Update, context: Context, actor: Actor) -> None:
    message = message_of(update)
    render = context.bot_data.render
    if not actor.is_head:
        await reply_html(message, render("tasks/none.html.j2", reason="no_units"))
        return
    assignments = await head_assignments.open_assignments(context.repos, actor.person.id)
    if not assignments:
        await reply_html(message, render("tasks/none.html.j2", reason="empty"))
        return
    now = datetime.now(UTC)
    today = now.astimezone(context.settings.tz).date()
    blocks = [render("tasks/list_item.html.j2", a=a, number=i, today=today)
              for i, a in enumerate(assignments, start=1)]
    overdue = sum(1 for a in assignments if a.is_overdue(today))
    parts = pack(blocks)
    for part_number, indexes in enumerate(parts, start=1):
        header = render("tasks/list_header.html.j2", total=len(assignments), overdue=overdue,
                        part=part_number, part_count=len(parts))
        text = context.bot_data.clip("\n\n".join([header, *(blocks[i] for i in indexes)]))
        chunk = [assignments[i] for i in indexes]
        sent = await reply_html(message, text, _keyboard(context, [(i + 1, assignments[i]) for i in indexes]))
        if sent is not None:
            # A reply to the list is a progress report; the bot asks which task when it holds several.
            await reply_links.remember(context.repos, sent.chat_id, sent.message_id, None,
                                       [a.id for a in chunk], LIST_LINK, now)


def register(app: Application) -> None:
    app.add_handler(CommandHandler("viec", my_tasks))
