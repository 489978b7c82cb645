"""What the reminder sweep sends at `now`: pure, no database, no Telegram.

The sweep loads `ReminderSubject`s, calls `due_reminders`, enqueues each `DueReminder` under its `key`
(UNIQUE in the outbox, so a repeated sweep is harmless) and feeds the keys back as `already_sent_keys`.
Heads get one message per sweep (`group_for_heads`); escalations go to the office and the notice's leader
(`group_escalations`).

Decisions (defaults in `bot.config.ReminderPolicy`):
- Days before a deadline and the overdue rhythm count working days; a deadline on a day off is shown as
  written and reminded on the last working day before it (see `reminder_tiers`).
- Tiers at or before the day the current deadline was set (publication or approved extension) are skipped.
- One head reminder per timeline per sweep, always the latest tier due: a restart catches up once.
- Escalations count overdue reminders really sent for the current deadline; capped per deadline. A head's
  snooze holds the head's reminders only, never the office's escalation.
- Done and withdrawn stop everything; returned is open again and resumes where the schedule stands.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from bot.config import ReminderPolicy
from bot.services.calendar import WorkCalendar
from bot.services.reminder_models import (
    DueReminder,
    EscalationDigest,
    PeriodGap,
    ReminderDigest,
    ReminderKind,
    ReminderSubject,
    SnoozeDecision,
    SweepPlan,
)
from bot.services.reminder_tiers import (
    HEAD_TIMELINES,
    Tier,
    escalation_tier,
    period_kind,
    period_of,
    reminder_key,
)
from storage.collation import vn_key


def due_reminders(
    subjects: Iterable[ReminderSubject], now: datetime, calendar: WorkCalendar, policy: ReminderPolicy
) -> list[DueReminder]:
    """Reminders due at `now` whose keys are not yet sent. Empty outside the send window or on a day off;
    at the next window opening the same call returns what became due meanwhile (the latest tier only)."""
    if not calendar.in_window(now):
        return []
    today = calendar.local_date(now)
    due: list[DueReminder] = []
    for subject in subjects:
        if subject.is_open:
            due.extend(_due_for(subject, now, today, calendar, policy))
    return due


def reminders_due_for(
    subject: ReminderSubject, now: datetime, calendar: WorkCalendar, policy: ReminderPolicy
) -> list[DueReminder]:
    """What one subject has due at `now`, the send window aside (the schedule asks about future moments)."""
    if not subject.is_open:
        return []
    return _due_for(subject, now, calendar.local_date(now), calendar, policy)


def plan_sweep(
    subjects: Iterable[ReminderSubject], now: datetime, calendar: WorkCalendar, policy: ReminderPolicy
) -> SweepPlan:
    """Everything one sweep sends, grouped by recipient: what the job enqueues and `dondoc reminders --at`
    prints. Outside the window it is empty and says when the window opens next."""
    due = due_reminders(subjects, now, calendar, policy)
    return SweepPlan(
        now=now,
        in_window=calendar.in_window(now),
        next_window_open=calendar.next_window_open(now),
        heads=group_for_heads(due),
        escalations=group_escalations(due),
        due=due,
    )


def _due_for(
    subject: ReminderSubject, now: datetime, today: date, calendar: WorkCalendar, policy: ReminderPolicy
) -> list[DueReminder]:
    sent = subject.already_sent_keys
    tiers = [tier for timeline in HEAD_TIMELINES if (tier := timeline(subject, today, calendar, policy))]
    out: list[DueReminder] = []
    snoozed_until = subject.snoozed_until
    if snoozed_until is None or now >= snoozed_until:
        out = [_reminder(subject, tier, policy) for tier in tiers if tier.key not in sent]
        repeat = _snooze_repeat(subject, tiers, calendar)
        if not out and repeat is not None and repeat.key not in sent:
            out.append(_reminder(subject, repeat, policy))
    # The office is not held by a head's snooze; escalation counts only overdue reminders really sent.
    escalation = escalation_tier(subject, today, calendar, policy)
    if escalation is not None and escalation.key not in sent:
        out.append(_reminder(subject, escalation, policy))
    return out


def _snooze_repeat(subject: ReminderSubject, tiers: list[Tier], calendar: WorkCalendar) -> Tier | None:
    """After "Nhắc lại sau 1 ngày" the head hears again when the snooze ends, even if no new tier is due
    then; a tier scheduled on or after that day already is the repeat."""
    if subject.snoozed_until is None or subject.snooze_count < 1 or not tiers:
        return None
    latest = max(tiers, key=lambda tier: tier.day)
    if latest.key not in subject.already_sent_keys:
        return None
    if latest.day >= calendar.local_date(subject.snoozed_until):
        return None
    key = reminder_key(subject.assignment_id, ReminderKind.snooze_repeat, str(subject.snooze_count))
    return Tier(ReminderKind.snooze_repeat, key, latest.day, {**latest.extra, "repeats": latest.kind})


def _reminder(subject: ReminderSubject, tier: Tier, policy: ReminderPolicy) -> DueReminder:
    escalation = tier.kind == ReminderKind.escalation
    return DueReminder(
        assignment_id=subject.assignment_id,
        unit_id=subject.unit_id,
        unit_name=subject.unit_name,
        kind=tier.kind,
        key=tier.key,
        audience="office" if escalation else "head",
        task_text=subject.task_text,
        notice_id=subject.notice_id,
        notice_number=subject.notice_number,
        owner_leader_id=subject.owner_leader_id,
        role=subject.role,
        deadline=subject.deadline,
        can_snooze=not escalation and subject.snooze_count < policy.snooze_max,
        **tier.extra,
    )


# Overdue first (most late first), then the nearest deadlines, then the rest: what a head acts on first.
_ORDER: dict[str, int] = {  # keyed by DueReminder.kind, which is also before_Nd for any N
    ReminderKind.overdue: 0,
    ReminderKind.snooze_repeat: 1,
    ReminderKind.due_today: 2,
    ReminderKind.recurring_period: 8,
    ReminderKind.stale_nudge: 9,
}


def _sort_key(item: DueReminder) -> tuple[int, int, int, date, int]:
    rank = _ORDER.get(item.kind, 3)  # before_Nd tiers
    deadline = item.deadline or date.max
    return rank, -item.days_late, item.working_days_left or 0, deadline, item.assignment_id


def group_for_heads(due: Iterable[DueReminder]) -> list[ReminderDigest]:
    """One digest per unit; the integrator sends it to each head of the unit (unit -> heads)."""
    by_unit: dict[int, ReminderDigest] = {}
    for item in due:
        if item.audience != "head":
            continue
        digest = by_unit.setdefault(
            item.unit_id, ReminderDigest(unit_id=item.unit_id, unit_name=item.unit_name, items=[])
        )
        digest.items.append(item)
    for digest in by_unit.values():
        digest.items.sort(key=_sort_key)
    return sorted(by_unit.values(), key=lambda digest: (vn_key(digest.unit_name), digest.unit_id))


def group_escalations(due: Iterable[DueReminder]) -> list[EscalationDigest]:
    """The office digest (leader_id None) lists every escalation; each owner leader gets their notices'."""
    items = sorted(
        (item for item in due if item.audience == "office"),
        key=lambda item: (-item.days_late, vn_key(item.unit_name), item.assignment_id),
    )
    if not items:
        return []
    digests = [EscalationDigest(leader_id=None, items=items)]
    leaders = sorted({item.owner_leader_id for item in items if item.owner_leader_id is not None})
    digests += [
        EscalationDigest(leader_id=leader, items=[item for item in items if item.owner_leader_id == leader])
        for leader in leaders
    ]
    return digests


