"""The ward's two notices (tests/notices), published 03/06/2026, swept at 07:30, 12:00 and 17:30 every day
of June and July 2026."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from bot.services.calendar import WorkCalendar
from tests.postgres import on_both_engines
from tests.reminders_flow.world import at, days

JUNE_3, JULY_31 = date(2026, 6, 3), date(2026, 7, 31)


def expected_deadline_reminders(calendar: WorkCalendar, published: date, deadline: date, until: date):
    """The issue's rule, spelled out: 7, 3, 1 working days before and the due morning (only those after
    publication; a deadline on a day off counts from the last working day before it), then the first three
    working days after it, then every third working day."""
    anchor = calendar.working_day_on_or_before(deadline)
    out = [(calendar.add_working_days(anchor, -n), f"before_{n}d") for n in (7, 3, 1)]
    out.append((anchor, "due_today"))
    out = [(day, kind) for day, kind in out if day > published]
    n = 1
    while (day := calendar.add_working_days(anchor, n)) <= until:
        out.append((day, "overdue"))
        n += 1 if n < 3 else 3
    return out


@pytest.fixture
async def walked(world):
    await world.walk(JUNE_3, JULY_31)
    return world


async def test_each_head_hears_at_most_once_per_sweep_on_working_days_inside_the_window(walked):
    calendar = walked.calendar
    assert any(result.messages for result in walked.results)
    for result in walked.results:
        local = result.now.astimezone(walked.settings.tz)
        heads = [m.person_id for m in result.messages if m.audience == "head"]
        assert len(heads) == len(set(heads)), f"two messages to one head at {local}"
        if result.messages:
            assert calendar.is_working_day(local.date()), local
            assert local.strftime("%H:%M") in ("07:30", "12:00"), local
        if local.strftime("%H:%M") == "17:30" or local.weekday() >= 5:
            assert not result.in_window and not result.messages


async def test_a_deputy_reads_the_same_reminder_as_the_head(walked):
    deputy = [m for r in walked.results for m in r.messages if m.person_id == walked.deputy.id]
    assert deputy
    for message in deputy:
        same = [m for r in walked.results for m in r.messages if m.unit_id == message.unit_id
                and m.person_id != message.person_id and m.text == message.text]
        assert len(same) == 1


async def test_one_message_lists_every_due_item_of_the_unit(walked):
    # The busiest morning of the walk: a unit with several items due at once.
    message = max((m for r in walked.results for m in r.messages if m.audience == "head"),
                  key=lambda m: len(m.items))
    assert len(message.items) >= 3
    assert {item.unit_id for item in message.items} == {message.unit_id}
    numbered = list(dict.fromkeys(item.assignment_id for item in message.items))
    for position in range(1, len(numbered) + 1):
        assert f"\n{position}. " in message.text
    assert len(message.text) < 4096
    assert message.payload["link"]["kind"] == "reminder"
    assert message.payload["link"]["assignment_ids"] == numbered
    buttons = [b["text"] for row in message.payload["reply_markup"]["inline_keyboard"] for b in row]
    assert "1. Báo cáo tiến độ" in buttons and "1. Hoàn thành" in buttons


@on_both_engines("world")
async def test_the_earliest_deadline_walks_each_tier_then_the_overdue_rhythm(walked):
    assignment = await walked.earliest_deadline()
    expected = expected_deadline_reminders(walked.calendar, JUNE_3, assignment.deadline, JULY_31)
    sent = walked.sent(assignment.id)
    assert [(day, kind) for day, _, kind in sent] == expected
    assert {hhmm for _, hhmm, _ in sent} == {"07:30"}  # each goes at the window's opening


async def test_the_office_and_the_leader_hear_after_three_overdue_reminders_and_at_most_three_times(walked):
    assignment = await walked.earliest_deadline()
    heads = walked.sent(assignment.id)
    office = walked.sent(assignment.id, audience="office")
    leader = walked.sent(assignment.id, audience="leader")
    third_overdue = [(day, hhmm) for day, hhmm, kind in heads if kind == "overdue"][2]
    assert [kind for *_, kind in office] == ["escalation"] * 3  # capped per deadline
    assert (office[0][0], office[0][1]) > third_overdue  # only once three really went out
    assert office[0][0] == third_overdue[0]  # ... the same day, at the next sweep
    assert [day for day, *_ in leader] == [day for day, *_ in office]
    message = next(m for r in walked.results for m in r.messages
                   if m.audience == "office" and any(i.assignment_id == assignment.id for i in m.items))
    item = next(i for i in message.items if i.assignment_id == assignment.id)
    assert f"<b>{assignment.unit_name}</b>: quá hạn {item.days_late} ngày" in message.text


async def test_recurring_tasks_hear_once_per_period_on_its_first_working_day(walked):
    weekly = [a for a in await walked.assignments() if a.recurrence == "weekly"]
    assert weekly
    calendar = walked.calendar
    for assignment in weekly:
        sent = [day for day, _, kind in walked.sent(assignment.id) if kind == "recurring_period"]
        mondays = [d for d in days(date(2026, 6, 8), JULY_31) if d.weekday() == 0]
        assert sent == [calendar.working_day_on_or_after(monday) for monday in mondays]
    periodic = [a for a in await walked.assignments() if a.recurrence == "periodic"]
    for assignment in periodic:  # "định kỳ" without a period counts as monthly
        sent = [day for day, _, kind in walked.sent(assignment.id) if kind == "recurring_period"]
        assert sent == [calendar.working_day_on_or_after(date(2026, 7, 1))]


@on_both_engines("world")
async def test_no_item_is_recorded_twice_and_every_sent_item_is_recorded(walked):
    rows = await walked.db.fetch_all("SELECT assignment_id, kind, period FROM reminders_sent")
    assert len(rows) == len({tuple(row) for row in rows})
    recorded = sum(len(result.recorded) for result in walked.results)
    assert recorded == len(rows)
    keys = Counter(row["key"] for row in await walked.db.fetch_all("SELECT key FROM outbox"))
    assert max(keys.values()) == 1


@on_both_engines("world")
async def test_a_day_off_added_by_an_admin_sends_nothing_and_reminders_count_working_days_around_it(world):
    assignment = await world.earliest_deadline()
    before = expected_deadline_reminders(world.calendar, JUNE_3, assignment.deadline, JULY_31)
    day_off = before[0][0]  # the day the first reminder would have gone
    await world.repos.reminders.add_day_off(day_off, "Nghỉ bù", now=at(JUNE_3, "10:00"))
    end = assignment.deadline
    await world.walk(JUNE_3, end)
    assert all(not r.messages for r in world.results if r.now.astimezone(world.settings.tz).date() == day_off)
    with_day_off = WorkCalendar.from_policy(world.settings.reminders, days_off=[day_off])
    expected = [(d, k) for d, k in expected_deadline_reminders(with_day_off, JUNE_3, end, end)]
    assert [(day, kind) for day, _, kind in world.sent(assignment.id)] == expected
    assert day_off not in [day for day, _ in expected]
