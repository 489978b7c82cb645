"""Engine benchmark at 100,000 tasks (issue 11): the minute sweep, the morning, /tonghop, RSS of a real bot.

    [ENGINE_RUNS=5] python bench/engine.py [--tasks 100000] [--units 500] [--db PATH] [--keep]

Builds the storage bench's database (or reuses --db if it already holds tasks) and works on a copy, so
every run starts from the same state. Each figure is printed with the process CPU time beside the wall
time, next to a baseline measured in the same run (a plain indexed count), because the machine is shared:
- sweep, something changed, nothing due: one assignment acknowledged, then the job's gated sweep;
- the morning: the next working day's 08:00 sweep, when some thousands of reminders fall due;
- /tonghop for all units, built and rendered as text;
- RSS of `dondoc run` (a subprocess against the fake Bot API) after its first sweep and a /tonghop.
The broadcast and button-press figures come from bench/engine_broadcast.py and bench/engine_press.py
when those exist (`n/a` otherwise). The last line sums it up in a fixed format.
"""

from __future__ import annotations

import asyncio
import inspect
import math
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _db import database_arguments, fill_unless_filled, storage_bench  # noqa: E402 - after the sys.path line

from bot.config import ReminderPolicy, Settings  # noqa: E402 - after the sys.path line
from bot.services.digest import build_digest  # noqa: E402 - after the sys.path line
from bot.services.digest_messages import digest_messages  # noqa: E402 - after the sys.path line
from bot.services.reminders import SweepGate, run_reminder_sweep  # noqa: E402 - after the sys.path line
from bot.testing import FakeBotApi, FakeUser  # noqa: E402 - after the sys.path line
from bot.testing.process import bot_env  # noqa: E402 - after the sys.path line
from messages.render import render  # noqa: E402 - after the sys.path line
from storage.db import open_database  # noqa: E402 - after the sys.path line
from storage.repositories import FIRST_TENANT, Repositories  # noqa: E402 - after the sys.path line

TOKEN = "123456:ENGINE-BENCH"
OFFICE_USER = 99_999
WAIT = 600.0  # generous ceiling for the real bot's answers
FIRST_SWEEP_SECONDS = 12.0  # bot.jobs runs the first sweep 10 s after the start
WHOLE_DAY = ReminderPolicy(window_start=clock(0, 0), window_end=clock(23, 59, 59))


