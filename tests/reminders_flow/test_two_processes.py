"""Two bot processes on one database (a deploy overlap): each reminder still goes out once."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.services import reminders
from bot.services.scheduled_digests import run_scheduled_digests
from messages.render import render
from storage.db import open_database
from storage.repositories import FIRST_TENANT, Repositories
from tests.postgres import on_both_engines
from tests.reminders_flow.world import at


@on_both_engines("world")
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


@on_both_engines("world")
async def test_two_workers_sweeping_side_by_side_record_and_send_each_reminder_and_digest_once(world):
    """Several workers on one database run the same minute's sweeps at the same moment."""
    assignment = await world.earliest_deadline()
    monday = world.calendar.working_day_on_or_before(assignment.deadline)
    while monday.weekday() != 0:  # the leaders' weekly digest is due on Mondays too
        monday = world.calendar.working_day_on_or_before(monday - timedelta(days=1))
    now = at(monday, "07:31")
    other_db = await open_database(world.path)
    try:
        other = Repositories(other_db, FIRST_TENANT, tz=world.settings.tz)
        sweeps = await asyncio.gather(*(reminders.run_reminder_sweep(repos, world.settings, now, render)
                                        for repos in (world.repos, other)))
        digests = await asyncio.gather(*(run_scheduled_digests(repos, None, world.settings, now, render)
                                         for repos in (world.repos, other)))
        for _ in range(2):  # whoever lost a race redoes its sweep a minute later
            await reminders.run_reminder_sweep(other, world.settings, now + timedelta(minutes=1), render)
        recorded = await world.db.fetch_all(
            "SELECT assignment_id, kind, period, COUNT(*) FROM reminders_sent GROUP BY 1, 2, 3")
        assert recorded and all(row[3] == 1 for row in recorded)
        assert sum(len(sweep.recorded) for sweep in sweeps) <= len(recorded)
        keys = [row[0] for row in await world.db.fetch_all("SELECT key FROM outbox")]
        assert sum(digests) == len([key for key in keys if key.startswith("digest:")]) > 0
        assert any(key.startswith("remind:") for key in keys)
    finally:
        await other_db.close()
