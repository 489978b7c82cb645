"""A /tonghop over a large database reads for a while; other people's presses are answered meanwhile.

The digest is held inside its database connection (a SQL function that blocks that connection's thread
until released), so the test fails if the digest and the presses share one connection, whatever the
machine's speed. No timing is asserted.
"""

from __future__ import annotations

import asyncio
import threading

import pytest

import bot.handlers.digest as digest_handler
from bot.callbacks import Action, make
from tests.bot.test_digest import HEAD_ID, LEADER_ID, ward  # noqa: F401 - the fixture is used by name

HOLD_CEILING_SECONDS = 30.0


@pytest.fixture
async def held_digest(monkeypatch):
    """/tonghop stops in the middle of its reads (after finding its target, before the aggregates),
    with its connection's thread busy, until `release` is set."""
    entered = asyncio.Event()
    release = threading.Event()
    original = digest_handler.work_calendar
    loop = asyncio.get_running_loop()

    def hold() -> int:
        loop.call_soon_threadsafe(entered.set)
        release.wait(HOLD_CEILING_SECONDS)
        return 1

    async def held(repos, settings):
        await repos.db.conn.create_function("hold_digest", 0, hold)
        await repos.db.fetch_value("SELECT hold_digest()")
        return await original(repos, settings)

    monkeypatch.setattr(digest_handler, "work_calendar", held)
    yield entered, release
    release.set()


async def test_a_head_is_answered_while_a_leaders_digest_is_still_reading(ward, person, fake_api,  # noqa: F811
                                                                         held_digest):
    entered, release = held_digest
    leader = person(LEADER_ID, "An").send("/tonghop")
    await asyncio.wait_for(entered.wait(), HOLD_CEILING_SECONDS)

    head = person(HEAD_ID, "Cường")
    notice = await ward.repos.notices.get(ward.n37.id)
    message = fake_api.store_bot_message(HEAD_ID, text=f"Thông báo số {notice.number}")
    press = head.press(message, data=make(Action.acknowledge, ward.n37.id, ward.police.id))
    answer = await press.answered()

    assert answer.params["callback_query_id"] == press.update["callback_query"]["id"]
    opened = await ward.repos.assignments.for_notice(ward.n37.id)
    assert all(a.acknowledged_at is not None for a in opened if a.unit_id == ward.police.id)
    # the digest is still held: nothing was sent to the leader yet
    assert [r for r in fake_api.requests("sendMessage") if r.params.get("chat_id") == LEADER_ID] == []

    release.set()
    digest = await leader.reply()
    assert "TỔNG HỢP THỰC HIỆN NHIỆM VỤ" in digest.text
