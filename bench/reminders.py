"""Reminder sweep benchmark over the storage benchmark's database (100,000 tasks over 500 units, two years).

    python bench/reminders.py [--tasks 100000] [--units 500] [--db PATH] [--keep]

Fills the database with bench/storage.py's filler (or reuses --db if it already holds tasks), adds an
office clerk, then times `run_reminder_sweep` at 08:00 on a working morning: the first sweep (every
catch-up due that morning), the next minute's sweep (the steady state: nothing new, what runs every
minute), a sweep outside the window, and the read-only preview of `dondoc reminders --at`.
Prints load / plan / enqueue / total per sweep.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _db import database_arguments, fill_unless_filled, storage_bench  # noqa: E402 - after the sys.path line

from bot.config import Settings  # noqa: E402 - after the sys.path line
from bot.services.reminders import SweepGate, SweepResult, preview_sweep, run_reminder_sweep  # noqa: E402 - after the sys.path line
from messages.render import render  # noqa: E402 - after the sys.path line
from storage.db import open_database  # noqa: E402 - after the sys.path line
from storage.repositories import FIRST_TENANT, Deployment, Repositories  # noqa: E402 - after the sys.path line


def show(label: str, result: SweepResult, total_ms: float) -> None:
    t = result.timings
    items = sum(len(m.items) for m in result.messages)
    print(f"  {label:<34} load {t.get('load', 0):7.1f} ms  plan {t.get('plan', 0):7.1f} ms"
          f"  enqueue {t.get('enqueue', 0):7.1f} ms  total {total_ms:7.1f} ms"
          f"  | {result.subjects:,} open assignments, {len(result.messages):,} messages,"
          f" {items:,} items, {len(result.recorded):,} recorded")


async def timed(label: str, call) -> SweepResult:
    started = time.perf_counter()
    result = await call()
    show(label, result, (time.perf_counter() - started) * 1000)
    return result


async def gate_sweep(gate: SweepGate, repos: Repositories, settings: Settings, now) -> SweepResult:
    result = await gate.sweep(repos, settings, now, render)
    assert result is not None
    return result


async def main() -> None:
    args = database_arguments(__doc__.splitlines()[0])
    bench = storage_bench()
    workdir = None if args.db else tempfile.mkdtemp(prefix="dondoc-bench-reminders-")
    path = args.db or Path(workdir) / "bench.sqlite3"
    await fill_unless_filled(path, bench, args)

    settings = Settings(_env_file=None, db_path=path)
    db = await open_database(path)
    repos = Repositories(db, FIRST_TENANT, tz=settings.tz)
    now = bench.NOW  # 08:00 in Hà Nội on a Tuesday
    clerk = await repos.people.upsert_from_telegram(99_999, 99_999, "Văn phòng", now)
    await repos.roles.grant(clerk.id, "office", granted_by=None, now=now)
    # A fresh morning every run, so a reused database measures the same catch-up.
    async with db.transaction():
        await db.execute("DELETE FROM reminders_sent")
        await db.execute("DELETE FROM outbox WHERE key LIKE 'remind:%' OR key LIKE 'escalate:%'")

    print("reminder sweep (run_reminder_sweep):")
    await timed("first sweep of the morning", lambda: run_reminder_sweep(repos, settings, now, render))
    await timed("next minute (nothing new)",
                lambda: run_reminder_sweep(repos, settings, now + timedelta(minutes=1), render))
    gate = SweepGate()
    await timed("job's gate: first call sweeps",
                lambda: gate_sweep(gate, repos, settings, now + timedelta(minutes=2)))
    started = time.perf_counter()
    skipped = await gate.sweep(repos, settings, now + timedelta(minutes=3), render)
    elapsed = (time.perf_counter() - started) * 1000
    label = "job minute, nothing changed (gate)"
    print(f"  {label:<34} total {elapsed:7.1f} ms  | swept: {skipped is not None}")
    await timed("outside the window (19:00)",
                lambda: run_reminder_sweep(repos, settings, now + timedelta(hours=11), render))
    await timed("preview (dondoc reminders --at)",
                lambda: preview_sweep(repos, settings, now + timedelta(days=1), render))
    pending = await Deployment(repos.db).outbox.pending_count()
    print(f"outbox rows pending after the sweeps: {pending:,}")
    await db.close()
    if workdir and not args.keep:
        shutil.rmtree(workdir)


if __name__ == "__main__":
    asyncio.run(main())
