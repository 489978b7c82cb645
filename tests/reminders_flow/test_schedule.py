"""The stored next reminder moment: every change a head or the office makes moves it, and the minute sweep
reads only the assignments whose moment has come."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.services.reminder_snooze import snooze_assignment
from bot.services.reminders import repair_schedule
from tests.postgres import on_both_engines
from tests.reminders_flow.test_walk import JUNE_3, expected_deadline_reminders
from tests.reminders_flow.world import at


async def stored_next(world, assignment_id: int) -> datetime | None:
    value = await world.db.fetch_value("SELECT next_reminder_at FROM assignments WHERE id = ?",
                                       (assignment_id,))
    return None if value is None else datetime.fromisoformat(value)


async def first_reminder_day(world, assignment, published: date = JUNE_3) -> date:
    expected = expected_deadline_reminders(world.calendar, published, assignment.deadline, date(2026, 7, 31))
    return expected[0][0]


@on_both_engines("world")
async def test_a_sweep_stores_the_morning_of_each_assignments_next_reminder(world):
    assignment = await world.earliest_deadline()
    await world.sweep(at(JUNE_3, "12:00"))

    first_day = await first_reminder_day(world, assignment)
    assert await stored_next(world, assignment.id) == world.calendar.window_open(first_day)


@on_both_engines("world")
async def test_the_sweep_reads_only_assignments_whose_moment_has_come(world):
    assignment = await world.earliest_deadline()
    first_day = await first_reminder_day(world, assignment)
    await world.sweep(at(JUNE_3, "12:00"))
    # Pretend this assignment's moment lies next year (a column the policy does not read): the sweep on
    # its first reminder morning must not even look at it, while the others due that morning go out.
    async with world.db.transaction():
        await world.db.execute("UPDATE assignments SET next_reminder_at = '2027-01-01T00:00:00+00:00'"
                               " WHERE id = ?", (assignment.id,))
    morning = await world.sweep(at(first_day, "07:30"))
    assert all(item.assignment_id != assignment.id for m in morning.messages for item in m.items)
    # A minute later nothing is due at all: nothing is loaded.
    assert (await world.sweep(at(first_day, "07:31"))).subjects == 0

    # The repair command recomputes every moment from the database: the reminder goes out.
    await repair_schedule(world.repos, world.settings, at(first_day, "07:32"))
    repaired = await world.sweep(at(first_day, "07:33"))
    assert any(item.assignment_id == assignment.id for m in repaired.messages for item in m.items)


async def test_an_extension_moves_the_next_reminder_to_the_new_deadline(world):
    assignment = await world.earliest_deadline()
    head = world.head_of(assignment)
    await world.sweep(at(JUNE_3, "12:00"))
    before = await stored_next(world, assignment.id)
    new_deadline = date(2026, 7, 31)
    extension = await world.repos.extensions.request(assignment.id, head.id, new_deadline, "Chờ vốn",
                                                     at(JUNE_3, "13:00"))
    await world.repos.extensions.decide(extension.id, True, world.leader.id, at(JUNE_3, "14:00"))
    await world.sweep(at(JUNE_3, "14:01"))

    after = await stored_next(world, assignment.id)
    expected = expected_deadline_reminders(world.calendar, JUNE_3, new_deadline, new_deadline)[0][0]
    assert before is not None and after == world.calendar.window_open(expected) and after > before


async def test_a_snooze_moves_the_next_reminder_to_the_next_working_morning(world):
    assignment = await world.earliest_deadline()
    head = world.head_of(assignment)
    first_day = await first_reminder_day(world, assignment)
    await world.walk(JUNE_3, first_day)
    assert await stored_next(world, assignment.id) > world.calendar.window_open(first_day)
    current = await world.repos.assignments.get(assignment.id)
    outcome = await snooze_assignment(world.repos, world.settings, current, head.id, at(first_day, "09:00"))
    assert outcome.outcome == "snoozed"
    await world.sweep(at(first_day, "09:01"))

    assert await stored_next(world, assignment.id) == world.calendar.window_open(
        world.calendar.next_working_day(first_day))


@on_both_engines("world")
async def test_done_stops_the_schedule_and_a_return_starts_it_again(world):
    assignment = await world.earliest_deadline()
    head = world.head_of(assignment)
    overdue_1 = world.calendar.next_working_day(assignment.deadline)
    await world.walk(JUNE_3, overdue_1)
    await world.repos.assignments.mark_done(assignment.id, head.id, "Đã xong", at(overdue_1, "10:00"))
    await world.sweep(at(overdue_1, "10:01"))
    # Closed: no longer among what any sweep can select.
    due = await world.repos.reminders.due_by(at(overdue_1, "10:01") + timedelta(days=3650), 10_000)
    assert assignment.id not in due

    await world.repos.assignments.return_assignment(assignment.id, world.office.id, "Thiếu báo cáo",
                                                    at(overdue_1, "11:00"))
    await world.sweep(at(overdue_1, "11:01"))
    moment = await stored_next(world, assignment.id)
    assert moment is not None and moment <= world.calendar.window_open(
        world.calendar.add_working_days(overdue_1, 1))


@on_both_engines("world")
async def test_a_change_made_while_the_sweep_computes_is_not_overwritten_by_its_stale_moment(world):
    assignment = await world.earliest_deadline()
    versions = await world.repos.reminders.schedule_versions([assignment.id])
    # The office moves the deadline while the sweep is still computing from what it read before.
    await world.repos.assignments.set_deadline(assignment.id, date(2026, 7, 31), world.office.id,
                                               at(JUNE_3, "12:00"))
    stale = at(JUNE_3, "12:00") + timedelta(days=1)
    await world.repos.reminders.set_next([(assignment.id, stale)], versions)

    assert await stored_next(world, assignment.id) is None  # left for the next sweep to plan
    await world.sweep(at(JUNE_3, "12:01"))
    expected = expected_deadline_reminders(world.calendar, JUNE_3, date(2026, 7, 31), date(2026, 7, 31))
    assert await stored_next(world, assignment.id) == world.calendar.window_open(expected[0][0])
