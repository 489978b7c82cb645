"""Turning a SweepPlan into messages: one per head (and deputy) of each unit listing all its due items, one
escalation digest for the office and one per leader who owns the notices. Pure: recipients come in, text
and outbox payloads (with buttons and the message link) come out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from bot.callbacks import Action, make
from bot.config import Settings
from bot.services.delivery_events import link_payload
from bot.services.reminder_models import DueReminder, ReminderKind, SweepPlan
from messages.render import TELEGRAM_LIMIT, VN_TZ
from storage.models import Assignment, Person

Render = Callable[..., str]

# Groups of a head's reminder, in the order the head reads them.
GROUPS = ("overdue", "due_today", "upcoming", "recurring", "stale")
# Three buttons per task; Telegram caps a keyboard at 100 buttons.
MAX_TASKS_PER_MESSAGE = 20
# A reminder lists tasks; the full text is in the delivery message.
TASK_TEXT_LIMIT = 400


class PlannedMessage(BaseModel):
    """One message the sweep sends (or would send): to a head/deputy, the office, or a leader."""

    key: str
    chat_id: int
    person_id: int
    person_name: str
    audience: str  # "head" | "office" | "leader"
    unit_id: int | None = None
    unit_name: str | None = None
    items: list[DueReminder]
    text: str
    payload: dict[str, Any]


def group_of(item: DueReminder) -> str:
    kind = item.repeats if item.kind == ReminderKind.snooze_repeat and item.repeats else item.kind
    if kind == ReminderKind.overdue:
        return "overdue"
    if kind == ReminderKind.due_today:
        return "due_today"
    if kind == ReminderKind.recurring_period:
        return "recurring"
    if kind == ReminderKind.stale_nudge:
        return "stale"
    return "upcoming"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TASK_TEXT_LIMIT else text[: TASK_TEXT_LIMIT - 1].rstrip() + "…"


def _ordered(items: Sequence[DueReminder]) -> tuple[list[DueReminder], list[int]]:
    """Items by group (stable within), and the distinct assignment ids in order of first appearance:
    an assignment's number in the text is its position there, the same number its buttons carry."""
    ordered = sorted(items, key=lambda item: GROUPS.index(group_of(item)))
    ids: list[int] = []
    for item in ordered:
        if item.assignment_id not in ids:
            ids.append(item.assignment_id)
    return ordered, ids


def render_reminder(unit_name: str, items: Sequence[DueReminder], now: Any, render: Render) -> str:
    ordered, ids = _ordered(items)
    rows = [
        {"number": ids.index(item.assignment_id) + 1, "item": item, "group": group_of(item),
         "text": _short(item.task_text)}
        for item in ordered
    ]
    return render("reminder.html.j2", unit_name=unit_name, rows=rows, groups=GROUPS, now=now,
                  today=now.astimezone(VN_TZ).date(), numbered=len(ids) > 1)


def render_escalation(items: Sequence[DueReminder], *, for_leader: bool, settings: Settings,
                      render: Render) -> str:
    rows = [{"item": item, "text": _short(item.task_text)} for item in items]
    return render("escalation.html.j2", rows=rows, for_leader=for_leader,
                  reminders_sent=settings.reminders.escalate_after)


@lru_cache(maxsize=512)
def _label(render: Render, action: str, number: int | None) -> str:
    # A sweep draws thousands of buttons with a handful of distinct labels.
    return render("reminder_button.txt.j2", action=action, number=number)


def keyboard(buttons: Sequence[tuple[int, bool, bool]], render: Render) -> dict[str, Any] | None:
    """(assignment_id, open, can_snooze) per numbered task -> the inline keyboard as a plain dict."""
    numbered = len(buttons) > 1
    # Plain Bot API JSON, not telegram's classes: this runs in the sweep's worker process too, which
    # then need not import the Telegram library at all.
    rows: list[list[dict[str, str]]] = []
    for position, (assignment_id, is_open, can_snooze) in enumerate(buttons, start=1):
        if not is_open:
            continue
        number = position if numbered else None
        rows.append([_button(render, "progress", number, make(Action.progress, assignment_id)),
                     _button(render, "done", number, make(Action.done, assignment_id))])
        if can_snooze:
            rows.append([_button(render, "snooze", number, make(Action.snooze, assignment_id))])
    return {"inline_keyboard": rows} if rows else None


def _button(render: Render, action: str, number: int | None, data: str) -> dict[str, str]:
    return {"text": _label(render, action, number), "callback_data": data}


