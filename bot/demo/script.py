"""The scripted morning: steps in order, each played against the real bot or reported unavailable."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TextIO

from pydantic import BaseModel

from bot.demo import steps_clock, steps_heads, steps_notice, steps_setup
from bot.demo.morning import Morning, Unavailable
from bot.demo.stage import Stage
from messages.render import render

Step = Callable[[Stage, Morning], Awaitable[None]]

STEPS: tuple[tuple[str, Step], ...] = (
    ("setup", steps_setup.setup),
    ("staff", steps_setup.staff),
    ("invites", steps_setup.invites),
    ("units_overview", steps_setup.units_overview),
    ("intake", steps_notice.intake),
    ("map_unit", steps_notice.map_unit),
    ("publish", steps_notice.publish),
    ("acknowledge", steps_heads.acknowledge),
    ("delivery_report", steps_heads.delivery_report),
    ("progress", steps_heads.progress),
    ("extension", steps_heads.extension),
    ("done", steps_heads.done),
    ("my_tasks", steps_heads.my_tasks),
    ("digest", steps_heads.digest),
    ("reminders", steps_clock.reminders),
)


class DemoResult(BaseModel):
    played: list[str]
    missing: list[str]
    seconds: float


async def play(
    out: TextIO, *, color: bool = False, steps: tuple[tuple[str, Step], ...] = STEPS
) -> DemoResult:
    started = time.monotonic()
    async with Stage.open(out, color=color) as stage:
        morning = Morning(today=datetime.now(UTC).astimezone(stage.settings.tz).date())
        stage.transcript.say("intro", today=morning.today, api_url=stage.fake.base_url.removesuffix("/bot"),
                             db_path=stage.settings.db_path)
        for number, (key, step) in enumerate(steps, 1):
            title = render("demo/title.txt.j2", key=key)
            stage.transcript.step(number, title)
            try:
                await step(stage, morning)
            except Unavailable as error:
                error.report(stage.transcript)
                morning.missing.append(title)
            else:
                morning.done.append(key)
        seconds = time.monotonic() - started
        stage.transcript.write()
        stage.transcript.say("summary", seconds=seconds, played=morning.done, total=len(steps),
                             missing=morning.missing)
    return DemoResult(played=morning.done, missing=morning.missing, seconds=seconds)
