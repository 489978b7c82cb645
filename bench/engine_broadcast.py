"""A 500-head broadcast through the real Application at production settings against the fake Bot API:
messages per second (median over runs) and the worst sliding 1-second window at the server.

`measure_broadcast(db_path)` is what bench/engine.py imports; run this file for the figures alone:
    .venv/bin/python bench/engine_broadcast.py [DB_PATH] [RUNS]
The baseline printed beside them is the ceiling the settings allow (30 msg/s) and the time a plain
indexed count over the outbox takes in the same run, so a noisy machine shows as such.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

# Run as a script, bench/ comes first on sys.path and bench/storage.py would shadow the package.
ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from bot.app import build_application, running  # noqa: E402 - after the sys.path line
from bot.config import Settings  # noqa: E402 - after the sys.path line
from bot.testing import FakeBotApi  # noqa: E402 - after the sys.path line
from storage.models import NewOutboxMessage  # noqa: E402 - after the sys.path line
from storage.repositories import FIRST_TENANT  # noqa: E402 - after the sys.path line

HEADS = 500
FIRST_CHAT = 880_000_000
CEILING = 30.0  # production DONDOC_SEND_RATE_OVERALL
DEADLINE_S = 300.0


@dataclass(frozen=True)
class BroadcastRun:
    msg_per_s: float
    worst_window: int  # most messages the server received within any 1 s
    closest_same_chat_s: float | None  # tightest gap between two messages to one chat
    count_ms: float  # baseline: a plain indexed count on the same database


def worst_window(times: list[float], window: float = 1.0) -> int:
    """The most events inside any half-open interval [t, t + window) of the sorted times."""
    worst, start = 0, 0
    for end, at in enumerate(times):
        while at - times[start] >= window:
            start += 1
        worst = max(worst, end - start + 1)
    return worst


async def _one_broadcast(db_path: Path, parts: int = 1) -> BroadcastRun:
    async with FakeBotApi() as fake:
        settings = Settings(_env_file=None, telegram_token=fake.token, db_path=db_path)
        app = build_application(settings, base_url=fake.base_url, base_file_url=fake.base_file_url)
        async with running(app, poll_timeout=1.0):
            # Only the broadcast is measured: on a big database the reminder sweep would queue its own
            # thousands of messages into the same 30/s.
            assert app.job_queue is not None
            for name in ("reminders", "digests"):
                for job in app.job_queue.get_jobs_by_name(name):
                    job.schedule_removal()
            repos, run = app.bot_data.repos_for(FIRST_TENANT), uuid.uuid4().hex[:8]
            chats = [FIRST_CHAT + n for n in range(HEADS)]
            items = [
                NewOutboxMessage(key=f"bench:{run}:{chat}:{part}", chat_id=chat, kind="message",
                                 payload={"text": f"Nhiệm vụ phần {part + 1} — đơn vị {chat}"})
                for part in range(parts) for chat in chats
            ]
            started = time.perf_counter()
            count = await repos.db.fetch_value("SELECT COUNT(*) FROM outbox WHERE status = 'pending'")
            count_ms = (time.perf_counter() - started) * 1000
            assert count is not None
            await repos.outbox.enqueue_many(items, datetime.now(UTC))
            # As Gửi does: drain at once in the background; the periodic job takes over after it.
            app.create_task(app.bot_data.outbox.drain(datetime.now(UTC)))
            wanted = set(chats)

            def all_sent() -> bool:
                got = sum(1 for r in fake.requests("sendMessage") if r.chat_id in wanted and r.result)
                return got >= len(items)

            await fake.until(all_sent, within=DEADLINE_S)
        requests = [r for r in fake.requests("sendMessage") if r.chat_id in wanted and r.result]
    times = sorted(r.at.timestamp() for r in requests)
    rate = (len(times) - 1) / (times[-1] - times[0])
    by_chat: dict[object, list[float]] = {}
    for r in requests:
        by_chat.setdefault(r.chat_id, []).append(r.at.timestamp())
    gaps = [b - a for stamps in map(sorted, by_chat.values()) for a, b in itertools.pairwise(stamps)]
    return BroadcastRun(rate, worst_window(times), min(gaps) if gaps else None, count_ms)


async def broadcast_runs(db_path: str, runs: int = 3) -> list[BroadcastRun]:
    return [await _one_broadcast(Path(db_path)) for _ in range(runs)]


def measure_broadcast(db_path: str, runs: int = 3) -> float:
    """Median msg/s of a 500-head broadcast (the worst window is printed by `main`)."""
    return statistics.median(r.msg_per_s for r in asyncio.run(broadcast_runs(db_path, runs)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db_path", nargs="?", help="database file (default: a temporary one)")
    parser.add_argument("runs", nargs="?", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_path = args.db_path or str(Path(tmp) / "broadcast.sqlite3")
        results = asyncio.run(broadcast_runs(db_path, args.runs))
    rates = [r.msg_per_s for r in results]
    windows = [r.worst_window for r in results]
    for n, r in enumerate(results, 1):
        print(f"run {n}: {r.msg_per_s:.1f} msg/s, worst 1 s window {r.worst_window} "
              f"(baseline: ceiling {CEILING:.0f}/s; indexed count {r.count_ms:.1f} ms)")
    print(f"broadcast {HEADS} heads: median {statistics.median(rates):.1f} msg/s "
          f"(min {min(rates):.1f}, max {max(rates):.1f}); worst 1 s window max {max(windows)}")
    print(f"broadcast_msg_s={statistics.median(rates):.1f} worst_window={max(windows)}")


if __name__ == "__main__":
    main()
