"""Two bot processes on one database (a deploy overlap): each reminder still goes out once."""

from __future__ import annotations

from bot.services import reminders
from messages.render import render
from storage.db import open_database
from storage.repositories import FIRST_TENANT, Repositories
from tests.reminders_flow.world import at


async def test_a_sweep_that_loses_the_race_writes_nothing_and_the_winner_sends_each_reminder_once(world):
    assignment = await world.earliest_deadline()
    due_day = world.calendar.working_day_on_or_before(assignment.deadline)
    other_db = await open_database(world.path)
    try:
        other = Repositories(other_db, FIRST_TENANT, tz=world.settings.tz)
        now = at(due_day, "07:30")
        # Both processes computed the same morning from the same state ...
        mine, deliverable = await reminders._plan(world.repos, world.settings, now, render)
        theirs = await reminders.run_reminder_sweep(other, world.settings, now, render)
        assert theirs.recorded and theirs.messages
        # ... the other one committed first: this one must not enqueue a second copy.
        try:
            await reminders._record_and_enqueue(world.repos, mine, deliverable, now)
        except reminders.SweepRaced:
            pass
        else:
            raise AssertionError("the losing sweep wrote its messages")
        keys = [row["key"] for row in await world.db.fetch_all("SELECT key FROM outbox")]
        assert sorted(keys) == sorted(m.key for m in theirs.messages)
        again = await reminders.run_reminder_sweep(world.repos, world.settings, now, render)
        assert again.messages == [] and again.recorded == []
    finally:
        await other_db.close()
