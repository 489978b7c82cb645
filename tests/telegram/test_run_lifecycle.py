"""`dondoc run` as a real process: one per database, and a clean stop in the middle of a broadcast."""

from __future__ import annotations

import asyncio
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.exit_codes import ExitCode
from bot.testing import FakeBotApi
from bot.testing.process import bot_env
from messages.render import render
from storage.db import open_database
from storage.models import NewOutboxMessage
from storage.repositories import FIRST_TENANT, Repositories

TOKEN = "654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
BROADCAST = 120  # more than a few seconds of sending at the production pace of 30 messages/s


def _env(tmp_path: Path, api: FakeBotApi) -> dict[str, str]:
    return bot_env(api, token=TOKEN, home=tmp_path, db_path=tmp_path / "db.sqlite3",
                   DONDOC_OUTBOX_INTERVAL_SECONDS="0.2")


async def _start(folder: Path, api: FakeBotApi, log: str = "bot") -> asyncio.subprocess.Process:
    # Output to a file, not a pipe: nobody reads a pipe while the bot runs, and a full one would block
    # the bot's logging (and with it the bot) until the test reads it.
    with (folder / f"{log}.txt").open("ab") as output:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=folder, env=_env(folder, api),
            stdout=output, stderr=output,
        )


async def _output(process: asyncio.subprocess.Process, folder: Path, log: str = "bot") -> str:
    """What the process started with this `log` name wrote, once it has exited."""
    await asyncio.wait_for(process.wait(), 60)
    return await asyncio.to_thread((folder / f"{log}.txt").read_text)


@pytest.fixture
async def api():
    async with FakeBotApi(token=TOKEN) as fake:
        yield fake


async def test_a_second_bot_on_the_same_database_refuses_to_start_until_the_first_is_gone(tmp_path, api):
    first = await _start(tmp_path, api)
    try:
        await api.wait_for("getUpdates")
        second = await _start(tmp_path, api, "second")
        refused = await _output(second, tmp_path, "second")

        assert second.returncode == ExitCode.ALREADY_RUNNING
        expected = render("cli/already_running.txt.j2", path=tmp_path / "db.sqlite3", pid=first.pid)
        assert refused == expected + "\n"
        assert str(first.pid) in refused
    finally:
        first.kill()  # a crash: the kernel releases the lock with the process
        await first.wait()

    mark = api.mark()
    third = await _start(tmp_path, api, "third")
    try:
        await api.wait_for("getUpdates", since=mark)
    finally:
        third.send_signal(signal.SIGTERM)
        await _output(third, tmp_path, "third")
    assert third.returncode == ExitCode.OK


async def _queue_broadcast(db_path: Path) -> None:
    db = await open_database(db_path, migrate=True)
    try:
        now = datetime.now(UTC)
        items = [NewOutboxMessage(key=f"broadcast:{n}", chat_id=chat_id, kind="message",
                                  payload={"text": f"Tin {n}"})
                 for n, chat_id in enumerate(_chats(db_path.parent))]
        await Repositories(db, FIRST_TENANT).outbox.enqueue_many(items, now)
    finally:
        await db.close()


async def _stop_mid_broadcast(folder: Path, api: FakeBotApi, stop: signal.Signals) -> tuple[int, str, list]:
    """A bot with a broadcast queued, stopped by `stop` once it is sending: (exit code, output, rows)."""
    await asyncio.to_thread(folder.mkdir)
    await _queue_broadcast(folder / "db.sqlite3")
    process = await _start(folder, api)
    await api.until(lambda: sum(r.chat_id in _chats(folder) for r in api.requests("sendMessage")) >= 5)
    process.send_signal(stop)
    output = await _output(process, folder)
    db = await open_database(folder / "db.sqlite3")
    try:
        rows = await Repositories(db, FIRST_TENANT).outbox.with_key_prefix("broadcast:")
    finally:
        await db.close()
    assert process.returncode is not None
    return process.returncode, output, rows


def _chats(folder: Path) -> range:
    # Each bot of the test broadcasts to its own chats, so one fake Bot API serves both.
    base = 700_000 + (0 if folder.name == "term" else BROADCAST)
    return range(base, base + BROADCAST)


async def test_sigterm_or_sigint_during_a_broadcast_stops_cleanly_and_loses_nothing(tmp_path, api):
    # Both signals at once, each on its own bot and database: one real-process wait instead of two.
    stopped = await asyncio.gather(_stop_mid_broadcast(tmp_path / "term", api, signal.SIGTERM),
                                   _stop_mid_broadcast(tmp_path / "int", api, signal.SIGINT))

    for (code, output, rows), folder in zip(stopped, ("term", "int"), strict=True):
        assert code == ExitCode.OK
        for trouble in ("Traceback", "Cannot operate on a closed database", "never retrieved", "ERROR"):
            assert trouble not in output
        chats = _chats(tmp_path / folder)
        sent = {r.chat_id for r in rows if r.status == "sent"}
        answered = {r.chat_id for r in api.requests("sendMessage")
                    if r.result is not None and r.chat_id in chats}
        assert sent <= answered  # nothing recorded as sent that was not
        assert len(answered - sent) <= 3  # at most the sends in flight go out again at the next start
        assert len(sent) < BROADCAST  # it really stopped mid-broadcast


def test_the_refusal_names_the_database_and_the_running_process_in_one_line(tmp_path):
    line = render("cli/already_running.txt.j2", path=tmp_path / "dondoc.sqlite3", pid=4242)

    assert line == (
        f"Bot đã đang chạy trên cơ sở dữ liệu {tmp_path / 'dondoc.sqlite3'} (tiến trình 4242): mỗi cơ sở "
        "dữ liệu chỉ được một tiến trình bot sử dụng; hãy dừng tiến trình đang chạy trước khi khởi động lại."
    )
    assert "tiến trình None" not in render("cli/already_running.txt.j2", path=tmp_path, pid=None)
