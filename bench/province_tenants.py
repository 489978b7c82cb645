"""A province on PostgreSQL (issue 12): 100 committees x 40 units x 10,000 tasks (1,000,000 tasks, one
lead assignment each), and what its committees ask of it every minute and on demand.

Not a test: it prints figures. Measured with the bot's own code over its own Database (asyncpg), each
with wall time and this process's CPU time (the server's CPU is not in it), min-max (median) over
--runs runs after one warm-up, beside a plain indexed count in the same run:

- the minute reminder sweep across all committees when nothing is due: what bot.jobs.reminder_job does
  (bot.jobs.sweep_tenants: which committees have anything due, then each one's policy, its SweepGate,
  run_reminder_sweep where the gate lets it through), once with the gates settled (the steady state,
  the minute job: nothing due, no committee swept), once with every gate new (the first minute after a
  start: a committee whose schedule was planned with its policy of today and has nothing due is not
  swept); goal <= 100 ms;
- one committee's /tonghop for all its units: build_digest + digest_messages, as bot.handlers.digest;
  goal <= 200 ms.

    python bench/province_tenants.py [--server URL] [--db URL] [--keep] [--tenants 100] [--units 40]
                                     [--tasks 10000] [--runs 5]

Without --db it creates a database with a unique name on --server (default postgresql://postgres@
127.0.0.1:5432/postgres), fills it with set-based SQL (INSERT ... SELECT generate_series, triggers off
while filling: the per-row triggers' work is written directly) and drops it at the end unless --keep.
--db reuses a database this script filled (it says so). bench/province.py calls `province_tenants()`.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.config import Settings  # noqa: E402 - after the path set-up above
from bot.jobs import TenantSweeps, sweep_tenants  # noqa: E402
from bot.services.digest import build_digest  # noqa: E402
from bot.services.digest_messages import digest_messages  # noqa: E402
from bot.services.digest_target import digest_period, resolve_target  # noqa: E402
from bot.services.reminders import schedule_fingerprint, work_calendar  # noqa: E402
from messages.render import render  # noqa: E402
from storage.db import Database, open_database  # noqa: E402
from storage.repositories import Deployment, Repositories  # noqa: E402

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
# a Thursday, 10:00 in Hà Nội: inside the reminder window, on a working day
NOW = datetime(2026, 12, 3, 3, 0, tzinfo=UTC)
NOTICES_PER_TENANT_SHARE = 100  # tasks per notice
SWEEP_GOAL_MS = 100.0
TONGHOP_GOAL_MS = 200.0


@dataclass
class Timed:
    wall_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)

    def line(self, label: str, goal_ms: float | None = None) -> str:
        def span(values: list[float]) -> str:
            return f"{min(values):.1f}-{max(values):.1f} ms (median {statistics.median(values):.1f})"
        verdict = "" if goal_ms is None else (
            f"  goal <= {goal_ms:.0f} ms: {'met' if max(self.wall_ms) <= goal_ms else 'NOT met'}")
        return f"{label}: wall {span(self.wall_ms)}, process CPU {span(self.cpu_ms)}{verdict}"


@dataclass
class TenantFigures:
    tenants: int
    units: int
    tasks: int
    fill_s: float | None
    baseline: Timed
    sweep_open: Timed
    sweep_settled: Timed
    tonghop: Timed
    due_tenants: Timed
    tonghop_tenant: int

    def lines(self) -> list[str]:
        filled = "reused" if self.fill_s is None else f"filled in {self.fill_s:.0f} s"
        return [
            f"province: {self.tenants} committees x {self.units} units x {self.tasks:,} tasks"
            f" = {self.tenants * self.tasks:,} tasks, one lead assignment each ({filled})",
            self.baseline.line("baseline, one indexed COUNT(*) of a committee's new assignments"),
            self.sweep_settled.line(f"minute reminder job, {self.tenants} committees, gates settled",
                                    SWEEP_GOAL_MS),
            self.sweep_open.line(f"first minute reminder job after a start, {self.tenants} committees, every"
                                 " gate new"),
            self.due_tenants.line("the read across all committees: which have anything to plan or due"
                                  " (tenants.reminders_due)", SWEEP_GOAL_MS),
            self.tonghop.line(f"/tonghop all units of committee {self.tonghop_tenant}, built and rendered",
                              TONGHOP_GOAL_MS),
        ]


async def _timed(into: Timed, work: Callable[[], Awaitable[object]]) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    await work()
    into.wall_ms.append((time.perf_counter() - wall) * 1000)
    into.cpu_ms.append((time.process_time() - cpu) * 1000)


# --- the database -----------------------------------------------------------------------------------

def _with_database(url: str, name: str) -> str:
    return f"{url.rpartition('/')[0]}/{name}"


async def _admin(server: str, statement: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(server.replace("postgresql+asyncpg://", "postgresql://"), timeout=10)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


def _stamp(sql_time: str) -> str:
    """SQL for the stored UTC text of a timestamptz expression (YYYY-MM-DDTHH:MM:SS.ffffff+00:00)."""
    return f"to_char(({sql_time}) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"')"


async def fill(db: Database, *, tenants: int, units: int, tasks: int, fingerprint: str) -> None:
    """Every row in a handful of INSERT ... SELECT statements on one connection, triggers and foreign key
    checks off (session_replication_role = replica) for the fill only: what the triggers would write
    (each task's state, from migration 0009 on) is written directly."""
    notices = max(1, tasks // NOTICES_PER_TENANT_SHARE)
    now = f"TIMESTAMPTZ '{NOW.isoformat()}'"
    stamp = _stamp(now)
    today = f"DATE '{NOW.date().isoformat()}'"
    task_columns = {row[0] for row in await db.fetch_all(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
        " AND table_name = 'tasks'")}
    # task k of a committee: its deadline is spread over a year around today; 6 in 10 are done (most on
    # time), the others open in three states; nothing open is due before tomorrow
    k = "s.k"
    offset = f"((({k}) * 7919) % 360 - 180)"
    done = f"(({k}) % 10 < 6)"
    deadline = f"to_char({today} + {offset}, 'YYYY-MM-DD')"
    done_on = f"CASE WHEN {done} THEN to_char({today} + LEAST({offset} - ({k}) % 5 + 2, 0), 'YYYY-MM-DD') END"
    status = (f"CASE WHEN {done} THEN 'done' WHEN ({k}) % 10 = 6 THEN 'new'"
              f" WHEN ({k}) % 10 = 7 THEN 'acknowledged' ELSE 'in_progress' END")
    # an open task's next reminder moment: tomorrow 08:00 local at the earliest, up to a month later
    next_moment = _stamp(f"{now} + interval '1 day' * (1 + s.k % 30) - interval '2 hours'")
    state = ""
    state_values = ""
    if "state_assignments" in task_columns:  # migration 0009: each task's state, kept by triggers
        state = (", state_assignments, state_open, state_deadline, state_done_on, open_assignments,"
                 " latest_done_on")
        state_values = (f", 1, CASE WHEN {done} THEN 0 ELSE 1 END, {deadline}, {done_on},"
                        f" CASE WHEN {done} THEN 0 ELSE 1 END, {done_on}")
    statements = [
        "SET session_replication_role = replica",
        "UPDATE tenants SET name = 'UBND xã 1', kind = 'commune' WHERE id = 1",
        f"INSERT INTO tenants (id, name, kind, settings, created_at, updated_at)"
        f" SELECT t, 'UBND xã ' || t, 'commune', '{{}}', {stamp}, {stamp}"
        f" FROM generate_series(2, {tenants}) t",
        f"INSERT INTO units (id, tenant_id, name, name_key, kind, created_at, updated_at)"
        f" SELECT (t - 1) * {units} + u, t, 'Phòng số ' || u, 'phong so ' || u, 'department',"
        f" {stamp}, {stamp}"
        f" FROM generate_series(1, {tenants}) t, generate_series(1, {units}) u",
        # a head per unit (person id = unit id), then an office clerk per committee
        f"INSERT INTO people (id, telegram_user_id, chat_id, display_name, created_at, updated_at)"
        f" SELECT i, 900000000 + i, 900000000 + i, 'Cán bộ ' || i, {stamp}, {stamp}"
        f" FROM generate_series(1, {tenants * units + tenants}) i",
        f"INSERT INTO roles (tenant_id, person_id, role, unit_id, granted_at)"
        f" SELECT (i - 1) / {units} + 1, i, 'head', i, {stamp} FROM generate_series(1, {tenants * units}) i",
        f"INSERT INTO roles (tenant_id, person_id, role, granted_at)"
        f" SELECT t, {tenants * units} + t, 'office', {stamp} FROM generate_series(1, {tenants}) t",
        f"INSERT INTO notices (id, tenant_id, number, issuer, title, kind, status, created_at, updated_at,"
        f" published_at, issued_on)"
        f" SELECT (t - 1) * {notices} + n, t, n || '/TB-UBND', 'UBND xã ' || t, 'Kết luận số ' || n,"
        f" 'conclusion', 'published', {stamp}, {stamp}, {stamp}, to_char({today} - 200 + n, 'YYYY-MM-DD')"
        f" FROM generate_series(1, {tenants}) t, generate_series(1, {notices}) n",
        f"INSERT INTO tasks (id, tenant_id, notice_id, position, text, deadline{state})"
        f" SELECT (t - 1) * {tasks} + s.k, t, (t - 1) * {notices} + (s.k - 1) % {notices} + 1,"
        f" (s.k - 1) / {notices} + 1, 'Nhiệm vụ số ' || s.k || ' của xã ' || t, {deadline}{state_values}"
        f" FROM generate_series(1, {tenants}) t, generate_series(1, {tasks}) s(k)",
        f"INSERT INTO assignments (id, tenant_id, task_id, unit_id, role, status, percent, deadline, done_at,"
        f" done_on, next_reminder_at, created_at, updated_at)"
        f" SELECT (t - 1) * {tasks} + s.k, t, (t - 1) * {tasks} + s.k,"
        f" (t - 1) * {units} + (s.k - 1) % {units} + 1,"
        f" 'lead', {status}, CASE WHEN {done} THEN 100 ELSE (s.k % 9) * 10 END, {deadline},"
        f" CASE WHEN {done} THEN {stamp} END, {done_on},"
        f" CASE WHEN NOT {done} THEN {next_moment} END, {stamp}, {stamp}"
        f" FROM generate_series(1, {tenants}) t, generate_series(1, {tasks}) s(k)",
        f"INSERT INTO reminder_schedule (tenant_id, fingerprint)"
        f" SELECT t, '{fingerprint.replace(chr(39), chr(39) * 2)}' FROM generate_series(1, {tenants}) t",
        "SET session_replication_role = DEFAULT",
    ]
    for table in ("tenants", "units", "people", "notices", "tasks", "assignments"):
        statements.append(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
    async with db.transaction():
        for statement in statements:
            await db.execute(statement)
    # as autovacuum would leave it: statistics, and the visibility map index-only scans rely on
    await db.execute("VACUUM ANALYZE")


# --- the measurements ---------------------------------------------------------------------------------

async def measure(db: Database, *, runs: int, settings: Settings
                  ) -> tuple[Timed, Timed, Timed, Timed, Timed, int]:
    deployment = Deployment(db)
    tenants = await deployment.tenants.all()
    middle = tenants[len(tenants) // 2].id
    baseline, sweep_open, sweep_settled, tonghop, due = Timed(), Timed(), Timed(), Timed(), Timed()
    settled = TenantSweeps()

    async def count() -> None:
        await db.fetch_value(
            "SELECT COUNT(*) FROM assignments WHERE tenant_id = ? AND status = 'new'", (middle,))

    def repos_for(tenant_id: int) -> Repositories:
        return Repositories(db, tenant_id, tz=settings.tz)

    async def sweep(sweeps: TenantSweeps) -> None:
        # bot.jobs.reminder_job without the drain (nothing is due, nothing is sent)
        results = await sweep_tenants(deployment, sweeps, settings, NOW, render, repos_for=repos_for)
        sent = sum(len(result.messages) for result in results.values())
        assert sent == 0, f"{sent} reminders were due: the fill is not what this bench measures"

    async def digest() -> None:
        repos = deployment.repos(middle)
        today = NOW.astimezone(settings.tz).date()
        target = await resolve_target(repos, "")
        start, end = digest_period(target, today, settings.tz)
        built = await build_digest(repos, today=today, period_start=start, period_end=end,
                                   calendar=await work_calendar(repos, settings), policy=settings.reminders)
        digest_messages(render, "digest.html.j2", digest=built)

    await sweep(settled)  # the first sweep after a start: every gate opens once
    for index in range(runs + 1):  # the first round warms up (prepared statements, templates)
        round_ = [Timed() for _ in range(5)]
        await _timed(round_[0], count)
        await _timed(round_[1], lambda: sweep(TenantSweeps()))
        await _timed(round_[2], lambda: sweep(settled))
        await _timed(round_[3], digest)
        await _timed(round_[4], lambda: deployment.tenants.reminders_due(NOW))
        if index:
            for into, taken in zip((baseline, sweep_open, sweep_settled, tonghop, due), round_, strict=True):
                into.wall_ms += taken.wall_ms
                into.cpu_ms += taken.cpu_ms
    return baseline, sweep_open, sweep_settled, tonghop, due, middle


async def _province_tenants(server: str, db_url: str | None, *, tenants: int, units: int, tasks: int,
                            runs: int, keep: bool) -> TenantFigures:
    settings = Settings(_env_file=None)
    created = None
    if db_url is None:
        created = f"dondoc_province_tenants_{uuid.uuid4().hex[:10]}"
        await _admin(server, f'CREATE DATABASE "{created}"')
        db_url = _with_database(server, created)
    try:
        db = await open_database(db_url, migrate=True)
        try:
            fill_s = None
            filled = await db.fetch_value("SELECT COUNT(*) FROM tasks")
            if filled:
                tenants = int(await db.fetch_value("SELECT COUNT(*) FROM tenants"))
                units = int(await db.fetch_value("SELECT COUNT(*) FROM units")) // tenants
                tasks = int(filled) // tenants
            else:
                started = time.perf_counter()
                await fill(db, tenants=tenants, units=units, tasks=tasks,
                           fingerprint=schedule_fingerprint(settings))
                fill_s = time.perf_counter() - started
            figures = await measure(db, runs=runs, settings=settings)
        finally:
            await db.close()
    finally:
        if created is not None:
            if keep:
                print(f"kept: {db_url}")
            else:
                await _admin(server, f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)')
    return TenantFigures(tenants, units, tasks, fill_s, *figures)


def province_tenants(server: str = DEFAULT_SERVER, db_url: str | None = None, *, tenants: int = 100,
                     units: int = 40, tasks: int = 10_000, runs: int = 5, keep: bool = False
                     ) -> TenantFigures:
    """The figures, for bench/province.py (on a loop of its own: call it from plain code)."""
    return asyncio.run(_province_tenants(server, db_url, tenants=tenants, units=units, tasks=tasks, runs=runs,
                                         keep=keep))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--server", default=DEFAULT_SERVER, help="where to create the database")
    parser.add_argument("--db", default=None, help="a database this script filled (kept with --keep)")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--tenants", type=int, default=100)
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--tasks", type=int, default=10_000, help="tasks per committee")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    try:
        figures = province_tenants(args.server, args.db, tenants=args.tenants, units=args.units,
                                   tasks=args.tasks, runs=max(3, args.runs), keep=args.keep)
    except OSError as error:
        print(f"province_tenants: PostgreSQL at {args.server} does not answer ({error}); nothing measured")
        return 0
    for line in figures.lines():
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

