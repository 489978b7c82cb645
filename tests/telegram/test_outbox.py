
"""The outbox sender against the fake Bot API: one test per Telegram answer."""

import asyncio
import logging
import os
from datetime import UTC, datetime, timedelta

import pytest

from bot.outbox import DrainReport, OutboxSender
from bot.outbox_owner import owner_of
from bot.sending import deliver
from bot.telegram_errors import backoff
from bot.testing import WAIT, ApiError
from bot.testing.memory_outbox import MemoryOutbox
from storage.models import Priority
from storage.repositories import FIRST_TENANT

NOW = datetime(2026, 6, 1, 1, 0, tzinfo=UTC)
HEAD, OTHER_HEAD, GROUP = 7001, 7002, -1001
KEYBOARD = {"inline_keyboard": [[{"text": "Đã nhận", "callback_data": "ack:12"}]]}


class Listener:
    def __init__(self):
        self.delivered, self.unreachable, self.migrated = [], [], []

    async def on_delivered(self, item, message_id):
        self.delivered.append((item.id, message_id))

    async def on_unreachable(self, item, reason):
        self.unreachable.append((item.chat_id, reason))

    async def on_migrated(self, old, new):
        self.migrated.append((old, new))


@pytest.fixture
def store():
    return MemoryOutbox()


@pytest.fixture
def listener():
    return Listener()


@pytest.fixture
def sender(running_app, store, listener):
    return OutboxSender(
        store, running_app.bot, on_delivered=listener.on_delivered,
        on_unreachable=listener.on_unreachable, on_migrated=listener.on_migrated, send_timeout=WAIT,
    )


async def test_a_sent_message_is_recorded_with_telegrams_message_id(sender, store, listener, fake_api):
    row = store.add(HEAD, NOW, text="Nhiệm vụ của <b>Phòng Tư pháp</b>", reply_markup=KEYBOARD)

    report = await sender.drain(NOW)

    request = fake_api.requests("sendMessage", chat_id=HEAD)[0]
    assert request.params["text"] == "Nhiệm vụ của <b>Phòng Tư pháp</b>"
    assert request.params["parse_mode"] == "HTML"
    assert request.params["reply_markup"] == KEYBOARD
    message_id = fake_api.sent_messages(HEAD)[0]["message_id"]
    assert report.sent == [row]
    assert store.rows[row].status == "sent"
    assert store.rows[row].telegram_message_id == message_id
    assert listener.delivered == [(row, message_id)]


async def test_a_head_who_blocked_the_bot_is_reported_unreachable_and_not_retried(
    sender, store, listener, fake_api
):
    fake_api.fail_next("sendMessage", ApiError.blocked(), chat_id=HEAD)
    first = store.add(HEAD, NOW, text="Phần 1")
    second = store.add(HEAD, NOW, text="Phần 2")
    other = store.add(OTHER_HEAD, NOW, text="Việc của đơn vị khác")

    report = await sender.drain(NOW)

    assert report.unreachable == [first]
    assert store.rows[first].status == store.rows[second].status == "failed"
    assert "blocked" in store.rows[first].error
    assert len(fake_api.requests("sendMessage", chat_id=HEAD)) == 1  # the second part is not tried
    assert store.rows[other].status == "sent"
    assert listener.unreachable == [(HEAD, store.rows[first].error)]
    assert await sender.drain(NOW + timedelta(hours=1)) == type(report)()


async def test_chat_not_found_is_permanent_and_reported(sender, store, listener, fake_api):
    fake_api.fail_next("sendMessage", ApiError.chat_not_found(), chat_id=HEAD)
    row = store.add(HEAD, NOW, text="Xin chào")

    await sender.drain(NOW)

    assert store.rows[row].status == "failed"
    assert listener.unreachable == [(HEAD, "BadRequest: Chat not found")]


async def test_flood_control_stops_every_send_claimed_rows_included_until_retry_after_passes(
    sender, store, fake_api, caplog
):
    fake_api.fail_next("sendMessage", ApiError.flood(retry_after=1), chat_id=HEAD)
    flooded = store.add(HEAD, NOW, text="Nhắc việc")
    others = [store.add(8000 + n, NOW, text=f"Việc {n}") for n in range(20)]

    with caplog.at_level(logging.INFO):
        report = await sender.drain(NOW)  # one drain: all 21 rows are claimed before the 429

    assert sorted(report.sent) == [flooded, *others]
    requests = fake_api.requests("sendMessage")
    [refused] = [r for r in requests if r.error is not None]
    after = [r.at for r in requests if r.at > refused.at]
    # Not one request inside the second Telegram asked for, and every row went out once after it.
    assert after and min(after) >= refused.at + timedelta(seconds=1)
    assert len(requests) == 22 and len(fake_api.sent_messages(HEAD)) == 1
    floods = [r for r in caplog.records if "flood" in r.getMessage().lower()]
    assert [(r.levelno, r.exc_info) for r in floods] == [(logging.WARNING, None)]


