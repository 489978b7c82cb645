from datetime import date, time

from bot.services.reminder_policy import due_reminders, group_escalations, plan_sweep
from tests.reminders.sim import at, subject

D = date


def test_june_walk_sends_each_tier_once_on_the_right_working_morning(sweeper):
    sweeper.add(subject(1, deadline=D(2026, 6, 15)), subject(2, deadline=D(2026, 6, 30), unit_id=11))
    sweeper.walk(D(2026, 6, 3), D(2026, 7, 31))

    head = [(day, kind) for day, kind in sweeper.sent(1) if kind != "escalation"]
    assert head[:8] == [
        (D(2026, 6, 4), "before_7d"),  # 7 working days before Monday 15/6
        (D(2026, 6, 10), "before_3d"),
        (D(2026, 6, 12), "before_1d"),
        (D(2026, 6, 15), "due_today"),
        (D(2026, 6, 16), "overdue"),  # the morning after, then each working day for three days
        (D(2026, 6, 17), "overdue"),
        (D(2026, 6, 18), "overdue"),
        (D(2026, 6, 23), "overdue"),  # then every three working days
    ]
    assert head[8:11] == [(D(2026, 6, 26), "overdue"), (D(2026, 7, 1), "overdue"), (D(2026, 7, 6), "overdue")]
    assert sweeper.sent(2)[:6] == [
        (D(2026, 6, 19), "before_7d"),
        (D(2026, 6, 25), "before_3d"),
        (D(2026, 6, 29), "before_1d"),
        (D(2026, 6, 30), "due_today"),
        (D(2026, 7, 1), "overdue"),
        (D(2026, 7, 2), "overdue"),
    ]
    for entry in sweeper.log:
        local = entry.local
        assert sweeper.calendar.is_working_day(local.date())
        assert time(7, 30) <= local.time() < time(17, 0)
        if entry.item.kind != "escalation":
            assert local.time() == time(7, 30), "a head reminder waited past the window opening"


def test_escalation_follows_the_third_overdue_reminder_and_is_capped(sweeper):
    sweeper.add(subject(1, deadline=D(2026, 6, 15), owner_leader_id=900))
    sweeper.walk(D(2026, 6, 3), D(2026, 8, 31))

    escalations = [entry for entry in sweeper.log if entry.item.kind == "escalation"]
    # 3rd overdue reminder at 07:30 on 18/6, the escalation at the next sweep; then weekly, three at most.
    assert [entry.local.date() for entry in escalations] == [D(2026, 6, 18), D(2026, 6, 25), D(2026, 7, 2)]
    assert escalations[0].local.time() == time(12, 0)
    first = escalations[0].item
    assert first.audience == "office"
    assert (first.days_late, first.working_days_late) == (3, 3)
    digests = group_escalations([first])
    assert [digest.leader_id for digest in digests] == [None, 900]


def test_task_published_two_days_before_its_deadline_gets_only_the_last_two_tiers(sweeper):
    sweeper.add(
        subject(1, deadline=D(2026, 6, 12), published_at=at(D(2026, 6, 10), "10:00")),
        subject(2, deadline=D(2026, 6, 12), published_at=at(D(2026, 6, 11), "10:00")),
    )
    sweeper.walk(D(2026, 6, 10), D(2026, 6, 12))
    assert sweeper.sent(1) == [(D(2026, 6, 11), "before_1d"), (D(2026, 6, 12), "due_today")]
    # Published on the 1-day tier's own day: no reminder on top of the delivery.
    assert sweeper.sent(2) == [(D(2026, 6, 12), "due_today")]


def test_task_published_after_its_deadline_is_not_reminded_on_delivery_day(sweeper):
    sweeper.add(
        subject(1, deadline=D(2026, 6, 15), published_at=at(D(2026, 6, 22), "09:00")),
        subject(2, deadline=D(2026, 6, 15), published_at=at(D(2026, 6, 23), "09:00")),
    )
    sweeper.walk(D(2026, 6, 22), D(2026, 6, 30))
    # 22/6 is the 5th working day late; the next overdue slot (6th) is 23/6, then every three.
    assert sweeper.sent(1) == [(D(2026, 6, 23), "overdue"), (D(2026, 6, 26), "overdue")]
    # Published on the 6th slot's day itself: the delivery message is that day's word.
    assert sweeper.sent(2) == [(D(2026, 6, 26), "overdue")]


