"""The outbox: one row per idempotency key, claimed by one sender at a time, with a crash lease."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from storage.db import open_database
from storage.models import NewOutboxMessage, OutboxMessage, OutboxStatus, Priority
from storage.repositories import FIRST_TENANT, Deployment, Repositories


def sender(repos):
    """The delivery side of the outbox (every tenant's rows), on the same connection."""
    return Deployment(repos.db).outbox


async def test_a_second_message_with_the_same_key_is_ignored(repos, db, now):
    assert await repos.outbox.enqueue("deliver:1:unit:2:person:3", 300, "notice", {"text": "<b>A</b>"}, now)
    assert not await repos.outbox.enqueue("deliver:1:unit:2:person:3", 300, "notice", {"text": "B"}, now)
    assert await db.fetch_value("SELECT COUNT(*) FROM outbox") == 1
    stored = await repos.outbox.for_key("deliver:1:unit:2:person:3")
    assert isinstance(stored, OutboxMessage) and stored.payload == {"text": "<b>A</b>"}
    assert stored.status == OutboxStatus.pending and stored.attempts == 0 and stored.next_attempt_at == now


async def test_enqueue_many_joins_the_callers_transaction(repos, db, now):
    items = [NewOutboxMessage(key=f"k{i}", chat_id=i, kind="notice", payload={"i": i}) for i in range(3)]
    try:
        async with db.transaction():
            assert await repos.outbox.enqueue_many(items, now) == 3
            raise RuntimeError("publish failed after enqueueing")
    except RuntimeError:
        pass
    assert await sender(repos).pending_count() == 0
    async with db.transaction():
        assert await repos.outbox.enqueue_many(items, now) == 3
        assert await repos.outbox.enqueue_many(items, now) == 0
    assert await sender(repos).pending_count() == 3
    assert [m.key for m in await repos.outbox.with_key_prefix("k")] == ["k0", "k1", "k2"]


async def test_claimed_message_is_not_due_again_until_the_lease_ends(repos, now):
    await repos.outbox.enqueue("a", 1, "text", {}, now)
    await repos.outbox.enqueue("later", 1, "text", {}, now, not_before=now + timedelta(hours=1))
    claimed = await sender(repos).claim_due(now, limit=10, lease_seconds=60)
    assert [m.key for m in claimed] == ["a"] and claimed[0].attempts == 1
    assert await sender(repos).claim_due(now + timedelta(seconds=59), 10, 60) == []
    # the sender crashed before mark_sent: the row comes back once, after the lease
    again = await sender(repos).claim_due(now + timedelta(seconds=61), 10, 60)
    assert [m.key for m in again] == ["a"] and again[0].attempts == 2
    assert await sender(repos).mark_sent(again[0].id, 4242, now + timedelta(seconds=62))
    assert not await sender(repos).mark_sent(again[0].id, 4243, now + timedelta(seconds=63))
    sent = await sender(repos).get(again[0].id)
    assert sent.status == OutboxStatus.sent and sent.telegram_message_id == 4242
    assert await sender(repos).pending_count() == 1
    assert [m.key for m in await sender(repos).claim_due(now + timedelta(hours=1), 10, 60)] == ["later"]


async def test_retry_later_and_failure_are_recorded(repos, now):
    await repos.outbox.enqueue("r", 1, "text", {}, now)
    [message] = await sender(repos).claim_due(now, 5, 30)
    assert await sender(repos).retry_later(message.id, now + timedelta(seconds=10), "RetryAfter 10")
    assert await sender(repos).claim_due(now + timedelta(seconds=9), 5, 30) == []
    [message] = await sender(repos).claim_due(now + timedelta(seconds=10), 5, 30)
    assert message.last_error == "RetryAfter 10" and message.attempts == 2
    assert await sender(repos).mark_failed(message.id, "Forbidden: bot was blocked by the user", now)
    failed = await sender(repos).get(message.id)
    assert failed.status == OutboxStatus.failed and failed.last_error.startswith("Forbidden")
    assert await sender(repos).claim_due(now + timedelta(days=1), 5, 30) == []
    assert await sender(repos).pending_count() == 0


async def test_messages_are_claimed_in_the_order_they_were_enqueued(repos, now):
    for i in range(5):
        await repos.outbox.enqueue(f"m{i}", 1, "text", {"i": i}, now)
    claimed = await sender(repos).claim_due(now, limit=3, lease_seconds=60)
    assert [m.payload["i"] for m in claimed] == [0, 1, 2]


async def test_two_senders_on_two_connections_never_claim_the_same_row(tmp_path, now):
    path = tmp_path / "shared.sqlite3"
    first = await open_database(path, migrate=True)
    second = await open_database(path)
    try:
        repos_a, repos_b = Repositories(first, FIRST_TENANT), Repositories(second, FIRST_TENANT)
        await repos_a.outbox.enqueue_many(
            [NewOutboxMessage(key=f"k{i}", chat_id=i, kind="text", payload={}) for i in range(300)], now
        )

        async def drain(repos):
            mine = []
            while batch := await sender(repos).claim_due(now, limit=7, lease_seconds=600):
                mine.extend(m.id for m in batch)
                await asyncio.sleep(0)
            return mine

        results = await asyncio.gather(drain(repos_a), drain(repos_b), drain(repos_a), drain(repos_b))
        claimed = [i for ids in results for i in ids]
        assert len(claimed) == len(set(claimed)) == 300
    finally:
        await first.close()
        await second.close()


async def test_an_answer_is_claimed_before_older_bulk_messages(repos, now):
    for n in range(3):
        await repos.outbox.enqueue(f"bulk{n}", 10 + n, "message", {}, now)
    await repos.outbox.enqueue("answer", 99, "message", {}, now + timedelta(seconds=1),
                               priority=Priority.answer)

    claimed = await sender(repos).claim_due(now + timedelta(seconds=1), 2, 60, "1:1")

    assert {m.key for m in claimed} == {"answer", "bulk0"}
    assert all(m.claimed_by == "1:1" for m in claimed)


async def test_the_claims_of_a_stopped_process_are_due_again_at_once(repos, now):
    for n in range(3):
        await repos.outbox.enqueue(f"k{n}", n, "message", {}, now)
    await sender(repos).claim_due(now, 2, 600, "111:5")
    await sender(repos).claim_due(now, 1, 600, "222:7")
    assert sorted(await sender(repos).claim_owners()) == ["111:5", "222:7"]

    assert await sender(repos).release_claims("111:5", now) == 2

    again = await sender(repos).claim_due(now, 10, 600, "333:9")
    assert sorted(m.key for m in again) == ["k0", "k1"]  # k2 stays with its live owner's lease
    assert sorted(await sender(repos).claim_owners()) == ["222:7", "333:9"]


async def test_a_notices_deliveries_are_read_from_their_columns(repos, now):
    facts = {"notice_id": 7, "unit_id": 3, "person_id": 5}
    await repos.outbox.enqueue_many([
        NewOutboxMessage(key="x-part1", chat_id=50, kind="message", payload={}, part=1, **facts),
        NewOutboxMessage(key="x-part2", chat_id=50, kind="message", payload={}, part=2, **facts),
        NewOutboxMessage(key="x-redraw", chat_id=60, kind="edit_text", payload={}, notice_id=7),
        NewOutboxMessage(key="y-part1", chat_id=50, kind="message", payload={}, part=1,
                         **{**facts, "notice_id": 8}),
    ], now)

    rows = await repos.outbox.for_notice(7)

    assert [(r.key, r.unit_id, r.person_id, r.part) for r in rows] == [
        ("x-part1", 3, 5, 1), ("x-part2", 3, 5, 2)]


async def test_a_waiting_redraw_takes_the_newer_text_and_a_sent_one_is_left_alone(repos, now):
    item = NewOutboxMessage(key="redraw:1", chat_id=1, kind="edit_text", payload={"text": "cũ"})

    def text(value):
        return item.model_copy(update={"payload": {"text": value}})

    await repos.outbox.enqueue_latest(item, now, not_before=now)
    await repos.outbox.enqueue_latest(text("mới"), now, not_before=now)
    assert (await repos.outbox.for_key("redraw:1")).payload == {"text": "mới"}

    [row] = await sender(repos).claim_due(now, 1, 60, "1:1")
    await sender(repos).mark_sent(row.id, 5, now)
    await repos.outbox.enqueue_latest(text("sau"), now, not_before=now)
    assert (await repos.outbox.for_key("redraw:1")).payload == {"text": "mới"}
