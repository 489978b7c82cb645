"""kill -9 during a broadcast, several times: the real `python -m bot run` process against the fake Bot
API. Nobody is missed, at most the sends in flight at each kill are repeated, and each restart takes the
dead process's rows back at once (their lease would hold them for minutes)."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from bot.testing import WAIT, FakeBotApi
from bot.testing.process import bot_env
from storage.db import open_database
from storage.models import NewOutboxMessage, OutboxStatus
from storage.repositories import FIRST_TENANT, Repositories

TOKEN = "123456:KILL"
HEADS = 500
FIRST_CHAT = 910_000_000
KILLS = 3
SENT_BETWEEN_KILLS = 70
IN_FLIGHT_MAX = 3


async def _enqueue_broadcast(db_path: Path) -> None:
    db = await open_database(db_path, migrate=True)
    try:
        repos = Repositories(db, FIRST_TENANT)
        await repos.outbox.enqueue_many(
            [NewOutboxMessage(key=f"deliver:1:{n}:{n}:1", chat_id=FIRST_CHAT + n, kind="message",
                              payload={"text": f"Nhiệm vụ của đơn vị số {n}"}, notice_id=1, unit_id=n,
                              person_id=n, part=1)
             for n in range(HEADS)],
            datetime.now(UTC),
        )
    finally:
        await db.close()


async def _start(tmp_path: Path, api: FakeBotApi) -> asyncio.subprocess.Process:
    env = bot_env(
        api, token=TOKEN, home=tmp_path, db_path=tmp_path / "db.sqlite3",
        # Faster than production so that five runs fit in seconds; the pacing has its own tests.
        DONDOC_SEND_RATE_OVERALL="100", DONDOC_OUTBOX_INTERVAL_SECONDS="0.5",
    )
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )


def _delivered(api: FakeBotApi) -> Counter[int | str | None]:
    return Counter(r.chat_id for r in api.requests("sendMessage") if r.result is not None)


async def test_kill_9_mid_broadcast_loses_nothing_and_repeats_at_most_the_sends_in_flight(tmp_path):
    await _enqueue_broadcast(tmp_path / "db.sqlite3")
    async with FakeBotApi(token=TOKEN) as api:
        kills: list[int] = []  # how many messages had been delivered at each kill
        for _ in range(KILLS):
            process = await _start(tmp_path, api)
            goal = sum(_delivered(api).values()) + SENT_BETWEEN_KILLS
            await api.until(lambda goal=goal: sum(_delivered(api).values()) >= goal)
            process.send_signal(signal.SIGKILL)
            await process.wait()
            kills.append(sum(_delivered(api).values()))

        process = await _start(tmp_path, api)
        try:
            # The killed processes' rows are leased for minutes: only taking them back at start gets
            # everyone served within the wait.
            await api.until(lambda: len(_delivered(api)) == HEADS, within=2 * WAIT)
        finally:
            process.send_signal(signal.SIGTERM)
            _, err = await asyncio.wait_for(process.communicate(), WAIT)

    sends = [r.chat_id for r in api.requests("sendMessage") if r.result is not None]
    assert set(sends) == {FIRST_CHAT + n for n in range(HEADS)}  # nobody missed
    # A repeat belongs to the run that first sent it: it was in flight when that run was killed.
    first_send = {chat: sends.index(chat) for chat, n in Counter(sends).items() if n > 1}
    per_kill = [sum(1 for at in first_send.values() if start <= at < end)
                for start, end in zip([0, *kills], kills, strict=False)]
    assert all(n <= IN_FLIGHT_MAX for n in per_kill), per_kill
    assert len(sends) - HEADS <= IN_FLIGHT_MAX * KILLS
    db = await open_database(tmp_path / "db.sqlite3")
    try:
        rows = await Repositories(db, FIRST_TENANT).outbox.for_notice(1)
    finally:
        await db.close()
    assert {row.status for row in rows} == {OutboxStatus.sent}
    assert process.returncode == 0, err.decode()


async def test_sigterm_mid_broadcast_stops_cleanly_and_hands_the_claimed_rows_back(tmp_path):
    await _enqueue_broadcast(tmp_path / "db.sqlite3")
    async with FakeBotApi(token=TOKEN) as api:
        process = await _start(tmp_path, api)
        await api.until(lambda: sum(_delivered(api).values()) >= SENT_BETWEEN_KILLS)
        process.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(process.communicate(), WAIT)
        sent = sum(_delivered(api).values())

    log = err.decode()
    assert process.returncode == 0, log
    assert " ERROR " not in log and "Traceback" not in log and "never retrieved" not in log, log
    db = await open_database(tmp_path / "db.sqlite3")
    try:
        rows = await Repositories(db, FIRST_TENANT).outbox.for_notice(1)
    finally:
        await db.close()
    assert sum(row.status == OutboxStatus.sent for row in rows) >= sent - IN_FLIGHT_MAX
    assert all(row.claimed_by is None for row in rows)  # the next start sends the rest at once
