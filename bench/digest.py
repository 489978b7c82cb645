"""Digest benchmark over the storage benchmark's database (100,000 tasks over 500 units, two years).

    python bench/digest.py [--tasks 100000] [--units 500] [--db PATH] [--keep]

Fills the database with bench/storage.py's filler (or reuses --db if it already holds tasks), adds a
leader and an office clerk, then times /tonghop's work (build_digest + rendering and splitting) for all
units, one unit and one notice, and the scheduled digests job: the 07:30 run that builds and enqueues the
leaders' weekly and the office's daily digest, and the following minutes' runs (what the job costs the
rest of the day).
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _db import database_arguments, fill_unless_filled, storage_bench  # noqa: E402 - after the sys.path line

from bot.config import Settings  # noqa: E402 - after the sys.path line
from bot.services.digest import build_digest  # noqa: E402 - after the sys.path line
from bot.services.digest_messages import digest_messages  # noqa: E402 - after the sys.path line
from bot.services.scheduled_digests import run_scheduled_digests  # noqa: E402 - after the sys.path line
from messages.render import render  # noqa: E402 - after the sys.path line
from storage.db import open_database  # noqa: E402 - after the sys.path line
from storage.repositories import FIRST_TENANT, Repositories  # noqa: E402 - after the sys.path line


async def timed(label: str, call, runs: int = 3):
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = await call()
        best = min(best, (time.perf_counter() - started) * 1000)
    return label, best, result


def show(label: str, ms: float, detail: str) -> None:
    print(f"  {label:<40} {ms:8.1f} ms  | {detail}")


async def main() -> None:
    args = database_arguments(__doc__.splitlines()[0])
    bench = storage_bench()
    workdir = None if args.db else tempfile.mkdtemp(prefix="dondoc-bench-digest-")
    path = args.db or Path(workdir) / "bench.sqlite3"
    await fill_unless_filled(path, bench, args)

    settings = Settings(_env_file=None, db_path=path)
    db = await open_database(path)
    repos = Repositories(db, FIRST_TENANT, tz=settings.tz)
    today = bench.TODAY
    now = bench.NOW
    for telegram_id, name, role in ((99_998, "Chủ tịch", "leader"), (99_999, "Văn phòng", "office")):
        person = await repos.people.upsert_from_telegram(telegram_id, telegram_id, name, now)
        await repos.roles.grant(person.id, role, granted_by=None, now=now)
    unit = (await repos.units.list())[0]
    notice = (await repos.notices.list_recent(1, status="published"))[0]

    print(f"/tonghop on {today:%d/%m/%Y} (build_digest, then render and split):")
    for label, kwargs in (("all units, month so far", {}), (f"one unit ({unit.name})", {"unit_id": unit.id}),
                          (f"one notice ({notice.number})", {"notice_id": notice.id})):
        name, ms, digest = await timed(label, lambda kw=kwargs: build_digest(
            repos, today=today, period_start=today.replace(day=1), period_end=today, **kw))
        _, render_ms, texts = await timed("render", lambda d=digest: asyncio.to_thread(
            digest_messages, render, "digest.html.j2", digest=d))
        show(name, ms, f"{digest.totals.total:,} assignments, {digest.overdue.total:,} overdue,"
             f" {digest.units.total:,} unit rows; render {render_ms:.1f} ms -> {len(texts)} message(s),"
             f" longest {max(map(len, texts)):,} chars")

    print("scheduled digests (run_scheduled_digests, as the job runs it every minute):")
    async with db.transaction():
        await db.execute("DELETE FROM outbox WHERE key LIKE 'digest:%'")
    # The storage bench's morning is a Tuesday; the leaders' digest is a Monday one, caught up once.
    morning = datetime.combine(today, datetime.min.time(), settings.tz).replace(hour=7, minute=30)
    for label, moment in (("07:30: build and enqueue", morning),
                          ("07:31: already sent (steady state)", morning + timedelta(minutes=1)),
                          ("06:00: before the send time", morning - timedelta(minutes=90))):
        started = time.perf_counter()
        added = await run_scheduled_digests(repos, None, settings, moment, render)
        show(label, (time.perf_counter() - started) * 1000, f"{added} message(s) enqueued")
    await db.close()
    if workdir and not args.keep:
        shutil.rmtree(workdir)


if __name__ == "__main__":
    asyncio.run(main())
