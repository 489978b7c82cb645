"""Each timeline of reminders for one assignment, reduced to the latest tier scheduled on or before today.

Only the latest tier is ever a candidate: after downtime (or a snooze) a head gets one catch-up, not every
tier missed. Keys carry the deadline, so tiers sent for a deadline that an extension replaced never block
the new deadline's tiers.

Counting: "N days before" and the overdue rhythm count working days from the due anchor, which is the
deadline itself or, when the deadline falls on a day off, the last working day before it (the deadline is
still shown as written). The first overdue day is the first working day after the deadline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from bot.config import ReminderPolicy
from bot.services.calendar import WorkCalendar
from bot.services.reminder_models import ReminderKind, ReminderSubject, before_kind


@dataclass(frozen=True)
class Tier:
    kind: str
    key: str
    day: date
    extra: dict[str, Any] = field(default_factory=dict)


def reminder_key(assignment_id: int, kind: str, period: str) -> str:
    return f"rem:{assignment_id}:{kind}:{period}"


def due_anchor(deadline: date, calendar: WorkCalendar) -> date:
    return calendar.working_day_on_or_before(deadline)


def overdue_slot(k: int, policy: ReminderPolicy) -> int | None:
    """The latest overdue reminder day (in working days after the anchor) on or before day k."""
    if k <= policy.overdue_daily:
        slot = k
    else:
        slot = policy.overdue_daily + policy.overdue_every * (
            (k - policy.overdue_daily) // policy.overdue_every
        )
    return slot if slot >= 1 else None


def nth_overdue_slot(n: int, policy: ReminderPolicy) -> int:
    if n <= policy.overdue_daily:
        return n
    return policy.overdue_daily + policy.overdue_every * (n - policy.overdue_daily)


def _lateness(subject: ReminderSubject, today: date, calendar: WorkCalendar) -> dict[str, Any]:
    assert subject.deadline is not None
    return {
        "days_late": (today - subject.deadline).days,
        "working_days_late": calendar.working_days_between(due_anchor(subject.deadline, calendar), today),
    }


def deadline_tier(
    subject: ReminderSubject, today: date, calendar: WorkCalendar, policy: ReminderPolicy
) -> Tier | None:
    if subject.deadline is None:
        return None
    deadline = subject.deadline
    anchor = due_anchor(deadline, calendar)
    period = deadline.isoformat()
    # Only tiers that still lay ahead when the current deadline was set: no burst for a short deadline,
    # and a task published already late hears next at its next overdue slot, not right after delivery.
    set_on = calendar.local_date(subject.deadline_set_at or subject.published_at)
    if today > anchor:
        slot = overdue_slot(calendar.working_days_between(anchor, today), policy)
        if slot is not None:
            day = calendar.add_working_days(anchor, slot)
            if day <= set_on:
                return None
            return Tier(
                ReminderKind.overdue,
                reminder_key(subject.assignment_id, ReminderKind.overdue, f"{period}:{slot}"),
                day,
                _lateness(subject, today, calendar),
            )
    tiers = [
        (calendar.add_working_days(anchor, -days), before_kind(days), days) for days in policy.before_days
    ]
    if policy.due_day:
        tiers.append((anchor, ReminderKind.due_today.value, 0))
    eligible = [tier for tier in tiers if set_on < tier[0] <= today]
    if not eligible:
        return None
    day, kind, _ = max(eligible)
    return Tier(
        kind,
        reminder_key(subject.assignment_id, kind, period),
        day,
        {"working_days_left": calendar.working_days_between(today, anchor)},
    )


def escalation_tier(
    subject: ReminderSubject, today: date, calendar: WorkCalendar, policy: ReminderPolicy
) -> Tier | None:
    """Escalation n is due E + (n-1)·every working days after the anchor, E being the day of the
    `escalate_after`-th overdue reminder, and only once that many overdue reminders were really sent."""
    if subject.deadline is None or policy.escalation_max == 0:
        return None
    anchor = due_anchor(subject.deadline, calendar)
    if today <= anchor:
        return None
    period = subject.deadline.isoformat()
    prefix = reminder_key(subject.assignment_id, ReminderKind.overdue, f"{period}:")
    if sum(key.startswith(prefix) for key in subject.already_sent_keys) < policy.escalate_after:
        return None
    k = calendar.working_days_between(anchor, today)
    first = nth_overdue_slot(policy.escalate_after, policy)
    if k < first:
        return None
    n = min(1 + (k - first) // policy.escalation_every, policy.escalation_max)
    return Tier(
        ReminderKind.escalation,
        reminder_key(subject.assignment_id, ReminderKind.escalation, f"{period}:{n}"),
        calendar.add_working_days(anchor, first + (n - 1) * policy.escalation_every),
        _lateness(subject, today, calendar),
    )


def period_kind(recurrence: str, policy: ReminderPolicy) -> str:
    if recurrence == "periodic":
        return policy.periodic_as
    if recurrence == "daily":
        return policy.daily_as
    return recurrence


def period_of(kind: str, day: date) -> tuple[str, date]:
    """The period containing `day`: its id (used in keys) and its first calendar day."""
    if kind == "weekly":
        start = day - timedelta(days=day.weekday())
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}", start
    if kind == "monthly":
        return f"{day.year}-{day.month:02d}", day.replace(day=1)
    if kind == "quarterly":
        quarter = (day.month - 1) // 3
        return f"{day.year}-Q{quarter + 1}", date(day.year, 3 * quarter + 1, 1)
    if kind == "yearly":
        return str(day.year), date(day.year, 1, 1)
    raise ValueError(f"unknown period kind {kind!r}")


def recurring_tier(
    subject: ReminderSubject, today: date, calendar: WorkCalendar, policy: ReminderPolicy
) -> Tier | None:
    if subject.recurrence is None:
        return None
    kind = period_kind(subject.recurrence, policy)
    period_id, start = period_of(kind, today)
    # The delivery message covers the period the task was published in.
    if start <= calendar.local_date(subject.published_at):
        return None
    first_working = calendar.working_day_on_or_after(start)
    if today < first_working:
        return None
    return Tier(
        ReminderKind.recurring_period,
        reminder_key(subject.assignment_id, ReminderKind.recurring_period, period_id),
        first_working,
        {"period_id": period_id, "period_start": start, "recurrence": kind},
    )


def stale_tier(
    subject: ReminderSubject, today: date, calendar: WorkCalendar, policy: ReminderPolicy
) -> Tier | None:
    """Open tasks with neither deadline nor recurrence: a nudge every `stale_after_calendar_days` without
    progress. Calendar days, because "two weeks without a word" is about elapsed time, not office time."""
    if subject.deadline is not None or subject.recurrence is not None:
        return None
    since = max(filter(None, (subject.published_at, subject.last_progress_at)))
    baseline = calendar.local_date(since)
    every = policy.stale_after_calendar_days
    n = (today - baseline).days // every
    if n < 1:
        return None
    return Tier(
        ReminderKind.stale_nudge,
        reminder_key(subject.assignment_id, ReminderKind.stale_nudge, f"{baseline.isoformat()}:{n}"),
        baseline + timedelta(days=n * every),
        {"idle_days": (today - baseline).days},
    )


HEAD_TIMELINES = (deadline_tier, recurring_tier, stale_tier)
