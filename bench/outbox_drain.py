"""Drain a broadcast through the real Application against the fake Bot API with production pacing,
and print the throughput and the tightest per-chat spacing observed."""

import asyncio
import sys
import time
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

# Run as a script, bench/ comes first on sys.path and bench/storage.py would shadow the package.
sys.path[:0] = [str(Path(__file__).resolve().parent.parent)]

from bot.app import build_application  # noqa: E402 - after the sys.path line
from bot.config import Settings  # noqa: E402 - after the sys.path line
from bot.outbox import OutboxSender  # noqa: E402 - after the sys.path line
from bot.testing import FakeBotApi  # noqa: E402 - after the sys.path line
from bot.testing.memory_outbox import MemoryOutbox  # noqa: E402 - after the sys.path line

CHATS, PER_CHAT = 100, 2


async def main() -> None:
    async with FakeBotApi() as fake:
        settings = Settings(_env_file=None, telegram_token=fake.token)
        app = build_application(settings, base_url=fake.base_url, base_file_url=fake.base_file_url)
        store = MemoryOutbox()
        now = datetime.now(UTC)
        for part in range(PER_CHAT):
            for chat in range(CHATS):
                store.add(10_000 + chat, now, text=f"Nhiệm vụ phần {part + 1}")
        sender = OutboxSender(store, app.bot, batch_size=500)
        async with app:
            started = time.perf_counter()
            report = await sender.drain(now)
            elapsed = time.perf_counter() - started
        gaps = [
            (b.at - a.at).total_seconds()
            for chat in range(CHATS)
            for a, b in pairwise(fake.requests("sendMessage", chat_id=10_000 + chat))
        ]
        times = sorted(r.at for r in fake.requests("sendMessage"))
        busiest = max(sum(1 for t in times if 0 <= (t - start).total_seconds() < 1) for start in times)
        print(f"messages sent: {len(report.sent)} of {CHATS * PER_CHAT} in {elapsed:.2f} s")
        print(f"throughput: {len(report.sent) / elapsed:.1f} messages/s (limit 30/s)")
        print(f"busiest one-second window: {busiest} messages")
        print(f"tightest spacing in one chat: {min(gaps):.3f} s (limit 1 message/s)")


if __name__ == "__main__":
    asyncio.run(main())
