"""The running bot's sign of life: a file it touches every INTERVAL_SECONDS, which `dondoc health` (the
container healthcheck) finds recent.

Cheap on purpose: the healthcheck runs every minute, and `dondoc db check` reads the whole database.
The beat is a job of the bot's own JobQueue, so a fresh file means the event loop and the scheduler that
drives the outbox, reminders and digests are running, not merely that the process exists.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # `dondoc health` imports this module and must not load the bot to do it
    from telegram.ext import Application, CallbackContext

INTERVAL_SECONDS = 30.0
# Four missed beats: a busy sweep may delay one, never four.
MAX_AGE_SECONDS = 4 * INTERVAL_SECONDS


def heartbeat_path(db_path: Path) -> Path:
    """Beside the database: the one directory the bot is sure to write (the Docker volume, StateDirectory)."""
    return db_path.with_name(db_path.name + ".alive")


def age_seconds(path: Path, now: float) -> float | None:
    """Seconds since the last beat (`now` is time.time()), None when there is no heartbeat file."""
    try:
        return max(0.0, now - path.stat().st_mtime)
    except FileNotFoundError:
        return None


def schedule_heartbeat(app: Application, path: Path) -> None:
    async def beat(_context: CallbackContext) -> None:
        await asyncio.to_thread(path.touch)

    assert app.job_queue is not None  # python-telegram-bot[job-queue] is a dependency
    # Scheduled before the bot connects (which may take longer than `first`): a late first beat still
    # runs (no misfire limit) instead of being skipped for a whole interval.
    app.job_queue.run_repeating(beat, interval=INTERVAL_SECONDS, first=1.0, name="heartbeat",
                                job_kwargs={"misfire_grace_time": None})
