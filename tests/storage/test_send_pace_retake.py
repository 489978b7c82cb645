"""A slot a worker woke too late for is swapped for the next free one (storage.repositories.send_pace
.retake): the chat's next free moment moves on with the message, unless another message to the chat was
reserved meanwhile."""

from __future__ import annotations

import pytest

from storage.repositories import Deployment
from tests.postgres import empty_postgres

pytestmark = pytest.mark.postgres

BOT = 123456


@pytest.fixture
async def pace(postgres_url):
    db = await empty_postgres(postgres_url)
    try:
        yield Deployment(db).send_pace
    finally:
        await db.close()


async def test_a_retaken_slot_comes_after_every_slot_reserved_meanwhile_and_the_chat_moves_with_it(pace):
    # Wide slots (10 s, 100 s per chat), so the calls' own time does not matter.
    missed = await pace.reserve_slot(BOT, 1, 10, 100)
    other = await pace.reserve_slot(BOT, 2, 10, 100)  # another worker's message, reserved meanwhile

    retaken = await pace.retake(BOT, 1, 10, 100, missed.at)

    assert retaken is not None
    assert retaken.at == pytest.approx(other.at + 10, abs=0.5)
    assert retaken.wait == pytest.approx(20, abs=1)
    # chat 1 is free a chat interval after the moment the message now leaves, not the one it missed
    assert await pace.reserve(BOT, 1, 10, 100) == pytest.approx(120, abs=1)


async def test_a_retake_gives_way_when_the_chat_was_reserved_again_meanwhile(pace):
    missed = await pace.reserve_slot(BOT, 1, 10, 100)
    await pace.reserve_slot(BOT, 1, 10, 100)  # the chat's next message, 100 s on

    assert await pace.retake(BOT, 1, 10, 100, missed.at) is None
    # that message keeps its moment: reserving again queues a chat interval behind it
    assert await pace.reserve(BOT, 1, 10, 100) == pytest.approx(200, abs=1)


async def test_a_retake_without_a_chat_only_takes_the_next_overall_slot(pace):
    missed = await pace.reserve_slot(BOT, None, 10, 100)
    retaken = await pace.retake(BOT, None, 10, 100, missed.at)
    assert retaken is not None and retaken.wait == pytest.approx(10, abs=1)
