"""Workers sharing one database: an update recorded once, leases, taking back a dead worker's outbox rows
(never a live one's), a chat's rows left to the worker that holds some, and the shared send pace."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from storage.db import NotOnThisEngine, open_database
from storage.repositories import FIRST_TENANT, Deployment
from tests.storage.conftest import NOW

BOT = 123456
LEASE = timedelta(seconds=60)


@pytest.fixture
def deployment(db):
    return Deployment(db)


async def test_an_update_is_stored_once_and_forgotten_two_days_after_it_was_handled(deployment, now):
    workers = deployment.workers
    assert await workers.receive(BOT, 41, "{}", "w1", now) is True
    assert await workers.receive(BOT, 41, "{}", "w2", now + timedelta(seconds=5)) is False
    assert await workers.receive(654321, 41, "{}", "w1", now) is True  # another token's update 41
    await workers.finish(BOT, 41, now)
    assert await workers.forget_updates(now + timedelta(days=2)) == 1  # the unfinished one stays
    assert await workers.receive(BOT, 41, "{}", "w1", now + timedelta(days=2)) is True


async def test_a_gone_workers_unfinished_updates_are_taken_over_in_order_and_given_up_after_three_tries(
    deployment, now
):
    workers = deployment.workers
    await workers.beat("live", now, LEASE)
    for update_id, receiver in ((7, "dead"), (5, "dead"), (6, "live"), (8, "dead")):
        await workers.receive(BOT, update_id, f'{{"update_id": {update_id}}}', receiver, now)
    await workers.finish(BOT, 8, now)

    taken, given_up = await workers.take_over_unfinished(BOT, "me", now, max_attempts=3)
    assert [(u.update_id, u.attempts) for u in taken] == [(5, 2), (7, 2)]  # the live worker keeps 6
    assert given_up == []
    assert (await workers.take_over_unfinished(BOT, "me", now, max_attempts=3)) == ([], [])  # mine now

    taken, _ = await workers.take_over_unfinished(BOT, "me again", now, max_attempts=3)  # "me" died
    assert [(u.update_id, u.attempts) for u in taken] == [(5, 3), (7, 3)]
    await workers.finish(BOT, 7, now)
    taken, given_up = await workers.take_over_unfinished(BOT, "third", now, max_attempts=3)
    assert (taken, given_up) == ([], [5])
    assert (await workers.take_over_unfinished(BOT, "fourth", now, max_attempts=3)) == ([], [])


async def test_on_one_process_per_database_every_other_receiver_is_gone(deployment, now):
    workers = deployment.workers
    await workers.beat("earlier", now, LEASE)  # a lease means nothing on SQLite's one process
    await workers.receive(BOT, 3, "{}", "earlier", now)
    await workers.receive(BOT, 4, "{}", "me", now)
    taken, _ = await workers.take_over_unfinished(BOT, "me", now, max_attempts=3, all_others=True)
    assert [u.update_id for u in taken] == [3]


async def _claim(deployment, owner, now, limit=10):
    return await deployment.outbox.claim_due(now, limit, 600, owner)


async def _enqueue(deployment, key, chat, payload, now):
    await deployment.repos(FIRST_TENANT).outbox.enqueue(key, chat, "message", payload, now)


async def test_the_rows_of_a_worker_whose_lease_ran_out_are_taken_back_and_a_live_ones_are_not(
    deployment, now
):
    repos = deployment
    for chat in (1, 2):
        await _enqueue(deployment, f"m{chat}", chat, {"text": "x"}, now)
    await repos.workers.beat("live", now, LEASE)
    await repos.workers.beat("dying", now - timedelta(seconds=50), LEASE)
    [live_row] = await _claim(repos, "live", now, limit=1)
    [dying_row] = await _claim(repos, "dying", now, limit=1)

    assert await repos.workers.take_back_from_dead(now) == {}
    later = now + timedelta(seconds=20)  # "dying" last renewed 70 s ago
    assert await repos.workers.take_back_from_dead(later) == {"dying": 1}

    assert (await repos.outbox.get(dying_row.id)).claimed_by is None
    assert (await repos.outbox.get(live_row.id)).claimed_by == "live"
    assert await repos.workers.alive(later) == ["live"]
    assert [m.id for m in await _claim(repos, "live", later)] == [dying_row.id]


async def test_a_workers_clean_leave_makes_its_remaining_claims_fair_game(deployment, now):
    repos = deployment
    await _enqueue(deployment, "m1", 1, {"text": "x"}, now)
    await repos.workers.beat("leaving", now, LEASE)
    await _claim(repos, "leaving", now)
    await repos.workers.leave("leaving")
    assert await repos.workers.take_back_from_dead(now) == {"leaving": 1}


@pytest.mark.postgres
async def test_a_chat_whose_rows_one_worker_holds_is_left_to_that_worker(postgres_url):
    from tests.postgres import empty_postgres

    db = await empty_postgres(postgres_url)
    repos = Deployment(db)
    try:
        for part in (1, 2, 3):
            await _enqueue(repos, f"busy:{part}", 7, {"part": part}, NOW)
        await _enqueue(repos, "other", 8, {"part": 1}, NOW)
        first = await _claim(repos, "a", NOW, limit=1)
        assert [m.payload["part"] for m in first] == [1]
        # "b" must not send part 2 while "a" still holds part 1: it gets only the other chat
        assert [m.chat_id for m in await _claim(repos, "b", NOW)] == [8]
        await repos.outbox.mark_sent(first[0].id, 1, NOW)
        assert [m.payload["part"] for m in await _claim(repos, "b", NOW)] == [2, 3]
    finally:
        await db.close()


@pytest.mark.postgres
async def test_claims_made_at_once_by_two_workers_never_share_a_row(postgres_url):
    from tests.postgres import empty_postgres

    setup = await empty_postgres(postgres_url)
    try:
        for chat in range(200):
            await _enqueue(Deployment(setup), f"m{chat}", chat, {}, NOW)
    finally:
        await setup.close()
    workers = [Deployment(await open_database(postgres_url)) for _ in range(4)]
    try:
        claims = await asyncio.gather(*(
            _claim(repos, f"w{n}", NOW, limit=30) for n in range(3) for repos in workers))
        ids = [m.id for claim in claims for m in claim]
        assert len(ids) == len(set(ids)) == 200
    finally:
        for repos in workers:
            await repos.db.close()


@pytest.mark.postgres
async def test_the_shared_pace_spaces_slots_holds_a_chat_for_its_interval_and_keeps_a_429s_hold(postgres_url):
    from tests.postgres import empty_postgres

    db = await empty_postgres(postgres_url)
    pace = Deployment(db).send_pace
    try:
        # Wide slots (10 s, 100 s per chat), so the calls' own time does not matter.
        waits = [await pace.reserve(BOT, chat, 10, 100) for chat in (1, 2, 3)]
        assert waits == [pytest.approx(0, abs=1), pytest.approx(10, abs=1), pytest.approx(20, abs=1)]
        assert await pace.reserve(BOT, 1, 10, 100) == pytest.approx(100, abs=1)  # chat 1's interval
        await pace.hold(BOT, 300)
        assert await pace.held_for(BOT) == pytest.approx(300, abs=1)
        assert await pace.reserve(BOT, 9, 10, 100) == pytest.approx(300, abs=1)
        assert await pace.reserve(654321, 9, 10, 100) == pytest.approx(0, abs=1)  # another token
    finally:
        await db.close()


async def test_the_shared_pace_is_not_pretended_on_sqlite(tmp_path):
    db = await open_database(tmp_path / "one.sqlite3", migrate=True)
    try:
        with pytest.raises(NotOnThisEngine):
            await Deployment(db).send_pace.reserve(BOT, 1, 0.05, 1.0)
    finally:
        await db.close()


@pytest.mark.postgres
async def test_read_then_write_transactions_of_two_workers_take_turns_as_on_sqlite(postgres_url):
    """Under READ COMMITTED two transactions reading MAX(…) side by side would both write MAX + 1; the
    writers' lock makes the second read after the first committed."""
    from tests.postgres import empty_postgres

    await (await empty_postgres(postgres_url)).close()
    workers = [await open_database(postgres_url) for _ in range(2)]

    async def next_id(db) -> None:
        async with db.transaction():
            last = await db.fetch_value("SELECT COALESCE(MAX(update_id), 0) FROM handled_updates")
            await asyncio.sleep(0)  # let the other worker's transaction run meanwhile if it can
            await db.execute("INSERT INTO handled_updates (bot_id, update_id, handled_at) VALUES (?, ?, ?)",
                             (BOT, last + 1, "2026-06-03T02:00:00.000000+00:00"))

    try:
        await asyncio.gather(*(next_id(db) for _ in range(10) for db in workers))
        ids = [row[0] for row in await workers[0].fetch_all(
            "SELECT update_id FROM handled_updates ORDER BY update_id")]
        assert ids == list(range(1, 21))
    finally:
        for db in workers:
            await db.close()