class Timed:
    """Wall and process CPU milliseconds of one awaited call."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    async def run(self, call: Callable[[], Awaitable[Any]]) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        result = await call()
        self.cpu.append((time.process_time() - cpu) * 1000)
        self.wall.append((time.perf_counter() - wall) * 1000)
        return result

    def line(self, label: str, baseline: Timed, detail: str = "") -> str:
        def span(values: list[float]) -> str:
            return f"{statistics.median(values):8.1f} ms ({min(values):.1f}-{max(values):.1f})"
        return (f"  {label:<40} wall {span(self.wall)}  cpu {span(self.cpu)}"
                f"  | baseline count {statistics.median(baseline.wall):.2f} ms  {detail}")


async def baseline(db: Any) -> Timed:
    timed = Timed()
    for _ in range(5):
        await timed.run(lambda: db.fetch_value("SELECT COUNT(*) FROM assignments WHERE status = 'new'"))
    return timed


def copy_database(source: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


async def in_process(path: Path, bench: Any, runs: int) -> tuple[float, float]:
    settings = Settings(_env_file=None, db_path=path)
    db = await open_database(path, migrate=True)
    repos = Repositories(db, FIRST_TENANT, tz=settings.tz)
    now: datetime = bench.NOW  # 08:00 in Hà Nội on a Tuesday
    clerk = await repos.people.upsert_from_telegram(OFFICE_USER, OFFICE_USER, "Văn phòng", now)
    await repos.roles.grant(clerk.id, "office", granted_by=None, now=now)

    gate = SweepGate()
    first = Timed()
    recorded, minute = 0, now
    while True:  # a catch-up bigger than one sweep takes goes on minute after minute
        result = await first.run(lambda minute=minute: gate.sweep(repos, settings, minute, render))
        recorded += len(result.recorded) if result else 0
        if result is None or not result.more:
            break
        minute += timedelta(minutes=1)
    print(first.line(f"catch-up: {len(first.wall)} sweep(s)", await baseline(db), f"{recorded:,} recorded"))
    now = minute

    fresh = [row["id"] for row in await db.fetch_all(
        "SELECT a.id FROM assignments a WHERE a.status = 'new' AND a.withdrawn_at IS NULL LIMIT ?", (runs,))]
    sweep = Timed()
    for i, assignment_id in enumerate(fresh, start=1):
        moment = now + timedelta(minutes=i)
        await repos.assignments.acknowledge(assignment_id, clerk.id, moment)
        result = await sweep.run(lambda moment=moment: gate.sweep(repos, settings, moment, render))
        assert result is not None, "the gate must reopen after a change"
    print(sweep.line("sweep: one change, nothing due", await baseline(db)))

    morning_at = datetime.combine(bench.TODAY + timedelta(days=1), datetime.min.time(), settings.tz).replace(
        hour=8)
    morning = Timed()
    items = messages = 0
    while True:
        result = await morning.run(lambda at=morning_at: run_reminder_sweep(repos, settings, at, render))
        items += sum(len(m.items) for m in result.messages)
        messages += len(result.messages)
        if not result.more:
            break
        morning_at += timedelta(minutes=1)
    print(morning.line(f"the next morning (08:00): {len(morning.wall)} sweep(s)", await baseline(db),
                       f"{items:,} reminders in {messages:,} messages"))

    today = bench.TODAY
    digest = Timed()
    texts: list[str] = []
    for _ in range(runs):
        async def tonghop() -> list[str]:
            built = await build_digest(repos, today=today, period_start=today.replace(day=1),
                                       period_end=today)
            return digest_messages(render, "digest.html.j2", digest=built)
        texts = await digest.run(tonghop)
    print(digest.line("/tonghop all units, as text", await baseline(db),
                      f"{len(texts)} message(s), {sum(map(len, texts)):,} chars"))
    await db.close()
    return statistics.median(sweep.wall), statistics.median(digest.wall)


def _rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident set size of a process, in MB, from /proc."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        fields[name] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            children = (task / "children").read_text().split() if (task / "children").exists() else []
            found += [int(child) for child in children]
            todo += [int(child) for child in children]
    return found


def _tree_rss_mb(pid: int) -> tuple[float, float]:
    """(current, sum of peaks) over the process and the worker processes it started (sweeps, digests)."""
    current = peak = 0.0
    for member in [pid, *_descendants(pid)]:
        try:
            now, most = _rss_mb(member)
        except (FileNotFoundError, ProcessLookupError):
            continue
        current, peak = current + now, peak + most
    return current, peak


async def quiet_database(path: Path) -> None:
    """Bring the copy to where a bot that runs every day stands: today's reminders recorded and sent, so
    the bot's own first sweep is a minute's sweep and the reply to /tonghop is not queued behind them."""
    now = datetime.now(UTC)
    settings = Settings(_env_file=None, db_path=path, reminders=WHOLE_DAY)
    db = await open_database(path, migrate=True)
    repos = Repositories(db, FIRST_TENANT, tz=settings.tz)
    clerk = await repos.people.upsert_from_telegram(OFFICE_USER, OFFICE_USER, "Văn phòng", now)
    await repos.roles.grant(clerk.id, "office", granted_by=None, now=now)
    while (await run_reminder_sweep(repos, settings, now, render)).more:
        now = datetime.now(UTC)
    async with db.transaction():
        await db.execute("UPDATE outbox SET status = 'sent', sent_at = ? WHERE status = 'pending'",
                         (now.isoformat(),))
    await db.close()


async def running_bot_rss(path: Path, workdir: Path) -> float:
    """Peak RSS of `dondoc run` after its first reminder sweep and a /tonghop for all units."""
    await quiet_database(path)
    async with FakeBotApi(token=TOKEN) as api:
        env = bot_env(api, token=TOKEN, home=workdir, db_path=path,
                      # The sweep runs whatever the hour of the bench: the window spans the whole day.
                      DONDOC_REMINDERS__WINDOW_START="00:00", DONDOC_REMINDERS__WINDOW_END="23:59:59")
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=workdir, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
        try:
            await api.until(lambda: api.requests("getUpdates"), within=WAIT)
            # The first sweep runs 10 s after the start: wait until RSS settles after it.
            await asyncio.sleep(FIRST_SWEEP_SECONDS)
            last, still = 0.0, 0
            while still < 6:
                await asyncio.sleep(0.5)
                current, _ = _rss_mb(process.pid)
                still = still + 1 if abs(current - last) < 1 else 0
                last = current
            after_sweep = _rss_mb(process.pid)
            office = FakeUser(id=OFFICE_USER, first_name="Văn phòng")
            mark = len(api.sent_messages(OFFICE_USER))
            started = time.perf_counter()
            api.push_update(api.text_message(office, "/tonghop"))
            await api.until(lambda: any("TỔNG HỢP" in message.get("text", "")
                                        for message in api.sent_messages(OFFICE_USER)[mark:]), within=WAIT)
            answered = time.perf_counter() - started
            current, peak = _rss_mb(process.pid)
            tree_current, tree_peak = _tree_rss_mb(process.pid)
            print(f"  dondoc run: RSS after its first sweep {after_sweep[0]:.0f} MB"
                  f" (peak {after_sweep[1]:.0f}); /tonghop answered in {answered:.1f} s;"
                  f" RSS after it {current:.0f} MB, peak {peak:.0f} MB;"
                  f" with its worker processes {tree_current:.0f} MB, peaks summed {tree_peak:.0f} MB")
            return peak
        finally:
            process.terminate()
            await asyncio.wait_for(process.communicate(), 60)


async def other_figure(module: str, function: str, path: Path) -> float:
    """A figure another bench script measures, or nan (`n/a`) when that script is not here."""
    try:
        measure = getattr(__import__(module), function)
    except (ImportError, AttributeError):
        print(f"  {module}.{function}: n/a")
        return math.nan
    # In a worker thread: such a function may run its own event loop (asyncio.run).
    value = await asyncio.to_thread(measure, str(path))
    if inspect.isawaitable(value):
        value = await value
    print(f"  {module}.{function}: {float(value):.1f}")
    return float(value)


async def main() -> None:
    args = database_arguments(__doc__.splitlines()[0])
    bench = storage_bench()
    workdir = Path(tempfile.mkdtemp(prefix="dondoc-bench-engine-"))
    path = args.db or workdir / "bench.sqlite3"
    await fill_unless_filled(path, bench, args)
    runs = int(os.environ.get("ENGINE_RUNS", "5"))
    try:
        work = workdir / "work.sqlite3"
        copy_database(path, work)
        print("in process (medians over runs, min-max in brackets):")
        sweep_ms, digest_ms = await in_process(work, bench, runs)
        copy_database(path, work)
        print("real bot:")
        rss = await running_bot_rss(work, workdir)
        copy_database(path, work)
        broadcast = await other_figure("engine_broadcast", "measure_broadcast", work)
        copy_database(path, work)
        press = await other_figure("engine_press", "measure_press_p95", work)
    finally:
        shutil.rmtree(workdir)
        if args.db is None and args.keep:
            print("--keep needs --db PATH to keep the database somewhere")
    print(f"tasks={args.tasks} sweep_ms={sweep_ms:.1f} digest_ms={digest_ms:.1f} rss_mb={rss:.0f}"
          f" broadcast_msg_s={broadcast:.1f} press_p95_ms={press:.1f}")


if __name__ == "__main__":
    asyncio.run(main())
