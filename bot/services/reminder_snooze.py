""""Nhắc lại sau 1 ngày": a head holds one assignment's reminders until the next working morning, at most
`settings.reminders.snooze_max` times. The caller has already checked that the presser heads the unit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel

from bot.config import Settings
from bot.services.reminder_messages import Render, keyboard_for_assignments
from bot.services.reminder_policy import snooze
from bot.services.reminders import subject_of, work_calendar
from storage.models import Assignment, NewOutboxMessage, Priority
from storage.repositories import Repositories


class SnoozeOutcome(BaseModel):
    outcome: Literal["snoozed", "limit", "closed"]
    task_text: str
    until: datetime | None = None
    remaining: int = 0
    used: int = 0


async def snooze_assignment(
    repos: Repositories, settings: Settings, assignment: Assignment, person_id: int, now: datetime
) -> SnoozeOutcome:
    if not assignment.is_actionable:
        return SnoozeOutcome(outcome="closed", task_text=assignment.task_text)
    policy = settings.reminders
    calendar = await work_calendar(repos, settings)
    decision = snooze(subject_of(assignment, [], None), now, calendar, policy)
    if not decision.allowed or decision.snoozed_until is None:
        return SnoozeOutcome(outcome="limit", task_text=assignment.task_text, used=assignment.snooze_count)
    changed = await repos.reminders.snooze(
        assignment.id, decision.snoozed_until, now, max_count=policy.snooze_max, by=person_id
    )
    if changed is None:  # a second press raced this one to the last snooze
        return SnoozeOutcome(outcome="limit", task_text=assignment.task_text, used=policy.snooze_max)
    return SnoozeOutcome(
        outcome="snoozed", task_text=assignment.task_text, until=decision.snoozed_until,
        remaining=decision.remaining, used=changed.snooze_count,
    )


async def current_keyboard(
    repos: Repositories, settings: Settings, assignment_ids: Sequence[int], render: Render
) -> dict[str, Any] | None:
    """A reminder's buttons as the database stands now: no snooze button once the snoozes are used up,
    no buttons at all for a task that is done."""
    assignments = await repos.assignments.get_many(list(assignment_ids))
    return keyboard_for_assignments(assignment_ids, assignments, settings.reminders.snooze_max, render)


async def redraw_keyboard(
    repos: Repositories, settings: Settings, chat_id: int, message_id: int, press_id: str, render: Render,
    now: datetime,
) -> bool:
    """Queue the redraw of a reminder's buttons after a press on it (current_keyboard); False when the
    message is not a reminder, nothing queued."""
    link = await repos.links.find(chat_id, message_id)
    if link is None or link.kind != "reminder":
        return False
    markup = await current_keyboard(repos, settings, link.assignment_ids, render)
    await repos.outbox.enqueue_many([NewOutboxMessage(
        key=f"remind-markup:{chat_id}:{message_id}:{press_id}", chat_id=chat_id, kind="edit_markup",
        payload={"message_id": message_id, "reply_markup": markup}, priority=Priority.answer,
    )], now)
    return True
