"""When an assignment can next have a reminder due: the moment the minute sweep stores and selects by.

`next_reminder_at(subject, now, ...)` is the first in-window moment at or after `now` at which the policy
(`reminder_policy.reminders_due_for`) returns something for the subject as it stands. The policy depends on
time only through the local day (every tier is "the latest one scheduled on or before today") and the
snooze's end, so it can only change on a few days: the before-deadline tiers, the due day, the overdue and
escalation slots, the next recurring period, the next stale nudge. Those days are tried in order and the
first one with something due wins.

Storing a moment too early only costs one extra look (the sweep finds nothing and plans again); too late
would lose a reminder. So when no tried day has anything due, the last one tried is stored: a look then.
Any change of what the policy reads (sent reminders, status, deadline, snooze, progress, days off) makes
the row unplanned again in the database (migration 0005's triggers), and the sweep plans it anew.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.config import ReminderPolicy
from bot.services.calendar import WorkCalendar
from bot.services.reminder_models import ReminderSubject
from bot.services.reminder_policy import reminders_due_for
from bot.services.reminder_tiers import due_anchor, nth_overdue_slot, period_kind, period_of

# How many candidate days are tried before settling for a look on the last of them.
_TRIES = 6


def next_reminder_at(
    subject: ReminderSubject, now: datetime, calendar: WorkCalendar, policy: ReminderPolicy
) -> datetime | None:
    """None when nothing can ever be due (closed or withdrawn)."""
    if not subject.is_open:
        return None
    first = calendar.next_window_open(now)
    today = calendar.local_date(first)
    if reminders_due_for(subject, first, calendar, policy):
        return first
    moments = {calendar.next_window_open(calendar.window_open(day))
               for day in candidate_days(subject, today, calendar, policy) if day > today}
    if subject.snoozed_until is not None and subject.snoozed_until > first:
        moments.add(calendar.next_window_open(subject.snoozed_until))
    tried = sorted(moment for moment in moments if moment > first)[:_TRIES]
    for moment in tried:
        if reminders_due_for(subject, moment, calendar, policy):
            return moment
    return tried[-1] if tried else None


def candidate_days(
    subject: ReminderSubject, today: date, calendar: WorkCalendar, policy: ReminderPolicy
) -> set[date]:
    """Local days on which some timeline's latest tier may change (a superset is harmless)."""
    days: set[date] = set()
    if subject.deadline is not None:
        anchor = due_anchor(subject.deadline, calendar)
        days.update(calendar.add_working_days(anchor, -before) for before in policy.before_days)
        days.update((anchor, anchor + timedelta(days=1)))
        late = calendar.working_days_between(anchor, today) if today > anchor else 0
        days.update(calendar.add_working_days(anchor, slot) for slot in _next_overdue_slots(late, policy))
        if policy.escalation_max:
            first = nth_overdue_slot(policy.escalate_after, policy)
            for n in range(policy.escalation_max):
                slot = first + n * policy.escalation_every
                if slot > late:
                    days.add(calendar.add_working_days(anchor, slot))
                    break
    if subject.recurrence is not None:
        kind = period_kind(subject.recurrence, policy)
        _, start = period_of(kind, today)
        days.add(calendar.working_day_on_or_after(start))
        days.add(calendar.working_day_on_or_after(_next_period_start(kind, start)))
    if subject.deadline is None and subject.recurrence is None:
        since = max(filter(None, (subject.published_at, subject.last_progress_at)))
        baseline = calendar.local_date(since)
        every = policy.stale_after_calendar_days
        days.add(baseline + timedelta(days=((today - baseline).days // every + 1) * every))
    if subject.snoozed_until is not None:
        days.add(calendar.local_date(subject.snoozed_until))
    return days


def _next_overdue_slots(late: int, policy: ReminderPolicy) -> list[int]:
    """The first two overdue slots (working days after the due anchor) after `late`."""
    slots: list[int] = []
    n = 1
    while len(slots) < 2:
        slot = nth_overdue_slot(n, policy)
        if slot > late:
            slots.append(slot)
        elif policy.overdue_every > 0 and n > policy.overdue_daily:
            # jump close to `late` instead of walking every slot of a task years overdue
            n = max(n, policy.overdue_daily + (late - policy.overdue_daily) // policy.overdue_every)
        n += 1
    return slots


def _next_period_start(kind: str, start: date) -> date:
    if kind == "weekly":
        return start + timedelta(days=7)
    if kind == "monthly":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    if kind == "quarterly":
        month = start.month + 3
        return date(start.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    return date(start.year + 1, 1, 1)
