"""A press of Gửi is never lost: the publish is committed before the office is answered, and when it
cannot be stored the office is told and the draft stays as it was."""

from __future__ import annotations

import asyncio

from bot.app import build_application, running
from bot.testing import WAIT
from messages.render import render
from storage.db import open_database
from storage.models import NoticeStatus
from storage.repositories import FIRST_TENANT, Repositories
from tests.bot.notice_helpers import OFFICE_ID, make_ward, press_and_wait, show_written
from tests.notices import KH_118


async def _preview(fake_api, person, repos):
    ward = await make_ward(repos)
    office = person(OFFICE_ID, "Hà")
    preview = await show_written(fake_api, office, repos, ward, KH_118)
    notice_id = (await repos.notices.list_recent(1))[0].id
    await press_and_wait(fake_api, office, preview, button="1 ➕ Tạo đơn vị mới")
    return office, preview, notice_id


async def test_the_publish_is_stored_when_the_office_gets_its_answer(running_app, fake_api, person):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    office, preview, notice_id = await _preview(fake_api, person, repos)
    held = fake_api.hold("answerCallbackQuery")

    press = office.press(preview, button="Gửi")
    await press.answered()  # the office's answer has reached Telegram, which holds it there
    notice = await repos.notices.get(notice_id)
    rows = await repos.outbox.with_key_prefix(f"deliver:{notice_id}:")
    held.release()
    await fake_api.wait_for("editMessageText", chat_id=office.chat_id, since=press.since)  # the report

    assert notice is not None and notice.status is NoticeStatus.published
    assert rows and {row.status for row in rows} <= {"pending", "sent"}


async def test_a_publish_that_cannot_be_stored_is_told_to_the_office_and_keeps_the_draft(
    running_app, fake_api, person
):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    office, preview, notice_id = await _preview(fake_api, person, repos)
    # The disk is full, say: any write to the outbox fails, so the publish transaction rolls back.
    async with repos.db.transaction():
        await repos.db.execute("CREATE TEMP TRIGGER full BEFORE INSERT ON outbox "
                               "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")

    press = office.press(preview, button="Gửi")
    answer = await press.answered(within=WAIT)

    assert answer.params["text"] == render("review_reply.html.j2", what="publish_failed")
    assert answer.params["show_alert"] is True
    notice = await repos.notices.get(notice_id)
    assert notice is not None and notice.status is NoticeStatus.draft
    assert await repos.outbox.with_key_prefix(f"deliver:{notice_id}:") == []


async def test_stopping_the_bot_mid_broadcast_hands_the_unsent_rows_back_instead_of_waiting(
    fake_api, settings, person
):
    app = build_application(settings, base_url=fake_api.base_url, base_file_url=fake_api.base_file_url)
    fake_api.app = app
    async with asyncio.timeout(WAIT):  # the stop must not wait out Telegram's slowness (20 s a call)
        async with running(app, poll_timeout=1.0):
            repos = app.bot_data.repos_for(FIRST_TENANT)
            office, preview, notice_id = await _preview(fake_api, person, repos)
            slow = fake_api.hold("sendMessage", chat_id=None)  # the broadcast's first message hangs
            mark = fake_api.mark()
            office.press(preview, button="Gửi")
            await fake_api.wait_for("sendMessage", lambda r: r.chat_id != OFFICE_ID, since=mark)
        # stopped here, while the first delivery is still on its way
    slow.release()

    db = await open_database(settings.db_path)
    try:
        rows = await Repositories(db, FIRST_TENANT).outbox.with_key_prefix(f"deliver:{notice_id}:")
    finally:
        await db.close()
    assert len(rows) > 1 and all(row.status == "pending" for row in rows)  # all kept for the next start