async def test_a_flood_longer_than_half_the_lease_hands_the_row_back_for_later(running_app, store, fake_api):
    sender = OutboxSender(store, running_app.bot, lease_seconds=10, send_timeout=WAIT)
    fake_api.fail_next("sendMessage", ApiError.flood(retry_after=7), chat_id=HEAD)
    row = store.add(HEAD, NOW, text="Nhắc việc")

    first = await sender.drain(NOW)

    assert first.retried == [row]
    assert store.rows[row].status == "pending" and store.rows[row].claimed_by is None
    assert NOW + timedelta(seconds=7) <= store.rows[row].next_attempt_at <= NOW + timedelta(seconds=7 + WAIT)


async def test_bad_gateway_is_retried_later_with_backoff_keeping_the_chats_order(sender, store, fake_api):
    fake_api.fail_next("sendMessage", ApiError.bad_gateway(), chat_id=HEAD)
    first = store.add(HEAD, NOW, text="Phần 1")
    second = store.add(HEAD, NOW, text="Phần 2")

    report = await sender.drain(NOW)

    assert report.retried == [first, second]
    assert store.rows[first].status == "pending"
    # The drain's clock starts at NOW and moves on with the event loop while it runs.
    assert NOW + backoff(1) <= store.rows[first].next_attempt_at <= NOW + backoff(1) + timedelta(seconds=WAIT)
    assert "Bad Gateway" in store.rows[first].error
    assert await sender.drain(NOW + timedelta(seconds=1)) == type(report)()

    again = await sender.drain(store.rows[first].next_attempt_at)

    assert again.sent == [first, second]
    assert [m["text"] for m in fake_api.sent_messages(HEAD)] == ["Phần 1", "Phần 2"]


async def test_a_send_that_times_out_is_retried(running_app, store, fake_api):
    sender = OutboxSender(store, running_app.bot, send_timeout=0.5)
    # Held until the fake server stops: however loaded the machine, the 0.5 s timeout comes first.
    fake_api.fail_next("sendMessage", ApiError.slow(10 * WAIT), chat_id=HEAD)
    row = store.add(HEAD, NOW, text="Chậm")

    report = await sender.drain(NOW)

    assert report.retried == [row]
    assert "TimedOut" in store.rows[row].error


async def test_transient_errors_give_up_after_max_attempts(running_app, store, fake_api):
    sender = OutboxSender(store, running_app.bot, max_attempts=2)
    fake_api.fail_next("sendMessage", ApiError.bad_gateway(), times=5)
    row = store.add(HEAD, NOW, text="Mãi lỗi")

    await sender.drain(NOW)
    assert store.rows[row].status == "pending"
    await sender.drain(NOW + timedelta(hours=1))

    assert store.rows[row].status == "failed"
    assert store.rows[row].attempts == 2


async def test_a_migrated_group_gets_the_message_at_its_new_id(sender, store, listener, fake_api):
    fake_api.fail_next("sendMessage", ApiError.migrated(-1009), chat_id=GROUP)
    row = store.add(GROUP, NOW, text="Báo cáo tổng hợp")

    await sender.drain(NOW)

    assert listener.migrated == [(GROUP, -1009)]
    assert store.rows[row].status == "sent"
    assert fake_api.sent_messages(-1009)[0]["text"] == "Báo cáo tổng hợp"


async def test_unescaped_html_is_a_permanent_failure_not_an_unreachable_head(sender, store, listener):
    row = store.add(HEAD, NOW, text="Phòng <Kinh tế> & Hạ tầng")

    await sender.drain(NOW)

    assert store.rows[row].status == "failed"
    assert "parse entities" in store.rows[row].error
    assert listener.unreachable == []


async def test_an_edit_that_changes_nothing_counts_as_done(sender, store, fake_api):
    sent = store.add(HEAD, NOW, text="Đã nhận", reply_markup=KEYBOARD)
    await sender.drain(NOW)
    message_id = store.rows[sent].telegram_message_id
    same = store.add(HEAD, NOW, kind="edit_text", text="Đã nhận", message_id=message_id,
                     reply_markup=KEYBOARD)
    changed = store.add(HEAD, NOW, kind="edit_markup", message_id=message_id)

    await sender.drain(NOW)

    assert store.rows[same].status == "sent"
    assert store.rows[changed].status == "sent"
    assert "reply_markup" not in fake_api.sent_messages(HEAD)[0]


