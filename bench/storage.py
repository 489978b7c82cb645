"""Storage benchmark: fill a database the size of two busy years and time the queries the reminder sweep,
the outbox sender and the chairman's digest run.

    python bench/storage.py [--tasks 100000] [--units 500] [--db PATH] [--keep]

Bulk data goes in with plain executemany (the repositories would take minutes for 100,000 tasks); a sample of
notices is also saved through `notices.save_parsed` to time the real write path. Prints one line per query:
median and max over several runs, and how many rows it returned.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.parser.models import NoticeMeta, ParsedNotice, ParsedTask
from storage.db import open_database
from storage.models import NewOutboxMessage
from storage.repositories import FIRST_TENANT, Deployment, Repositories
from storage.repositories.assignments import OPEN_SQL
from storage.repositories.base import db_time, name_key

START = date(2025, 1, 1)
TODAY = date(2026, 12, 15)
NOW = datetime(2026, 12, 15, 1, 0, tzinfo=UTC)  # 08:00 in Hà Nội, the morning sweep
STAMP = db_time(NOW)


def t(value: date) -> str:
    return value.isoformat()


def fill(conn, n_tasks: int, n_units: int, rng: random.Random) -> dict[str, int]:
    conn.executemany(
        # every row is the one committee's (tenant 1, which every migrated database has)
        "INSERT INTO units (tenant_id, id, name, name_key, kind, created_at, updated_at)"
        " VALUES (1, ?, ?, ?, 'ward', ?, ?)",
        [(i, f"Đơn vị số {i}", name_key(f"Đơn vị số {i}"), STAMP, STAMP) for i in range(1, n_units + 1)],
    )
    conn.executemany(
        "INSERT INTO people (id, telegram_user_id, chat_id, display_name, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(i, 10_000 + i, 10_000 + i, f"Trưởng {i}", STAMP, STAMP) for i in range(1, n_units + 1)],
    )
    conn.executemany(
        "INSERT INTO roles (tenant_id, person_id, role, unit_id, granted_at) VALUES (1, ?, 'head', ?, ?)",
        [(i, i, STAMP) for i in range(1, n_units + 1)],
    )
    days = (TODAY - START).days
    n_notices = max(1, n_tasks // 100)
    notices, tasks, assignments, progress, outbox = [], [], [], [], []
    task_id = assignment_id = 0
    per_notice = n_tasks // n_notices
    for notice_id in range(1, n_notices + 1):
        issued = START + timedelta(days=days * (notice_id - 1) // n_notices)
        published = datetime.combine(issued, datetime.min.time(), UTC) + timedelta(hours=3)
        notices.append(
            (
                notice_id,
                f"{notice_id}/TB-UBND",
                "UBND phường",
                f"Thông báo {notice_id}",
                t(issued),
                "conclusion",
                f"sha{notice_id}",
                "x" * 2000,
                "published",
                STAMP,
                STAMP,
                db_time(published),
            )
        )
        count = per_notice + (1 if notice_id <= n_tasks - per_notice * n_notices else 0)
        for position in range(1, count + 1):
            task_id += 1
            deadline = None if rng.random() < 0.1 else issued + timedelta(days=rng.randint(3, 120))
            recurrence = "monthly" if rng.random() < 0.03 else None
            tasks.append(
                (
                    task_id,
                    notice_id,
                    position,
                    f"Nhiệm vụ {task_id}: " + "nội dung " * 20,
                    t(deadline) if deadline else None,
                    recurrence,
                )
            )
            units = rng.sample(range(1, n_units + 1), 1 + rng.choice((0, 0, 1, 2)))
            for k, unit_id in enumerate(units):
                assignment_id += 1
                status, done_on = "new", None
                past = deadline is not None and deadline < TODAY
                roll = rng.random()
                if (past and roll < 0.85) or (not past and roll < 0.2):
                    status = "done"
                    base = deadline or issued + timedelta(days=30)
                    done_on = min(TODAY, base + timedelta(days=rng.randint(-10, 8)))
                elif roll < 0.9:
                    status = rng.choice(("acknowledged", "in_progress"))
                last_progress = None
                if status in ("in_progress", "done"):
                    last_progress = db_time(published + timedelta(days=rng.randint(1, 60)))
                    progress.append((assignment_id, unit_id, "Đã triển khai", 50, "[]", last_progress))
                assignments.append(
                    (
                        assignment_id,
                        task_id,
                        unit_id,
                        "lead" if k == 0 else "coordinate",
                        status,
                        100 if status == "done" else 0,
                        t(deadline) if deadline else None,
                        t(done_on) if done_on else None,
                        last_progress,
                        STAMP,
                        STAMP,
                    )
                )
                outbox.append(
                    (
                        f"deliver:{notice_id}:{unit_id}:{assignment_id}",
                        10_000 + unit_id,
                        "notice",
                        json.dumps({"text": "x" * 300}),
                        "sent",
                        db_time(published),
                        STAMP,
                    )
                )
    conn.executemany(
        "INSERT INTO notices (tenant_id, id, number, issuer, title, issued_on, kind, source_sha256, text,"
        " status, created_at, updated_at, published_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        notices,
    )
    conn.executemany(
        "INSERT INTO tasks (tenant_id, id, notice_id, position, text, deadline, recurrence)"
        " VALUES (1, ?, ?, ?, ?, ?, ?)",
        tasks,
    )
    conn.executemany(
        "INSERT INTO assignments (tenant_id, id, task_id, unit_id, role, status, percent, deadline, done_on,"
        " last_progress_at, created_at, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        assignments,
    )
    conn.executemany(
        "INSERT INTO progress (tenant_id, assignment_id, author_id, text, percent, file_ids, created_at)"
        " VALUES (1, ?, ?, ?, ?, ?, ?)",
        progress,
    )
    conn.executemany(
        "INSERT INTO outbox (tenant_id, key, chat_id, kind, payload, status, next_attempt_at, created_at)"
        " VALUES (1, ?, ?, ?, ?, ?, ?, ?)",
        outbox,
    )
    conn.commit()
    return {
        "units": n_units,
        "notices": n_notices,
        "tasks": task_id,
        "assignments": assignment_id,
        "progress": len(progress),
        "outbox": len(outbox),
    }


async def timed(label: str, make_call, runs: int = 5) -> None:
    times, rows = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = await make_call()
        times.append((time.perf_counter() - started) * 1000)
        rows = len(result) if isinstance(result, list) else result
    print(f"  {label:<58} median {statistics.median(times):8.1f} ms   max {max(times):8.1f} ms   -> {rows}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--db", type=Path, default=None, help="database file (default: a temporary file)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    workdir = None if args.db else tempfile.mkdtemp(prefix="dondoc-bench-")
    path = args.db or Path(workdir) / "bench.sqlite3"
    path.unlink(missing_ok=True)

    await (await open_database(path, migrate=True)).close()
    started = time.perf_counter()
    with sqlite3.connect(path) as conn:
        counts = fill(conn, args.tasks, args.units, random.Random(args.seed))
        conn.execute("ANALYZE")
    conn.close()
    db = await open_database(path)
    repos = Repositories(db, FIRST_TENANT)
    print(
        f"filled {path} in {time.perf_counter() - started:.1f} s: "
        + ", ".join(f"{v:,} {k}" for k, v in counts.items())
    )

    # the real write path: a 40-task notice saved, then published with its deliveries enqueued
    ids = await repos.units.ids_by_name()
    parsed = ParsedNotice(
        notice=NoticeMeta(number="999/TB-UBND"),
        tasks=[
            ParsedTask(
                text=f"Nhiệm vụ mẫu {i}",
                units=[f"Đơn vị số {i + 1}"],
                coordinators=[f"Đơn vị số {i + 2}"],
                deadline=TODAY + timedelta(days=10),
            )
            for i in range(40)
        ],
    )
    started = time.perf_counter()
    notice = await repos.notices.save_parsed(
        parsed,
        created_by=1,
        source_name="b.docx",
        source_sha256="bench",
        source_file_id=None,
        text="x",
        unit_ids_by_name=ids,
        now=NOW,
    )
    saved_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    async with db.transaction():
        await repos.notices.publish(notice.id, NOW)
        items = [
            NewOutboxMessage(
                key=f"deliver:bench:{a.id}",
                chat_id=10_000 + a.unit_id,
                kind="notice",
                payload={"text": "x" * 300},
            )
            for a in await repos.assignments.for_notice(notice.id)
        ]
        await repos.outbox.enqueue_many(items, NOW)
    print(
        f"write path: save_parsed(40 tasks, 80 assignments) {saved_ms:.1f} ms; "
        f"publish + enqueue {len(items)} deliveries {(time.perf_counter() - started) * 1000:.1f} ms"
    )

    print("reminder sweep:")
    a = repos.assignments
    await timed("assignments.overdue(today)", lambda: a.overdue(TODAY))
    for days in (0, 1, 3, 7):
        day = TODAY + timedelta(days=days)
        await timed(f"assignments.due_between(+{days}d, +{days}d)", lambda day=day: a.due_between(day, day))
    await timed(
        "assignments.open_without_progress_since(now - 14 d)",
        lambda: a.open_without_progress_since(NOW - timedelta(days=14)),
    )
    await timed(
        "assignments.open_published(recurring_only=True)", lambda: a.open_published(recurring_only=True)
    )
    await timed("reminders.record(...) x100 in one transaction", lambda: record_many(repos, 100))
    print("outbox sender:")
    await timed(
        "outbox.claim_due(now, 30, 60)",
        lambda: Deployment(repos.db).outbox.claim_due(NOW + timedelta(hours=1), 30, 60)
    )
    await timed("outbox.pending_count()", Deployment(repos.db).outbox.pending_count)
    print("digest:")
    week = (TODAY - timedelta(days=7), TODAY - timedelta(days=1))
    await timed("assignments.digest_counts(past week, all units)", lambda: a.digest_counts(*week, TODAY))
    await timed(
        "assignments.digest_counts(year, all units)", lambda: a.digest_counts(date(2026, 1, 1), TODAY, TODAY)
    )
    await timed(
        "assignments.digest_counts(past week, one unit)", lambda: a.digest_counts(*week, TODAY, unit_id=17)
    )
    await timed(
        "assignments.digest_counts(one notice)",
        lambda: a.digest_counts(None, TODAY, TODAY, notice_id=counts["notices"] - 3),
    )
    await timed(
        "assignments.due_between(today, today + 7)", lambda: a.due_between(TODAY, TODAY + timedelta(7))
    )
    await timed("assignments.not_acknowledged()", a.not_acknowledged)
    await timed("assignments.for_person(head) (/viec)", lambda: a.for_person(17))
    await timed("assignments.for_unit(unit, open_only=False)", lambda: a.for_unit(17, open_only=False))
    plan = await db.fetch_all(
        "EXPLAIN QUERY PLAN SELECT a.id FROM assignments a CROSS JOIN tasks t ON t.id = a.task_id"
        f" JOIN notices n ON n.id = t.notice_id WHERE a.tenant_id = 1 AND {OPEN_SQL} AND a.deadline < ?"
        " AND n.status = 'published'",
        (TODAY.isoformat(),),
    )
    print("overdue plan: " + " | ".join(row["detail"] for row in plan))
    await db.close()
    size = path.stat().st_size + sum(p.stat().st_size for p in path.parent.glob(path.name + "-*"))
    print(f"file size: {path.stat().st_size / 1e6:.1f} MB (with WAL/SHM: {size / 1e6:.1f} MB)")
    if workdir and not args.keep:
        shutil.rmtree(workdir)


async def record_many(repos: Repositories, n: int) -> int:
    record_many.round = getattr(record_many, "round", 0) + 1
    async with repos.db.transaction():
        for i in range(1, n + 1):
            await repos.reminders.record(i, "overdue", f"r{record_many.round}", NOW)
    return n


if __name__ == "__main__":
    asyncio.run(main())
