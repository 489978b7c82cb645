from datetime import date, time, timedelta

import pytest

from bot.config import ReminderPolicy
from bot.services.reminder_policy import group_for_heads, recurring_without_progress
from tests.reminders.sim import Sweeper, at, subject

D = date
MORNING_ONLY = (time(7, 30), time(12, 0))


def mondays(start: date, end: date) -> list[date]:
    day = start + timedelta(days=(7 - start.weekday()) % 7)
    out = []
    while day <= end:
        out.append(day)
        day += timedelta(days=7)
    return out


def test_weekly_task_is_reminded_on_each_weeks_first_working_day(sweeper):
    sweeper.add(subject(1, recurrence="weekly"))
    sweeper.walk(D(2026, 6, 3), D(2026, 9, 30), MORNING_ONLY)
    expected = [
        D(2026, 9, 3) if monday == D(2026, 8, 31) else monday
        for monday in mondays(D(2026, 6, 4), D(2026, 9, 30))
    ]
    assert sweeper.sent(1) == [(day, "recurring_period") for day in expected]
    assert sweeper.log[0].item.period_id == "2026-W24"


@pytest.mark.parametrize("recurrence", ["monthly", "periodic"])
def test_monthly_and_periodic_tasks_are_reminded_on_each_months_first_working_day(sweeper, recurrence):
    sweeper.add(subject(1, recurrence=recurrence))
    sweeper.walk(D(2026, 6, 3), D(2026, 10, 5), MORNING_ONLY)
    # 1/8 is a Saturday; 1/9 and 2/9 are National Day.
    assert [day for day, _ in sweeper.sent(1)] == [
        D(2026, 7, 1),
        D(2026, 8, 3),
        D(2026, 9, 3),
        D(2026, 10, 1),
    ]
    assert [entry.item.period_id for entry in sweeper.log] == ["2026-07", "2026-08", "2026-09", "2026-10"]


def test_monthly_task_published_on_the_first_is_next_reminded_the_month_after(sweeper):
    sweeper.add(subject(1, recurrence="monthly", published_at=at(D(2026, 7, 1), "08:00")))
    sweeper.walk(D(2026, 7, 1), D(2026, 8, 5), MORNING_ONLY)
    assert sweeper.sent(1) == [(D(2026, 8, 3), "recurring_period")]


def test_periodic_can_be_configured_as_quarterly(calendar):
    sweeper = Sweeper(calendar, ReminderPolicy(periodic_as="quarterly"))
    sweeper.add(subject(1, recurrence="periodic"))
    sweeper.walk(D(2026, 6, 3), D(2026, 10, 5), MORNING_ONLY)
    assert sweeper.sent(1) == [(D(2026, 7, 1), "recurring_period"), (D(2026, 10, 1), "recurring_period")]


def test_yearly_task_is_reminded_after_new_years_day(sweeper):
    sweeper.add(subject(1, recurrence="yearly"))
    sweeper.walk(D(2026, 12, 28), D(2027, 1, 8), MORNING_ONLY)
    assert sweeper.sent(1) == [(D(2027, 1, 4), "recurring_period")]


def test_recurring_assignments_without_progress_this_period(calendar, policy):
    reported = subject(1, recurrence="monthly", last_progress_at=at(D(2026, 7, 2), "15:00"))
    silent = subject(2, recurrence="monthly", last_progress_at=at(D(2026, 6, 20), "15:00"))
    fresh = subject(3, recurrence="monthly", published_at=at(D(2026, 7, 6)))
    done = subject(4, recurrence="monthly", status="done")
    one_off = subject(5, deadline=D(2026, 7, 30))
    subjects = [reported, silent, fresh, done, one_off]

    gaps = recurring_without_progress(subjects, at(D(2026, 7, 10), "09:00"), calendar, policy)
    assert [(gap.assignment_id, gap.period_id) for gap in gaps] == [(2, "2026-07")]
    gaps = recurring_without_progress(subjects, at(D(2026, 8, 5), "09:00"), calendar, policy)
    assert [gap.assignment_id for gap in gaps] == [1, 2, 3]


def test_task_without_deadline_is_nudged_every_14_days_without_progress(sweeper):
    sweeper.add(subject(1))
    sweeper.walk(D(2026, 6, 3), D(2026, 7, 3), MORNING_ONLY)
    assert sweeper.sent(1) == [(D(2026, 6, 17), "stale_nudge"), (D(2026, 7, 1), "stale_nudge")]

    sweeper.update(1, last_progress_at=at(D(2026, 7, 5), "10:00"))  # a Sunday report
    sweeper.walk(D(2026, 7, 6), D(2026, 8, 5), MORNING_ONLY)
    # 19/7 and 2/8 are Sundays: the nudge waits for Monday.
    assert sweeper.sent(1)[2:] == [(D(2026, 7, 20), "stale_nudge"), (D(2026, 8, 3), "stale_nudge")]
    assert sweeper.log[2].item.idle_days == 15


def test_each_unit_gets_one_digest_listing_all_its_due_items(sweeper):
    sweeper.add(
        subject(1, unit_id=50, unit_name="Phòng 50", deadline=D(2026, 6, 12)),
        subject(2, unit_id=50, unit_name="Phòng 50", deadline=D(2026, 6, 16)),
        subject(3, unit_id=50, unit_name="Phòng 50", recurrence="weekly"),
        subject(4, unit_id=60, unit_name="Phòng 60", deadline=D(2026, 6, 16)),
        subject(5, unit_id=60, unit_name="Phòng 60", deadline=D(2026, 6, 12), status="done"),
    )
    sweeper.walk(D(2026, 6, 3), D(2026, 6, 14))
    due = sweeper.sweep(at(D(2026, 6, 15)))
    digests = group_for_heads(due)
    assert [digest.unit_id for digest in digests] == [50, 60]
    assert [(item.assignment_id, item.kind) for item in digests[0].items] == [
        (1, "overdue"),
        (2, "before_1d"),
        (3, "recurring_period"),
    ]
    assert [(item.assignment_id, item.kind) for item in digests[1].items] == [(4, "before_1d")]
    assert digests[0].keys == [item.key for item in digests[0].items]
