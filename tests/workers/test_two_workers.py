"""Two webhook workers on one PostgreSQL database share one bot token: each update is handled once, each
outbox row is sent once, and the token's pace (30 messages in any second, one a second per chat, a
429's hold) holds for both together."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from bot.testing import ApiError, FakeBotApi, FakeUser
from storage.models import NewOutboxMessage
from storage.repositories import FIRST_TENANT

pytestmark = pytest.mark.postgres

HEADS = 90  # three seconds of sending at the token's pace
BUSY_CHATS = 5  # heads who get three messages each: the per-chat second matters for them
FLOOD_SECONDS = 2


async def _broadcast(worker, heads: int = HEADS, busy: int = BUSY_CHATS) -> list[str]:
    now = datetime.now(UTC)
    items = [NewOutboxMessage(key=f"b:{chat}", chat_id=chat, kind="message",
                              payload={"text": f"Nhiệm vụ của đơn vị {chat}"})
             for chat in range(7001, 7001 + heads)]
    items += [NewOutboxMessage(key=f"b:{chat}:{part}", chat_id=chat, kind="message",
                               payload={"text": f"Phần {part} cho đơn vị {chat}"})
              for chat in range(8001, 8001 + busy) for part in (1, 2, 3)]
    outbox = worker.app.bot_data.repos_for(FIRST_TENANT).outbox
    assert await outbox.enqueue_many(items, now) == len(items)
    return [item.payload["text"] for item in items]


async def _drain_on_both(first, second):
    now = datetime.now(UTC)
    return await asyncio.gather(first.app.bot_data.outbox.drain(now), second.app.bot_data.outbox.drain(now))


def _most_in_one_second(moments: list[datetime]) -> int:
    moments = sorted(moments)
    most, start = 0, 0
    for end, moment in enumerate(moments):
        while moment - moments[start] >= timedelta(seconds=1):
            start += 1
        most = max(most, end - start + 1)
    return most


def _closest_in_one_chat(fake_api: FakeBotApi) -> timedelta:
    by_chat: dict[object, list[datetime]] = {}
    for request in fake_api.requests("sendMessage"):
        by_chat.setdefault(request.chat_id, []).append(request.at)
    gaps = [later - earlier for moments in by_chat.values()
            for earlier, later in zip(sorted(moments), sorted(moments)[1:], strict=False)]
    return min(gaps)


async def test_an_update_posted_to_both_workers_is_handled_once(workers, fake_api):
    first, second = workers
    stranger = FakeUser(5001, "Minh")
    update = fake_api.text_message(stranger, "/start")

    statuses = await asyncio.gather(first.post(update), second.post(update))

    assert statuses == [200, 200]
    await fake_api.wait_for("sendMessage", chat_id=stranger.id)
    for worker in workers:
        await worker.app.update_processor.wait_idle()  # type: ignore[attr-defined]
    assert len(fake_api.requests("sendMessage", chat_id=stranger.id)) == 1
    # a later update of the same person is handled as usual
    await first.post(fake_api.text_message(stranger, "/start"))
    await fake_api.until(lambda: len(fake_api.requests("sendMessage", chat_id=stranger.id)) == 2)


async def test_two_workers_send_each_row_of_a_broadcast_once_within_the_tokens_pace(workers, fake_api):
    first, second = workers
    texts = await _broadcast(first)

    reports = await _drain_on_both(first, second)

    mine, theirs = (set(report.sent) for report in reports)
    assert mine and theirs, "both workers sent part of the broadcast"
    assert not mine & theirs
    assert len(mine | theirs) == len(texts)
    sent = Counter(request.text for request in fake_api.requests("sendMessage"))
    assert sent == Counter(texts), "every row reached its chat exactly once"
    assert _most_in_one_second([r.at for r in fake_api.requests("sendMessage")]) <= 30
    assert _closest_in_one_chat(fake_api) >= timedelta(seconds=1)
    pending = await first.app.bot_data.deployment.outbox.pending_count()
    assert pending == 0


async def test_a_429_seen_by_one_worker_holds_the_other_worker_too(workers, fake_api):
    first, second = workers
    texts = await _broadcast(first, heads=100, busy=0)
    fake_api.fail_next("sendMessage", ApiError.flood(retry_after=FLOOD_SECONDS))

    reports = await _drain_on_both(first, second)

    flooded = next(r for r in fake_api.requests("sendMessage") if r.error is not None)
    after = [r.at for r in fake_api.requests("sendMessage") if r.at > flooded.at]
    # What was already on its way when the 429 came (one slot per worker) may still leave; then nothing
    # from either worker until retry_after has passed.
    held = [moment for moment in after
            if flooded.at + timedelta(seconds=0.3) < moment < flooded.at + timedelta(seconds=FLOOD_SECONDS)]
    assert held == []
    assert all(report.sent for report in reports), "both workers sent after the hold"
    sent = Counter(r.text for r in fake_api.requests("sendMessage") if r.error is None)
    assert sent == Counter(texts)


async def test_the_rows_a_dead_worker_claimed_reach_their_heads_through_the_other_worker(workers, fake_api):
    first, second = workers
    texts = await _broadcast(first, heads=10, busy=0)
    repos = first.app.bot_data.deployment
    dead = first.app.bot_data.outbox.owner
    now = datetime.now(UTC)
    claimed = await repos.outbox.claim_due(now, 10, 600, dead)  # then the worker "died" holding them
    assert len(claimed) == 10

    await second.app.bot_data.outbox.drain(datetime.now(UTC))
    assert fake_api.requests("sendMessage") == [], "a live worker's claims are left alone"

    await repos.db.execute("UPDATE workers SET alive_until = ? WHERE owner = ?",
                           ((now - timedelta(seconds=1)).isoformat(timespec="microseconds"), dead))
    report = await second.app.bot_data.outbox.drain(datetime.now(UTC))

    assert sorted(report.sent) == sorted(row.id for row in claimed)
    assert Counter(r.text for r in fake_api.requests("sendMessage")) == Counter(texts)