def snooze(
    subject: ReminderSubject, now: datetime, calendar: WorkCalendar, policy: ReminderPolicy
) -> SnoozeDecision:
    """Snooze ("Nhắc lại sau 1 ngày"): hold reminders until the window opens `snooze_days` working days on."""
    remaining = policy.snooze_max - subject.snooze_count
    if remaining <= 0 or not subject.is_open:
        return SnoozeDecision(allowed=False, snooze_count=subject.snooze_count, remaining=max(remaining, 0))
    until_day = calendar.add_working_days(calendar.local_date(now), policy.snooze_days)
    return SnoozeDecision(
        allowed=True,
        snoozed_until=calendar.window_open(until_day),
        snooze_count=subject.snooze_count + 1,
        remaining=remaining - 1,
    )


def recurring_without_progress(
    subjects: Iterable[ReminderSubject], now: datetime, calendar: WorkCalendar, policy: ReminderPolicy
) -> list[PeriodGap]:
    today = calendar.local_date(now)
    gaps: list[PeriodGap] = []
    for subject in subjects:
        if not subject.is_open or subject.recurrence is None:
            continue
        kind = period_kind(subject.recurrence, policy)
        period_id, start = period_of(kind, today)
        if calendar.local_date(subject.published_at) >= start:
            continue  # published this period: nothing was expected before it
        last = subject.last_progress_at
        if last is None or calendar.local_date(last) < start:
            gaps.append(
                PeriodGap(
                    assignment_id=subject.assignment_id,
                    unit_id=subject.unit_id,
                    unit_name=subject.unit_name,
                    task_text=subject.task_text,
                    notice_number=subject.notice_number,
                    recurrence=kind,
                    period_id=period_id,
                    period_start=start,
                    last_progress_at=last,
                )
            )
    return sorted(gaps, key=lambda gap: (vn_key(gap.unit_name), gap.assignment_id))