def keyboard_for_assignments(
    assignment_ids: Sequence[int], assignments: Sequence[Assignment], snooze_max: int, render: Render
) -> dict[str, Any] | None:
    """The reminder's keyboard as the database stands now (after a snooze, a completion...)."""
    by_id = {a.id: a for a in assignments}
    buttons: list[tuple[int, bool, bool]] = []
    for assignment_id in assignment_ids:
        found = by_id.get(assignment_id)
        if found is not None and found.is_actionable:
            buttons.append((assignment_id, True, found.snooze_count < snooze_max))
        else:
            buttons.append((assignment_id, False, False))
    return keyboard(buttons, render)


def _digest(keys: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()[:16]


def _pages(items: list[DueReminder], fits: Callable[[list[DueReminder]], bool]) -> list[list[DueReminder]]:
    """Split only when a message would pass Telegram's limits; halves keep rendering cheap."""
    if len(items) <= 1 or fits(items):
        return [items]
    middle = len(items) // 2
    return _pages(items[:middle], fits) + _pages(items[middle:], fits)


def _head_messages(plan: SweepPlan, heads: dict[int, list[Person]], render: Render) -> list[PlannedMessage]:
    out: list[PlannedMessage] = []
    for digest in plan.heads:
        people = heads.get(digest.unit_id, [])
        if not people:
            continue
        ordered, _ = _ordered(digest.items)
        texts: dict[tuple[str, ...], str] = {}

        def text_of(page: list[DueReminder], unit_name: str = digest.unit_name,
                    texts: dict[tuple[str, ...], str] = texts) -> str:
            key = tuple(item.key for item in page)
            if key not in texts:
                texts[key] = render_reminder(unit_name, page, plan.now, render)
            return texts[key]

        def fits(page: list[DueReminder], text_of=text_of) -> bool:
            return (len({item.assignment_id for item in page}) <= MAX_TASKS_PER_MESSAGE
                    and len(text_of(page)) <= TELEGRAM_LIMIT)

        for page in _pages(ordered, fits):
            text = text_of(page)
            page_ordered, ids = _ordered(page)
            snooze = {item.assignment_id: item.can_snooze for item in page}
            markup = keyboard([(aid, True, snooze[aid]) for aid in ids], render)
            notices = {item.notice_id for item in page}
            payload = {
                "text": text,
                "reply_markup": markup,
                "link": link_payload("reminder", notices.pop() if len(notices) == 1 else None, ids),
            }
            for person in people:
                out.append(PlannedMessage(
                    key=f"remind:{digest.unit_id}:{person.id}:{_digest([i.key for i in page])}",
                    chat_id=person.chat_id, person_id=person.id, person_name=person.display_name,
                    audience="head", unit_id=digest.unit_id, unit_name=digest.unit_name,
                    items=page_ordered, text=text, payload=payload,
                ))
    return out


def _escalation_messages(
    plan: SweepPlan, office: list[Person], leaders: dict[int, Person], settings: Settings, render: Render
) -> list[PlannedMessage]:
    out: list[PlannedMessage] = []
    office_chats = {person.chat_id for person in office}
    for digest in plan.escalations:
        if digest.leader_id is None:
            people, audience = office, "office"
        else:
            leader = leaders.get(digest.leader_id)
            # A leader who is also office staff already has the full list.
            people = [leader] if leader is not None and leader.chat_id not in office_chats else []
            audience = "leader"
        if not people:
            continue
        for_leader = digest.leader_id is not None

        def fits(page: list[DueReminder], for_leader: bool = for_leader) -> bool:
            text = render_escalation(page, for_leader=for_leader, settings=settings, render=render)
            return len(text) <= TELEGRAM_LIMIT

        for page in _pages(list(digest.items), fits):
            text = render_escalation(page, for_leader=for_leader, settings=settings, render=render)
            ids = list(dict.fromkeys(item.assignment_id for item in page))
            payload = {"text": text, "link": link_payload("escalation", None, ids)}
            for person in people:
                out.append(PlannedMessage(
                    key=f"escalate:{person.id}:{_digest([i.key for i in page])}", chat_id=person.chat_id,
                    person_id=person.id, person_name=person.display_name, audience=audience,
                    items=page, text=text, payload=payload,
                ))
    return out


def build_messages(
    plan: SweepPlan, heads: dict[int, list[Person]], office: list[Person], leaders: dict[int, Person],
    settings: Settings, render: Render,
) -> list[PlannedMessage]:
    return _head_messages(plan, heads, render) + _escalation_messages(plan, office, leaders, settings, render)
