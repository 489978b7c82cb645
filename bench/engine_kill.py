"""kill -9 during a 500-head broadcast at production settings, several times, then one last start that
finishes it: messages lost, repeats per kill (the sends in flight), and how long the last start took to
serve everyone. The real `python -m bot run` against the fake Bot API.
    .venv/bin/python bench/engine_kill.py [KILLS] [RUNS]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from bot.testing import FakeBotApi  # noqa: E402 - after the sys.path line
from bot.testing.process import bot_env  # noqa: E402 - after the sys.path line
from storage.db import open_database  # noqa: E402 - after the sys.path line
from storage.models import NewOutboxMessage  # noqa: E402 - after the sys.path line
from storage.repositories import FIRST_TENANT, Repositories  # noqa: E402 - after the sys.path line

TOKEN = "123456:BENCH"
HEADS = 500
FIRST_CHAT = 930_000_000
SENT_BETWEEN_KILLS = 80


async def _enqueue(db_path: Path) -> None:
    db = await open_database(db_path, migrate=True)
    try:
        await Repositories(db, FIRST_TENANT).outbox.enqueue_many(
            [NewOutboxMessage(key=f"deliver:1:{n}:{n}:1", chat_id=FIRST_CHAT + n, kind="message",
                              payload={"text": f"Nhiệm vụ của đơn vị số {n}"}) for n in range(HEADS)],
            datetime.now(UTC),
        )
    finally:
        await db.close()


async def _start(tmp: Path, api: FakeBotApi) -> asyncio.subprocess.Process:
    env = bot_env(api, token=TOKEN, home=tmp, db_path=tmp / "db.sqlite3",
                  code=os.environ.get("DONDOC_BENCH_CODE", str(ROOT)))
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )


async def one_run(kills: int) -> tuple[int, list[int], float]:
    """(lost, repeats per kill, seconds from the last start until everyone was served)."""
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        await _enqueue(tmp / "db.sqlite3")
        async with FakeBotApi(token=TOKEN) as api:
            def sends() -> list[int | str | None]:
                return [r.chat_id for r in api.requests("sendMessage") if r.result is not None]

            marks: list[int] = []
            for _ in range(kills):
                process = await _start(tmp, api)
                goal = len(sends()) + SENT_BETWEEN_KILLS
                await api.until(lambda goal=goal: len(sends()) >= goal, within=120)
                process.send_signal(signal.SIGKILL)
                await process.wait()
                marks.append(len(sends()))
            started = time.perf_counter()
            process = await _start(tmp, api)
            try:
                await api.until(lambda: len(set(sends())) == HEADS, within=400)
                finished = time.perf_counter() - started
            finally:
                process.send_signal(signal.SIGTERM)
                await process.wait()
            got = sends()
    first = {chat: got.index(chat) for chat, n in Counter(got).items() if n > 1}
    per_kill = [sum(1 for at in first.values() if a <= at < b)
                for a, b in zip([0, *marks], marks, strict=False)]
    lost = HEADS - len(set(got))
    return lost, per_kill, finished


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("kills", nargs="?", type=int, default=3)
    parser.add_argument("runs", nargs="?", type=int, default=1)
    args = parser.parse_args()
    kills, runs = args.kills, args.runs
    all_repeats: list[int] = []
    for n in range(runs):
        lost, per_kill, finished = asyncio.run(one_run(kills))
        all_repeats += per_kill
        print(f"run {n + 1}: lost {lost}, repeats per kill {per_kill}, last start served the rest in "
              f"{finished:.1f} s (baseline: a clean broadcast of {HEADS} takes {HEADS / 29:.0f} s at 29/s)")
    print(f"kills={kills * runs} repeats_per_kill_min={min(all_repeats)} max={max(all_repeats)}")


if __name__ == "__main__":
    main()
