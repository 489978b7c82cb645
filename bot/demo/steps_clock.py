"""Demo steps that need a later hour: the reminder sweep, run at a stated simulated moment.

The bot runs this sweep every minute on the wall clock; the demo removes that job (see Stage.open) so
that reminders do not land in the middle of unrelated steps, and runs the same service itself on the
working morning before the heads' nearest open deadline. Everything sent is the bot's own output, through
the outbox.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from bot.demo.cast import HEADS
from bot.demo.morning import Morning, Unavailable
from bot.demo.stage import Stage
from bot.services.reminders import run_reminder_sweep
from bot.testing import WAIT
from messages.render import render, vn_datetime

MORNING_SWEEP = time(8, 0)


def _working_day_before(day: date) -> date:
    day -= timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _next_working_day(day: date) -> date:
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


async def reminders(stage: Stage, morning: Morning) -> None:
    if not morning.published:
        raise Unavailable("needs", render("demo/title.txt.j2", key="publish"))
    deadlines = []
    for head in HEADS:
        assignments = await stage.repos.assignments.for_unit(morning.unit_ids[head.unit or ""])
        deadlines += sorted(a.deadline for a in assignments if a.deadline is not None)
    deadlines.sort()
    if not deadlines:
        raise Unavailable("no_deadline", ", ".join(stage.member(head).label for head in HEADS))
    day = max(_working_day_before(deadlines[0]), _next_working_day(morning.today))
    moment = datetime.combine(day, MORNING_SWEEP, tzinfo=stage.settings.tz).astimezone(UTC)
    stage.transcript.say("note", kind="clock", moment=moment)
    since = stage.fake.mark()
    await run_reminder_sweep(stage.repos, stage.settings, moment, stage.app.bot_data.render)
    # The rows are due at the simulated moment, so the wall-clock outbox job would not pick them yet:
    # the stage drains them at that moment.
    answers, finished = await stage.settle(since, at=moment)
    if not stage.transcript.show(answers):
        raise Unavailable("no_reminder", vn_datetime(moment))
    if not finished:
        stage.transcript.say("note", kind="unfinished", seconds=WAIT)
