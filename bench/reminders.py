"""Reminder sweep benchmark over the storage benchmark's database (100,000 tasks over 500 units, two years).

    python bench/reminders.py [--tasks 100000] [--units 500] [--db PATH] [--keep]

Fills the database with bench/storage.py's filler (or reuses --db if it already holds tasks), adds an
office clerk, then times `run_reminder_sweep` at 08:00 on a working morning: the first sweep (every
catch-up due that morning), the next minute's sweep (the steady state: nothing new, what runs every
minute), a sweep outside the window, and the read-only preview of `dondoc reminders --at`.
Prints load / plan / enqueue / total per sweep.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.config import Settings  # noqa: E402 - after the sys.path line
from bot.services.reminders import SweepGate, SweepResult, preview_sweep, run_reminder_sweep  # noqa: E402 - after the sys.path line
from messages.render import render  # noqa: E402 - after the sys.path line
from storage.db import open_database  # noqa: E402 - after the sys.path line
from storage.repositories import Repositories  # noqa: E402 - after the sys.path line


def _storage_bench():
    # bench/storage.py shares its name with the `storage` package: load it by path.
    spec = importlib.util.spec_from_file_location("bench_storage", ROOT / "bench" / "storage.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--db", type=Path, default=None, help="database file (reused if already filled)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    bench = _storage_bench()
    workdir = None if args.db else tempfile.mkdtemp(prefix="dondoc-bench-reminders-")
    path = args.db or Path(workdir) / "bench.sqlite3"

    db = await open_database(path, migrate=True)
    filled = await db.fetch_value("SELECT COUNT(*) FROM tasks")
    await db.close()
    if filled:
        print(f"reusing {path}: {filled:,} tasks")
    else:
        started = time.perf_counter()
        with sqlite3.connect(path) as conn:
            counts = bench.fill(conn, args.tasks, args.units, random.Random(args.seed))
            conn.execute("ANALYZE")
        conn.close()
        print(f"filled {path} in {time.perf_counter() - started:.1f} s: "
              + ", ".join(f"{v:,} {k}" for k, v in counts.items()))

    settings = Settings(_env_file=None, db_path=path)
    db = await open_database(path)
    repos = Repositories(db, tz=settings.tz)
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
    pending = await repos.outbox.pending_count()
    print(f"outbox rows pending after the sweeps: {pending:,}")
    await db.close()
    if workdir and not args.keep:
        shutil.rmtree(workdir)


if __name__ == "__main__":
    asyncio.run(main())