async def test_a_document_is_resent_by_file_id(sender, store, fake_api):
    file_id = fake_api.add_file(b"%PDF-1.4 notice", "TB-123.pdf", "application/pdf")
    row = store.add(HEAD, NOW, kind="document", file_id=file_id, caption="Thông báo số 123")

    await sender.drain(NOW)

    assert store.rows[row].status == "sent"
    document = fake_api.sent_messages(HEAD)[0]["document"]
    assert document["file_name"] == "TB-123.pdf"
    assert fake_api.requests("sendDocument")[0].params["caption"] == "Thông báo số 123"


async def test_the_outbox_job_delivers_a_stored_row_without_anyone_calling_drain(fake_api, settings):
    from bot.app import build_application, running

    app = build_application(settings, base_url=fake_api.base_url, base_file_url=fake_api.base_file_url)
    async with running(app, poll_timeout=1.0):
        repos = app.bot_data.repos_for(FIRST_TENANT)
        await repos.outbox.enqueue("test:auto", HEAD, "message", {"text": "Tự động"}, datetime.now(UTC))
        request = await fake_api.wait_for("sendMessage", chat_id=HEAD)

        async def sent():
            row = await repos.outbox.for_key("test:auto")
            return row if row.status == "sent" else None

        row = await fake_api.until(sent)

    assert request.params["text"] == "Tự động"
    assert row.status == "sent"
    assert row.telegram_message_id == request.result["message_id"]


def test_backoff_doubles_and_is_capped():
    assert [backoff(n).total_seconds() for n in (1, 2, 3)] == [5, 10, 20]
    assert backoff(50) == timedelta(minutes=10)


async def test_rows_claimed_by_a_process_that_died_are_taken_back_at_the_first_drain(running_app, store):
    dead = f"{2**22 + 12345}:1"  # above Linux's pid_max: no such process
    gone = store.add(HEAD, NOW, text="Phần 1")
    await store.claim_due(NOW, 10, 600.0, dead)  # its lease would keep the row for ten minutes
    sender = OutboxSender(store, running_app.bot, send_timeout=WAIT)

    report = await sender.drain(NOW + timedelta(seconds=1))

    assert report.sent == [gone]
    assert store.rows[gone].attempts == 2


async def test_rows_claimed_by_a_running_process_stay_with_it(running_app, store):
    alive = owner_of(os.getppid())  # the process that started the tests: alive, and not us
    held = store.add(HEAD, NOW, text="Phần 1")
    await store.claim_due(NOW, 10, 600.0, alive)
    sender = OutboxSender(store, running_app.bot, send_timeout=WAIT)

    report = await sender.drain(NOW + timedelta(seconds=1))

    assert report.sent == [] and store.rows[held].status == "pending"
    assert store.rows[held].claimed_by == alive


async def test_an_answer_enqueued_during_a_broadcast_goes_out_ahead_of_it(sender, store, fake_api):
    broadcast = [store.add(9000 + n, NOW, text=f"Thông báo {n}") for n in range(60)]
    draining = asyncio.create_task(sender.drain(NOW))
    await fake_api.until(lambda: len(fake_api.requests("sendMessage")) >= 5)
    answer = store.add(HEAD, NOW, text="Đã ghi nhận báo cáo tiến độ")
    store.rows[answer].priority = Priority.answer
    assert await sender.drain(NOW) == DrainReport()  # returns at once: the running drain takes it

    report = await draining

    assert sorted(report.sent) == sorted([*broadcast, answer])
    order = [r.chat_id for r in fake_api.requests("sendMessage")]
    # Behind at most the sends already in flight or holding their slot, not behind the 50-odd waiting.
    assert order.index(HEAD) < 20


async def test_a_reply_goes_ahead_of_pressed_buttons_still_waiting_to_be_relabelled(running_app, fake_api):
    """Heads press "Đã nhận" faster than 30 a second: each press is answered at once, and its button's
    new label follows. The labels wait behind a reply to someone else, not the reply behind them."""
    bot = running_app.bot
    relabels = [asyncio.create_task(deliver(bot, 9000 + n, "edit_markup", {
        "message_id": 1, "reply_markup": {"inline_keyboard": []}})) for n in range(60)]
    await fake_api.until(lambda: len(fake_api.requests("editMessageReplyMarkup")) >= 3)
    await deliver(bot, HEAD, "message", {"text": "Tổng hợp"})
    relabelled_before_the_reply = len(fake_api.requests("editMessageReplyMarkup"))
    await asyncio.gather(*relabels, return_exceptions=True)

    # behind the few in flight or holding their slot, not behind the 50-odd waiting (2 s at 29/s)
    assert relabelled_before_the_reply < 20
    assert len(fake_api.requests("editMessageReplyMarkup")) == 60
