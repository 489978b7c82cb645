"""The reminder job inside the real Application, over HTTP to the fake Bot API: a due reminder reaches each
head with its buttons, and "Nhắc lại sau 1 ngày" works for the head and only for the head."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest
from pydantic import SecretStr
from telegram.ext import Application

from bot.app import build_application, running
from bot.callbacks import Action, make
from bot.services import reminders
from bot.testing import FakeBotApi, FakeUser, Person
from storage.repositories import FIRST_TENANT
from tests.reminders_flow.world import World, at
from tests.telegram.conftest import TEST_TOKEN, fake_api  # noqa: F401 - fixture

PUBLISHED = at(date(2026, 6, 3), "09:00")


@pytest.fixture
async def app(fake_api: FakeBotApi, settings) -> AsyncIterator[Application]:  # noqa: F811
    settings = settings.model_copy(update={
        "telegram_token": SecretStr(TEST_TOKEN), "outbox_interval_seconds": 0.2, "send_rate_per_chat": 50.0,
    })
    application = build_application(
        settings, base_url=fake_api.base_url, base_file_url=fake_api.base_file_url
    )
    async with running(application, poll_timeout=1.0):
        yield application


async def _run_job(app: Application) -> None:
    jobs = app.job_queue.get_jobs_by_name("reminders")
    assert len(jobs) == 1  # registered once, by post_init
    await jobs[0].run(app)


def _as_person(fake: FakeBotApi, user_id: int, name: str) -> Person:
    return Person(fake, FakeUser(user_id, name))


async def _due_day_reminder(app: Application, fake: FakeBotApi, settings, monkeypatch):
    """The published world, its earliest-deadline assignment and that unit's head, the working day it is
    due, and the reminder the job sent the head at 07:31 that day (the clock stays there)."""
    world = World(settings.db_path, settings)
    await world.setup(PUBLISHED, repos=app.bot_data.repos_for(FIRST_TENANT))
    assignment = await world.earliest_deadline()
    head = world.head_of(assignment)
    due_day = world.calendar.working_day_on_or_before(assignment.deadline)
    monkeypatch.setattr(reminders, "utc_now", lambda: at(due_day, "07:31"))
    mark = fake.mark()
    await _run_job(app)
    sent = await fake.wait_for("sendMessage", chat_id=head.chat_id, since=mark)
    return world, assignment, head, due_day, sent


async def test_the_job_sends_each_head_one_reminder_with_buttons_and_snooze_works(
    app, fake_api, settings, monkeypatch  # noqa: F811
):
    world, assignment, head, due_day, sent = await _due_day_reminder(app, fake_api, settings, monkeypatch)
    assert "<b>Đến hạn hôm nay</b>" in sent.text
    labels = [label for label, _ in sent.buttons]
    assert {"Báo cáo tiến độ", "Hoàn thành", "Nhắc lại sau 1 ngày"} <= set(labels) or \
        {"1. Báo cáo tiến độ", "1. Hoàn thành", "1. Nhắc lại sau 1 ngày"} <= set(labels)
    # The job's drain runs in the background: the link is recorded once Telegram's answer is in.
    links = app.bot_data.repos_for(FIRST_TENANT).links
    link = await fake_api.until(lambda: links.find(head.chat_id, sent.message["message_id"]))
    assert link.kind == "reminder" and assignment.id in link.assignment_ids
    assert len(fake_api.requests("sendMessage", chat_id=head.chat_id)) == 1

    # The same minute again (and a restart would do the same): nothing is sent twice.
    again = fake_api.mark()
    await _run_job(app)
    await app.bot_data.outbox.drain(at(due_day, "07:32"))
    assert [r for r in fake_api.requests("sendMessage", chat_id=head.chat_id)
            if fake_api.log_requests.index(r) >= again] == []

    snooze_data = make(Action.snooze, assignment.id)
    # Another unit's head cannot snooze this unit's task: an alert, nothing changes.
    other = next(p for name, p in world.heads.items() if name != assignment.unit_name)
    intruder = _as_person(fake_api, other.telegram_user_id, "Người khác")
    answer = await intruder.press(sent, data=snooze_data).answered()
    assert answer.params.get("show_alert") is True
    assert "không thuộc đơn vị của đồng chí" in answer.params["text"]
    assert (await app.bot_data.repos_for(FIRST_TENANT).assignments.get(assignment.id)).snooze_count == 0

    lead = _as_person(fake_api, head.telegram_user_id, "Trưởng")
    press = lead.press(sent, data=snooze_data)
    confirm = await press.reply(methods=("sendMessage",))
    assert confirm.text.startswith("Đã hoãn nhắc việc đến 07:30 ")
    assert (await app.bot_data.repos_for(FIRST_TENANT).assignments.get(assignment.id)).snooze_count == 1

    second = lead.press(sent, data=snooze_data)
    await second.reply(methods=("sendMessage",))

    def buttons_of(request) -> list[tuple[str, str]]:
        rows = (request.params.get("reply_markup") or {}).get("inline_keyboard", [])
        return [(button["text"], button.get("callback_data")) for row in rows for button in row]

    # Used up: the reminder is redrawn without this task's snooze button (the other buttons stay).
    edit = await fake_api.wait_for(
        "editMessageReplyMarkup", chat_id=head.chat_id, since=second.since,
        predicate=lambda r: r.params.get("message_id") == sent.message["message_id"]
        and snooze_data not in [data for _, data in buttons_of(r)],
    )
    assert make(Action.done, assignment.id) in [data for _, data in buttons_of(edit)]
    third = lead.press(sent, data=snooze_data)
    refused = await third.reply(methods=("sendMessage",))
    assert "không thể hoãn thêm" in refused.text
    assert (await app.bot_data.repos_for(FIRST_TENANT).assignments.get(assignment.id)).snooze_count == 2


async def test_a_stranger_pressing_snooze_changes_nothing(app, fake_api, settings):  # noqa: F811
    world = World(settings.db_path, settings)
    await world.setup(PUBLISHED, repos=app.bot_data.repos_for(FIRST_TENANT))
    assignment = await world.earliest_deadline()
    head = world.head_of(assignment)
    message = fake_api.store_bot_message(head.chat_id, text="Nhắc việc")
    stranger = _as_person(fake_api, 424242, "Lạ")
    answer = await stranger.press(message, data=make(Action.snooze, assignment.id)).answered()
    assert answer.params.get("show_alert") is True
    assert (await app.bot_data.repos_for(FIRST_TENANT).assignments.get(assignment.id)).snooze_count == 0


async def test_the_digest_job_sends_the_monday_digests_to_the_leader_and_the_office_once(
    app, fake_api, settings, monkeypatch  # noqa: F811
):
    world = World(settings.db_path, settings)
    await world.setup(PUBLISHED, repos=app.bot_data.repos_for(FIRST_TENANT))
    monday = at(date(2026, 6, 15), "07:31")
    monkeypatch.setattr(reminders, "utc_now", lambda: monday)
    jobs = app.job_queue.get_jobs_by_name("digests")
    assert len(jobs) == 1
    mark = fake_api.mark()
    await jobs[0].run(app)
    for person in (world.leader, world.office):
        sent = await fake_api.wait_for("sendMessage", chat_id=person.chat_id, since=mark)
        assert sent.params["parse_mode"] == "HTML" and sent.text
    counts = {p.chat_id: len(fake_api.requests("sendMessage", chat_id=p.chat_id))
              for p in (world.leader, world.office)}
    await jobs[0].run(app)  # the same minute again: nothing twice
    await app.bot_data.outbox.drain(monday)
    assert {p.chat_id: len(fake_api.requests("sendMessage", chat_id=p.chat_id))
            for p in (world.leader, world.office)} == counts


async def test_hoan_thanh_on_a_reminder_completes_the_task_and_its_reminders_stop(
    app, fake_api, settings, monkeypatch  # noqa: F811
):
    world, assignment, head, due_day, sent = await _due_day_reminder(app, fake_api, settings, monkeypatch)
    done_data = make(Action.done, assignment.id)
    assert done_data in [data for _, data in sent.buttons]

    lead = _as_person(fake_api, head.telegram_user_id, "Trưởng")
    prompt = await lead.press(sent, data=done_data).reply(methods=("sendMessage",))
    no_note = make(Action.done_without_note, assignment.id)
    assert no_note in [data for _, data in prompt.buttons]
    await lead.press(prompt, data=no_note).silence()
    assert (await app.bot_data.repos_for(FIRST_TENANT).assignments.get(assignment.id)).status == "done"

    # The next mornings: nothing more about this task, to the head or to the office.
    for day in (world.calendar.next_working_day(due_day),
                world.calendar.add_working_days(due_day, 3)):
        monkeypatch.setattr(reminders, "utc_now", lambda day=day: at(day, "07:31"))
        await _run_job(app)
    outbox = await app.bot_data.repos_for(FIRST_TENANT).outbox.with_key_prefix("remind:")
    outbox += await app.bot_data.repos_for(FIRST_TENANT).outbox.with_key_prefix("escalate:")
    later = [row for row in outbox if assignment.id in row.payload["link"]["assignment_ids"]]
    assert len(later) == 1  # only the due-day reminder the head acted on
