"""A province on PostgreSQL (issue 12's Benchmark), the parts about several workers:

- broadcast: two real `dondoc run --webhook` processes on one database drain a 2,000-head broadcast
  against the fake Bot API: messages per second together, duplicates, the worst sliding second;
- writer lock: what `Database.transaction()`'s advisory lock (one writer at a time across workers)
  costs a small read-then-write transaction, one at a time and 8 at once, against the same without it;
- pace: what reserving a send slot in the shared pace costs (one statement per message).

Each figure is printed beside a plain indexed count timed in the same run. Needs a PostgreSQL server
where it may create a database (dropped at the end):
    .venv/bin/python bench/province.py [--url postgresql://postgres@127.0.0.1:5432/test] [--heads 2000]
The tenant parts (100 tenants × 40 units × 10,000 tasks: the sweep, one tenant's /tonghop) come once
tenants are on main.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

# Run as a script, bench/ comes first on sys.path and bench/storage.py would shadow the package.
ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

import asyncpg  # noqa: E402 - after the sys.path line

from bot.testing import FakeBotApi  # noqa: E402 - after the sys.path line
from bot.testing.process import bot_env  # noqa: E402 - after the sys.path line
from storage.db import open_database  # noqa: E402 - after the sys.path line
from storage.models import NewOutboxMessage  # noqa: E402 - after the sys.path line
from storage.postgres import PostgresDatabase  # noqa: E402 - after the sys.path line
from storage.repositories import FIRST_TENANT, Deployment  # noqa: E402 - after the sys.path line

TOKEN = "777001:PROVINCEbench"
FIRST_CHAT = 990_000_000
DEADLINE_S = 600.0


def _worst_window(times: list[float]) -> int:
    worst, start = 0, 0
    for end, at in enumerate(times):
        while at - times[start] >= 1.0:
            start += 1
        worst = max(worst, end - start + 1)
    return worst


async def _median_ms(action: Callable[[], Awaitable[object]], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        await action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


async def _indexed_count_ms(db: PostgresDatabase) -> float:
    """The baseline: a plain count over an index, the cheapest query a page of figures can run."""
    return await _median_ms(
        lambda: db.fetch_value("SELECT COUNT(*) FROM outbox WHERE status = 'pending'"), 50)


async def writer_lock(url: str, transactions: int = 400) -> None:
    db = await open_database(url)
    assert isinstance(db, PostgresDatabase)
    ids = iter(range(10**9))

    async def read_then_write() -> None:
        async with db.transaction():
            await db.fetch_value("SELECT MAX(update_id) FROM handled_updates WHERE bot_id = 1")
            await db.execute("INSERT INTO handled_updates (bot_id, update_id, handled_at) VALUES (1, ?, ?)",
                             (next(ids), datetime.now(UTC).isoformat()))

    async def at_once(tasks: int) -> float:
        started = time.perf_counter()
        await asyncio.gather(*(_repeat(read_then_write, transactions // tasks) for _ in range(tasks)))
        return (time.perf_counter() - started) * 1000 / transactions

    try:
        await at_once(8)  # warm the pool's connections and their prepared statements
        for locked in (True, False):
            db.one_writer = locked
            one = await at_once(1)
            eight = await at_once(8)
            print(f"writer lock {'on ' if locked else 'off'}: {one:.2f} ms per read-then-write transaction"
                  f" one at a time, {eight:.2f} ms each with 8 at once"
                  f" (baseline: indexed count {await _indexed_count_ms(db):.2f} ms)")
    finally:
        await db.execute("DELETE FROM handled_updates WHERE bot_id = 1")
        await db.close()


async def _repeat(action: Callable[[], Awaitable[None]], times: int) -> None:
    for _ in range(times):
        await action()


async def pace(url: str) -> None:
    db = await open_database(url)
    assert isinstance(db, PostgresDatabase)
    reserve = Deployment(db).send_pace.reserve
    chats = iter(range(10**9))
    try:
        # spacing 0: nothing waits, only the statement is timed
        ms = await _median_ms(lambda: reserve(1, next(chats), 0.0, 1.0), 500)
        count_ms = await _indexed_count_ms(db)
        print(f"pace: {ms:.2f} ms to reserve a send slot (one per message; at 30 msg/s"
              f" {ms * 30 / 10:.1f} % of a second) (baseline: indexed count {count_ms:.2f} ms)")
    finally:
        await db.execute("DELETE FROM chat_pace WHERE bot_id = 1")
        await db.close()


async def broadcast(url: str, heads: int, workers: int) -> None:
    db = await open_database(url)
    assert isinstance(db, PostgresDatabase)
    run = uuid.uuid4().hex[:8]
    items = [NewOutboxMessage(key=f"province:{run}:{n}", chat_id=FIRST_CHAT + n, kind="message",
                              payload={"text": f"Nhiệm vụ của đơn vị {n} ({run})"}) for n in range(heads)]
    texts = {item.payload["text"] for item in items}
    with tempfile.TemporaryDirectory() as tmp:
        async with FakeBotApi(token=TOKEN) as api:
            processes = []
            for n in range(1, workers + 1):
                folder = Path(tmp) / f"worker-{n}"
                folder.mkdir()
                env = bot_env(api, token=TOKEN, home=folder, db_path=folder / "dondoc.sqlite3",
                              DONDOC_DATABASE_URL=url, DONDOC_OUTBOX_INTERVAL_SECONDS="1",
                              DONDOC_LOG_LEVEL="WARNING")
                with (folder / "log.txt").open("ab") as log:
                    processes.append(await asyncio.create_subprocess_exec(
                        sys.executable, "-m", "bot", "run", "--webhook", "https://bot.example.gov.vn/telegram",
                        "--port", str(18_443 + n), cwd=folder, env=env, stdout=log, stderr=log))
            try:
                await api.until(lambda: len(api.requests("setWebhook")) == workers, within=60)
                await Deployment(db).repos(FIRST_TENANT).outbox.enqueue_many(items, datetime.now(UTC))
                count_ms = await _indexed_count_ms(db)

                seen = {"checked": 0, "sent": 0}

                def done() -> bool:
                    # only the requests since the last look: the fake records the arrival times on this
                    # loop, and rescanning thousands per request would delay them
                    new = api.log_requests[seen["checked"]:]
                    seen["checked"] += len(new)
                    seen["sent"] += sum(1 for r in new if r.method == "sendMessage" and r.text in texts)
                    return seen["sent"] >= heads

                await api.until(done, within=DEADLINE_S)
            finally:
                for process in processes:
                    process.send_signal(signal.SIGTERM)
                for process in processes:
                    await process.wait()
            sent = [r for r in api.requests("sendMessage") if r.text in texts]
    await db.close()
    times = sorted(r.at.timestamp() for r in sent)
    rate = (len(times) - 1) / (times[-1] - times[0])
    duplicates = sum(count - 1 for count in Counter(r.text for r in sent).values())
    print(f"broadcast: {workers} workers, {heads} heads: {rate:.1f} msg/s together, {duplicates} duplicates,"
          f" worst 1 s window {_worst_window(times)}"
          f" (baseline: ceiling 30/s; indexed count {count_ms:.2f} ms)")
    print(f"province_broadcast_msg_s={rate:.1f} duplicates={duplicates} worst_window={_worst_window(times)}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default=os.environ.get("DONDOC_TEST_DATABASE_URL",
                                                        "postgresql://postgres@127.0.0.1:5432/test"),
                        help="a PostgreSQL database on a server where this may create another")
    parser.add_argument("--heads", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", choices=("broadcast", "writer", "pace"), default=None)
    args = parser.parse_args()
    server = args.url.replace("postgresql+asyncpg://", "postgresql://")
    name = f"dondoc_province_{os.getpid()}"
    admin = await asyncpg.connect(server)
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{server.rpartition('/')[0]}/{name}"
    try:
        await (await open_database(url, migrate=True)).close()
        if args.only in (None, "writer"):
            await writer_lock(url)
        if args.only in (None, "pace"):
            await pace(url)
        if args.only in (None, "broadcast"):
            await broadcast(url, args.heads, args.workers)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    asyncio.run(main())
