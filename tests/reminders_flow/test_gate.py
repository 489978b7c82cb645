"""The job's gate: a minute in which nothing changed costs one small query, yet nothing due is missed."""

from __future__ import annotations

from datetime import timedelta

from bot.services.reminders import SweepGate
from messages.render import render
from tests.postgres import on_both_engines
from tests.reminders_flow.test_walk import JUNE_3
from tests.reminders_flow.world import at


@on_both_engines("world")
async def test_the_gate_skips_unchanged_minutes_and_still_sends_escalations_and_changes(world):
    assignment = await world.earliest_deadline()
    gate = SweepGate()
    third_overdue = world.calendar.add_working_days(
        world.calendar.working_day_on_or_before(assignment.deadline), 3)
    await world.walk(JUNE_3, third_overdue - timedelta(days=1))

    morning = at(third_overdue, "07:30")
    first = await gate.sweep(world.repos, world.settings, morning, render)
    assert first is not None and any(i.kind == "overdue" for m in first.messages for i in m.items)
    # It recorded reminders, so the next minute sweeps again and finds the escalation they made due.
    second = await gate.sweep(world.repos, world.settings, morning + timedelta(minutes=1), render)
    assert second is not None
    assert [m.audience for m in second.messages if m.audience != "head"] == ["office", "leader"]
    third = await gate.sweep(world.repos, world.settings, morning + timedelta(minutes=2), render)
    assert third is not None and third.messages == []
    # Nothing changed since: the following minutes are skipped.
    assert await gate.sweep(world.repos, world.settings, morning + timedelta(minutes=3), render) is None
    assert await gate.sweep(world.repos, world.settings, morning + timedelta(hours=2), render) is None

    # A change in the database opens the gate at once (here: the head marks the task done).
    head = world.head_of(assignment)
    await world.repos.assignments.mark_done(assignment.id, head.id, None, morning + timedelta(hours=2))
    assert await gate.sweep(world.repos, world.settings, morning + timedelta(hours=2, minutes=1),
                            render) is not None
    # So does a new day.
    next_day = at(third_overdue + timedelta(days=1), "07:30")
    assert await gate.sweep(world.repos, world.settings, next_day, render) is not None
