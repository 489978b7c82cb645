"""No update is lost to a crash (issue 11): each update is stored before Telegram is told it arrived (the
next getUpdates' offset), marked done once handled, and a start replays what a dead process received and
never finished, at most three attempts each."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from bot.app import build_application, running
from bot.testing import FakeBotApi, FakeUser
from storage.db import Database, open_database
from storage.repositories.base import db_time

DEAD_PROCESS = "old-host:4242:0dead0"


async def _row(db: Database, bot_id: int, update_id: int) -> dict | None:
    row = await db.fetch_one(
        "SELECT payload, receiver, done_at, attempts FROM handled_updates WHERE bot_id = ? AND update_id = ?",
        (bot_id, update_id))
    names = ("payload", "receiver", "done_at", "attempts")
    return None if row is None else dict(zip(names, row, strict=True))


def _confirmed(fake_api: FakeBotApi, update_id: int, since: int = 0) -> bool:
    """Whether the bot told Telegram it has the update: a getUpdates asking for later ones only."""
    return any(int(r.params.get("offset") or 0) > update_id
               for r in fake_api.log_requests[since:] if r.method == "getUpdates")


async def test_an_update_is_stored_before_telegram_is_told_it_arrived_and_done_once_handled(
    running_app, fake_api, person
):
    db, bot_id = running_app.bot_data.db, running_app.bot.id
    held = fake_api.hold("sendMessage", chat_id=5301)
    start = person(5301, "An").send("/start")
    update_id = start.update["update_id"]
    await fake_api.wait_for("sendMessage", chat_id=5301)  # being handled: its answer is held at Telegram
    await fake_api.until(lambda: _confirmed(fake_api, update_id))

    stored = await _row(db, bot_id, update_id)  # a crash now would find it here
    assert stored is not None and stored["done_at"] is None
    assert json.loads(stored["payload"])["message"]["text"] == "/start"
    held.release()
    await start.reply()
    await fake_api.settled()
    done = await _row(db, bot_id, update_id)
    assert done is not None and done["done_at"] is not None


async def test_an_update_that_cannot_be_stored_is_not_confirmed_and_is_handled_once_storing_works(
    running_app, fake_api, person
):
    db = running_app.bot_data.db
    # The disk is full, say: storing any update fails.
    async with db.transaction():
        await db.execute("CREATE TEMP TRIGGER inbox_full BEFORE INSERT ON handled_updates "
                         "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
    mark = fake_api.mark()
    start = person(5302, "Bảo").send("/start")
    update_id = start.update["update_id"]
    # Polling goes on, after a backoff, asking for the same update again.
    await fake_api.until(lambda: sum(r.method == "getUpdates" for r in fake_api.log_requests[mark:]) >= 2)
    assert not _confirmed(fake_api, update_id, since=mark)
    assert fake_api.requests("sendMessage", chat_id=5302) == []

    async with db.transaction():
        await db.execute("DROP TRIGGER inbox_full")
    await start.reply()
    await fake_api.settled()
    assert len(fake_api.requests("sendMessage", chat_id=5302)) == 1
    assert _confirmed(fake_api, update_id, since=mark)


async def _leave_as_a_dead_process(settings, bot_id: int, update: dict, *, attempts: int = 1,
                                   done: bool = False) -> None:
    db = await open_database(settings.db_path, migrate=True)
    try:
        now = db_time(datetime.now(UTC))
        async with db.transaction():
            await db.execute(
                "INSERT INTO handled_updates (bot_id, update_id, handled_at, payload, receiver, done_at,"
                " attempts) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (bot_id, update["update_id"], now, json.dumps(update), DEAD_PROCESS, now if done else None,
                 attempts))
    finally:
        await db.close()


async def test_a_start_replays_what_a_dead_process_received_but_not_what_it_finished_or_gave_up(
    fake_api, settings, caplog
):
    settings.db_path.parent.mkdir(parents=True, exist_ok=True)
    bot_id = fake_api.bot_user["id"]
    unfinished = fake_api.text_message(FakeUser(5311, "Cường"), "/start")
    finished = fake_api.text_message(FakeUser(5312, "Dung"), "/start")
    hopeless = fake_api.text_message(FakeUser(5313, "Em"), "/start")  # killed the process 3 times
    await _leave_as_a_dead_process(settings, bot_id, unfinished)
    await _leave_as_a_dead_process(settings, bot_id, finished, done=True)
    await _leave_as_a_dead_process(settings, bot_id, hopeless, attempts=3)

    app = build_application(settings, base_url=fake_api.base_url, base_file_url=fake_api.base_file_url)
    fake_api.app = app
    with caplog.at_level(logging.WARNING, logger="bot.update_inbox"):
        async with running(app, poll_timeout=1.0):
            answer = await fake_api.wait_for("sendMessage", chat_id=5311)  # nobody pushed anything
            await fake_api.settled()
            assert "5311" in answer.params["text"]  # a stranger is told their Telegram ID
            assert fake_api.requests("sendMessage", chat_id=5312) == []
            assert fake_api.requests("sendMessage", chat_id=5313) == []
            replayed = await _row(app.bot_data.db, bot_id, unfinished["update_id"])
            dropped = await _row(app.bot_data.db, bot_id, hopeless["update_id"])

    assert replayed is not None and replayed["done_at"] is not None and replayed["attempts"] == 2
    assert replayed["receiver"] != DEAD_PROCESS
    assert dropped is not None and dropped["done_at"] is not None
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [f"update {hopeless['update_id']} was not handled in 3 attempts: given up"]
    assert len(fake_api.requests("sendMessage", chat_id=5311)) == 1


async def test_an_update_replayed_by_a_start_is_not_replayed_by_the_next(fake_api, settings):
    settings.db_path.parent.mkdir(parents=True, exist_ok=True)
    bot_id = fake_api.bot_user["id"]
    await _leave_as_a_dead_process(settings, bot_id, fake_api.text_message(FakeUser(5321, "Giang"), "/start"))
    for _ in range(2):
        app = build_application(settings, base_url=fake_api.base_url, base_file_url=fake_api.base_file_url)
        fake_api.app = app
        async with running(app, poll_timeout=1.0):
            await fake_api.settled()
    assert len(fake_api.requests("sendMessage", chat_id=5321)) == 1
