"""A crash mid-broadcast: the outbox resumes on a new Application over the same database. Nobody misses
a message; only a row that was sent but not yet recorded when the process died goes out twice."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from bot.app import build_application, running
from bot.sending import deliver
from storage.models import RoleName
from tests.bot.notice_helpers import OFFICE_ID, make_ward, publish_written
from tests.notices import KH_118

SENT_BEFORE_CRASH = 3


async def _until_sent(fake, repos, notice_id, count):
    async def sent():
        rows = await repos.outbox.with_key_prefix(f"deliver:{notice_id}:")
        return sum(row.status == "sent" for row in rows) >= count

    await fake.until(sent)


def _delivered(fake, chat_ids):
    """(chat, text) of every successful delivery message, repeats included."""
    return Counter(
        (r.chat_id, r.params["text"]) for r in fake.requests("sendMessage")
        if r.chat_id in chat_ids and r.result is not None
    )


async def test_a_crash_mid_broadcast_resumes_without_losing_or_repeating(fake_api, settings, person):
    first = build_application(settings, base_url=fake_api.base_url, base_file_url=fake_api.base_file_url)
    async with running(first, poll_timeout=1.0):
        repos = first.bot_data.repos
        ward = await make_ward(repos)
        now = datetime.now(UTC)
        for number, unit in enumerate(list(ward.units.values())[:3]):
            deputy = await repos.people.upsert_from_telegram(7101 + number, 7101 + number, "Phó", now)
            await repos.roles.grant(deputy.id, RoleName.deputy, unit.id, granted_by=None, now=now)
        # Only the drain right after Gửi runs in the first process, with a small batch.
        for job in first.job_queue.get_jobs_by_name("outbox"):
            job.schedule_removal()
        first.bot_data.outbox.batch_size = SENT_BEFORE_CRASH
        notice_id, _ = await publish_written(fake_api, person(OFFICE_ID, "Hà"), repos, ward, KH_118)
        await _until_sent(fake_api, repos, notice_id, SENT_BEFORE_CRASH)
        # One more row is claimed and reaches Telegram, and the process dies before recording it.
        [cut] = await repos.outbox.claim_due(datetime.now(UTC), 1, lease_seconds=0.5)
        await deliver(first.bot, cut.chat_id, cut.kind, cut.payload)
        rows = await repos.outbox.with_key_prefix(f"deliver:{notice_id}:")
        chats = {row.chat_id for row in rows}
        before = sum(_delivered(fake_api, chats).values())
        assert before == SENT_BEFORE_CRASH + 1 < len(rows)

    second = build_application(settings, base_url=fake_api.base_url, base_file_url=fake_api.base_file_url)
    async with running(second, poll_timeout=1.0):
        repos = second.bot_data.repos
        await _until_sent(fake_api, repos, notice_id, len(rows))
        rows = await repos.outbox.with_key_prefix(f"deliver:{notice_id}:")

        assert all(row.status == "sent" for row in rows)
        delivered = _delivered(fake_api, chats)
        expected = Counter((row.chat_id, row.payload["text"]) for row in rows)
        assert set(delivered) == set(expected)  # nobody missed anything
        repeats = {key: n for key, n in delivered.items() if n > expected[key]}
        assert repeats == {(cut.chat_id, cut.payload["text"]): 2}  # only the unrecorded one, once
        for row in rows:
            link = await repos.links.find(row.chat_id, row.telegram_message_id)
            assert link is not None and link.kind == "delivery"
