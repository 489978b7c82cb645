"""Snooze, extension, completion, return, and downtime: what a head notices when the state changes."""

from datetime import date, time

from bot.services.reminder_policy import due_reminders, snooze
from tests.reminders.sim import at, subject

D = date


def press_snooze(sweeper, assignment_id, now):
    decision = snooze(sweeper.subjects[assignment_id], now, sweeper.calendar, sweeper.policy)
    if decision.allowed:
        sweeper.update(
            assignment_id, snoozed_until=decision.snoozed_until, snooze_count=decision.snooze_count
        )
    return decision


def test_snooze_holds_reminders_until_the_next_working_morning_and_works_twice_only(sweeper):
    sweeper.add(subject(1, deadline=D(2026, 6, 15)))
    sweeper.walk(D(2026, 6, 3), D(2026, 6, 10))
    assert sweeper.sent(1)[-1] == (D(2026, 6, 10), "before_3d")
    assert sweeper.log[-1].item.can_snooze

    first = press_snooze(sweeper, 1, at(D(2026, 6, 10), "09:00"))
    assert first.allowed and first.remaining == 1
    assert first.snoozed_until == at(D(2026, 6, 11), "07:30")
    sweeper.walk(D(2026, 6, 11), D(2026, 6, 11))
    # No tier is scheduled on 11/6, but the head asked to hear again after a day.
    assert sweeper.sent(1)[-1] == (D(2026, 6, 11), "snooze_repeat")
    assert sweeper.log[-1].item.repeats == "before_3d"
    assert sweeper.log[-1].local.time() == time(7, 30)  # the moment the snooze ends

    press_snooze(sweeper, 1, at(D(2026, 6, 11), "08:00"))  # held until Friday 07:30
    assert sweeper.subjects[1].snooze_count == 2
    sweeper.walk(D(2026, 6, 12), D(2026, 6, 12))
    assert sweeper.sent(1)[-1] == (D(2026, 6, 12), "before_1d")  # the new tier, not a repeat as well
    assert not sweeper.log[-1].item.can_snooze

    third = press_snooze(sweeper, 1, at(D(2026, 6, 12), "08:00"))
    assert not third.allowed and third.remaining == 0
    assert sweeper.subjects[1].snoozed_until == at(D(2026, 6, 12), "07:30")


def test_snooze_on_friday_holds_through_the_weekend(sweeper, calendar, policy):
    decision = snooze(subject(1, deadline=D(2026, 6, 30)), at(D(2026, 6, 12), "16:00"), calendar, policy)
    assert decision.snoozed_until == at(D(2026, 6, 15), "07:30")
    held = subject(1, deadline=D(2026, 6, 15), snoozed_until=decision.snoozed_until, snooze_count=1)
    assert due_reminders([held], at(D(2026, 6, 12), "16:30"), calendar, policy) == []


def test_extension_moves_the_reminders_to_the_new_deadline(sweeper):
    sweeper.add(subject(1, deadline=D(2026, 6, 15)))
    sweeper.walk(D(2026, 6, 3), D(2026, 6, 17))
    assert [kind for _, kind in sweeper.sent(1)].count("overdue") == 2

    sweeper.update(1, deadline=D(2026, 6, 30), deadline_set_at=at(D(2026, 6, 17), "10:00"))
    sweeper.walk(D(2026, 6, 18), D(2026, 7, 6))
    after = [(day, kind) for day, kind in sweeper.sent(1) if day >= D(2026, 6, 18)]
    assert after == [
        (D(2026, 6, 19), "before_7d"),
        (D(2026, 6, 25), "before_3d"),
        (D(2026, 6, 29), "before_1d"),
        (D(2026, 6, 30), "due_today"),
        (D(2026, 7, 1), "overdue"),
        (D(2026, 7, 2), "overdue"),
        (D(2026, 7, 3), "overdue"),
        (D(2026, 7, 3), "escalation"),  # three overdue reminders for the new deadline, not five in all
    ]


def test_late_extension_does_not_fire_tiers_already_behind_it(sweeper):
    sweeper.add(subject(1, deadline=D(2026, 6, 15)))
    sweeper.walk(D(2026, 6, 3), D(2026, 6, 26))
    sweeper.update(1, deadline=D(2026, 6, 30), deadline_set_at=at(D(2026, 6, 26), "14:00"))
    sweeper.walk(D(2026, 6, 27), D(2026, 6, 30))
    assert sweeper.sent(1)[-2:] == [(D(2026, 6, 29), "before_1d"), (D(2026, 6, 30), "due_today")]


def test_done_stops_everything_and_returned_reopens(sweeper):
    sweeper.add(subject(1, deadline=D(2026, 6, 15)))
    sweeper.walk(D(2026, 6, 3), D(2026, 6, 16))
    sweeper.update(1, status="done")
    sweeper.walk(D(2026, 6, 17), D(2026, 7, 31))
    assert sweeper.sent(1)[-1] == (D(2026, 6, 16), "overdue")

    sweeper.update(1, status="returned")
    sweeper.walk(D(2026, 8, 3), D(2026, 8, 3))
    # One overdue reminder on 16/6 and this one: still below the escalation threshold.
    assert sweeper.sent(1)[-1] == (D(2026, 8, 3), "overdue")
    assert sweeper.log[-1].item.days_late == 49


def test_withdrawn_assignment_is_never_reminded(sweeper):
    sweeper.add(subject(1, deadline=D(2026, 6, 15), status="withdrawn"))
    sweeper.walk(D(2026, 6, 3), D(2026, 7, 31))
    assert sweeper.log == []


def test_one_catch_up_per_assignment_after_a_day_of_downtime(sweeper):
    sweeper.add(subject(1, deadline=D(2026, 6, 11)), subject(2, deadline=D(2026, 6, 15)))
    sweeper.walk(D(2026, 6, 3), D(2026, 6, 9))
    # Down all of 10/6, when 1's before_1d and 2's before_3d were due.
    sweeper.walk(D(2026, 6, 11), D(2026, 6, 11))
    on_11 = [(entry.item.assignment_id, entry.item.kind) for entry in sweeper.log if entry.local.day == 11]
    # 1 gets only its latest tier (due today); 2 gets the missed before_3d once, as a catch-up.
    assert on_11 == [(1, "due_today"), (2, "before_3d")]
    assert (D(2026, 6, 10), "before_1d") not in sweeper.sent(1)


def test_one_catch_up_after_a_week_of_downtime(sweeper):
    sweeper.add(subject(1, deadline=D(2026, 6, 15)), subject(2, deadline=D(2026, 6, 30)))
    sweeper.walk(D(2026, 6, 3), D(2026, 6, 3))
    sweeper.walk(D(2026, 6, 19), D(2026, 6, 19))  # back a week and a half later
    assert sweeper.sent() == [(D(2026, 6, 19), "overdue"), (D(2026, 6, 19), "before_7d")]
    # Only one overdue reminder was really sent, so the office is not escalated to yet.
    sweeper.walk(D(2026, 6, 22), D(2026, 6, 22))
    assert all(kind != "escalation" for _, kind in sweeper.sent())


def test_repeating_a_sweep_at_the_same_minute_sends_nothing_more(sweeper):
    sweeper.add(subject(1, deadline=D(2026, 6, 15)))
    assert len(sweeper.sweep(at(D(2026, 6, 15), "07:30"))) == 1
    assert sweeper.sweep(at(D(2026, 6, 15), "07:30")) == []
    assert sweeper.sweep(at(D(2026, 6, 15), "07:31")) == []