def test_deadline_just_before_tet_2027_has_overdue_reminders_after_the_break(sweeper):
    sweeper.add(subject(1, deadline=D(2027, 2, 3), published_at=at(D(2027, 1, 20))))
    sweeper.walk(D(2027, 1, 20), D(2027, 2, 20))
    overdue = [day for day, kind in sweeper.sent(1) if kind == "overdue"]
    assert overdue[:4] == [D(2027, 2, 11), D(2027, 2, 12), D(2027, 2, 15), D(2027, 2, 18)]
    assert (D(2027, 2, 3), "due_today") in sweeper.sent(1)


def test_deadline_on_tet_eve_is_shown_as_written_and_reminded_on_the_last_working_day(sweeper):
    sweeper.add(subject(1, deadline=D(2027, 2, 5), published_at=at(D(2027, 1, 20))))
    sweeper.walk(D(2027, 1, 20), D(2027, 2, 11))
    assert sweeper.sent(1)[-3:] == [
        (D(2027, 2, 2), "before_1d"),
        (D(2027, 2, 3), "due_today"),  # 4/2 and 5/2 are already Tết
        (D(2027, 2, 11), "overdue"),
    ]
    overdue = sweeper.log[-1].item
    assert overdue.deadline == D(2027, 2, 5)
    assert (overdue.days_late, overdue.working_days_late) == (6, 1)


def test_nothing_is_sent_outside_the_window_and_all_of_it_at_the_next_opening(sweeper, calendar, policy):
    subjects = [subject(1, deadline=D(2026, 6, 15)), subject(2, deadline=D(2026, 6, 15))]
    for moment in (at(D(2026, 6, 15), "07:00"), at(D(2026, 6, 15), "17:00"), at(D(2026, 6, 13), "09:00")):
        assert due_reminders(subjects, moment, calendar, policy) == []
    due = due_reminders(subjects, calendar.next_window_open(at(D(2026, 6, 13), "09:00")), calendar, policy)
    assert [(item.assignment_id, item.kind) for item in due] == [(1, "due_today"), (2, "due_today")]


def test_keys_include_the_deadline_and_are_unique(sweeper):
    sweeper.add(subject(1, deadline=D(2026, 6, 15)))
    sweeper.walk(D(2026, 6, 3), D(2026, 7, 31))
    keys = [entry.item.key for entry in sweeper.log]
    assert len(keys) == len(set(keys))
    assert keys[0] == "rem:1:before_7d:2026-06-15"
    assert all("2026-06-15" in key for key in keys)


def test_sweep_plan_groups_heads_and_office_and_says_when_the_window_opens(calendar, policy):
    sent = {f"rem:1:overdue:2026-06-15:{slot}" for slot in (1, 2, 3)}
    subjects = [
        subject(1, unit_id=50, deadline=D(2026, 6, 15), owner_leader_id=7, already_sent_keys=sent),
        subject(2, unit_id=50, deadline=D(2026, 6, 23)),
    ]
    evening = plan_sweep(subjects, at(D(2026, 6, 22), "18:00"), calendar, policy)
    assert (evening.in_window, evening.due, evening.heads) == (False, [], [])
    assert evening.next_window_open == at(D(2026, 6, 23), "07:30")

    plan = plan_sweep(subjects, evening.next_window_open, calendar, policy)
    assert [(digest.unit_id, [item.kind for item in digest.items]) for digest in plan.heads] == [
        (50, ["overdue", "due_today"])
    ]
    assert [(digest.leader_id, [item.days_late for item in digest.items]) for digest in plan.escalations] == [
        (None, [8]),
        (7, [8]),
    ]
    assert len(plan.due) == 3
