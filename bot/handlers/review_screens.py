"""The pages of the office's review, drawn in place in the review message (the preview's own message):
the draft's tasks, one task, the unit picker, the safety-net sentences, the split choice. Each page fits
one message and keeps its keyboard well under Telegram's 100 buttons."""

from __future__ import annotations

from typing import Any

from bot.callbacks import Action, make
from bot.context import Context
from bot.handlers.notice_views import button, call_bot, candidate_rows
from bot.services import review_views as views
from storage.models import Task

Button = dict[str, str]


def rows_of(buttons: list[Button], width: int) -> list[list[Button]]:
    return [buttons[i:i + width] for i in range(0, len(buttons), width)]


def nav_row(context: Context, action: Action, owner_id: int, page: int, pages: int) -> list[list[Button]]:
    """‹ Trước / Sau › between the pages of a list (nothing when it has one page)."""
    row = []
    if page > 1:
        row.append(button(context, "previous_page", make(action, owner_id, page - 1)))
    if page < pages:
        row.append(button(context, "next_page", make(action, owner_id, page + 1)))
    return [row] if row else []


async def draw(context: Context, chat_id: int, message_id: int, text: str, rows: list[list[Button]]) -> Any:
    return await call_bot(context, chat_id, "edit_text", {"message_id": message_id,
                                                          "text": context.bot_data.clip(text),
                                                          "reply_markup": {"inline_keyboard": rows}})


async def show_task_list(context: Context, chat_id: int, message_id: int, notice_id: int, page: int) -> None:
    view = await views.task_list(context.repos, notice_id, page)
    numbers = [button(context, "task_number", make(Action.edit_task, t.id), index=t.position)
               for t in view.tasks]
    rows = [*rows_of(numbers, 5), *nav_row(context, Action.task_page, notice_id, view.page, view.pages),
            [button(context, "add_task", make(Action.add_task, notice_id)),
             button(context, "back", make(Action.delivery_report, notice_id))]]
    text = context.bot_data.render("review/task_list.html.j2", view=view)
    await draw(context, chat_id, message_id, text, rows)


async def show_task(context: Context, chat_id: int, message_id: int, task: Task) -> None:
    page = (task.position - 1) // views.TASKS_PER_PAGE + 1
    rows = [[button(context, "edit_text", make(Action.edit_text, task.id)),
             button(context, "edit_deadline", make(Action.edit_deadline, task.id))],
            [button(context, "edit_units", make(Action.pick_units, task.id, 1)),
             button(context, "split", make(Action.split_task, task.id)),
             button(context, "remove", make(Action.remove_ask, task.id))],
            [button(context, "to_list", make(Action.task_page, task.notice_id, page)),
             button(context, "back", make(Action.delivery_report, task.notice_id))]]
    text = context.bot_data.render("review_reply.html.j2", what="task", task=task)
    await draw(context, chat_id, message_id, text, rows)


async def show_remove_confirm(context: Context, chat_id: int, message_id: int, task: Task) -> None:
    rows = [[button(context, "remove_confirm", make(Action.remove_task, task.id), index=task.position),
             button(context, "back", make(Action.edit_task, task.id))]]
    text = context.bot_data.render("review_reply.html.j2", what="remove_confirm", task=task)
    await draw(context, chat_id, message_id, text, rows)


async def show_picker(context: Context, chat_id: int, message_id: int, task: Task, page: int) -> None:
    view = await views.unit_picker(context.repos, task, page)
    choices = [button(context, "unit_choice", make(Action.toggle_unit, task.id, c.unit.id, view.page),
                      index=c.number, role=c.role) for c in view.choices]
    rows = [*rows_of(choices, 4), *nav_row(context, Action.pick_units, task.id, view.page, view.pages),
            [button(context, "type_units", make(Action.edit_units, task.id)),
             button(context, "units_done", make(Action.delivery_report, task.notice_id))]]
    await draw(context, chat_id, message_id, context.bot_data.render("review/unit_picker.html.j2", view=view),
               rows)


async def show_candidates(context: Context, chat_id: int, message_id: int, notice_id: int, page: int) -> None:
    view = await views.candidate_page(context.repos, notice_id, page)
    rows = [*candidate_rows(context, view.candidates, view.page),
            *nav_row(context, Action.candidate_page, notice_id, view.page, view.pages),
            [button(context, "back", make(Action.delivery_report, notice_id))]]
    await draw(context, chat_id, message_id, context.bot_data.render("review/candidates.html.j2", view=view),
               rows)


async def show_split(context: Context, chat_id: int, message_id: int, task: Task) -> None:
    view = views.split_choice(task)
    cuts = [button(context, "split_at", make(Action.split_at, task.id, n, view.check), index=n)
            for n in range(1, view.points + 1)]
    rows = [*rows_of(cuts, 3), [button(context, "split_paste", make(Action.split_paste, task.id)),
                                button(context, "back", make(Action.edit_task, task.id))]]
    await draw(context, chat_id, message_id, context.bot_data.render("review/split.html.j2", view=view), rows)
