"""/ngaynghi over the wire: an admin adds a day off; others and bad dates change nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest
from pydantic import SecretStr
from telegram.ext import Application

from bot.app import build_application, running
from bot.services import reminders
from bot.testing import FakeBotApi, FakeUser, Person
from messages.render import render
from storage.repositories import FIRST_TENANT
from tests.reminders_flow.world import at
from tests.telegram.conftest import ADMIN_ID, TEST_TOKEN, fake_api  # noqa: F401 - fixture

NOW = at(date(2026, 8, 20), "10:00")  # a Thursday


@pytest.fixture
async def app(fake_api: FakeBotApi, settings, monkeypatch) -> AsyncIterator[Application]:  # noqa: F811
    monkeypatch.setattr(reminders, "utc_now", lambda: NOW)
    settings = settings.model_copy(update={
        "telegram_token": SecretStr(TEST_TOKEN), "admin_ids": [ADMIN_ID], "send_rate_per_chat": 50.0,
    })
    application = build_application(
        settings, base_url=fake_api.base_url, base_file_url=fake_api.base_file_url
    )
    async with running(application, poll_timeout=1.0):
        yield application


async def _days_off(app) -> list[date]:
    repos = app.bot_data.repos_for(FIRST_TENANT)
    return [d.day for d in await repos.reminders.days_off(date(2000, 1, 1), date(2100, 1, 1))]


async def test_an_admin_adds_a_day_off_and_bad_input_changes_nothing(app, fake_api):  # noqa: F811
    admin = Person(fake_api, FakeUser(ADMIN_ID, "Quản trị"))
    added = await admin.ask("/ngaynghi 04/09/2026 Nghỉ <b>bù</b> & giỗ tổ")
    assert added.text.splitlines()[0] == (
        "Đã thêm ngày nghỉ Thứ Sáu 04/09/2026 (Nghỉ &lt;b&gt;bù&lt;/b&gt; &amp; giỗ tổ)."
    )
    assert await _days_off(app) == [date(2026, 9, 4)]

    again = await admin.ask("/ngaynghi 04/09/2026")
    assert again.text == "Ngày 04/09/2026 đã có trong danh sách ngày nghỉ."
    holiday = await admin.ask("/ngaynghi 02/09/2026")
    assert holiday.text == "Ngày Thứ Tư 02/09/2026 vốn đã là ngày nghỉ (Quốc khánh), không cần thêm."
    past = await admin.ask("/ngaynghi 01/08/2026")
    assert past.text == "Ngày 01/08/2026 đã qua, không thể thêm làm ngày nghỉ."
    usage = await admin.ask("/ngaynghi mai")
    assert usage.text.startswith("Cách dùng: /ngaynghi dd/mm/yyyy [lý do]")
    assert await _days_off(app) == [date(2026, 9, 4)]


async def test_a_head_cannot_add_a_day_off(app, fake_api):  # noqa: F811
    repos = app.bot_data.repos_for(FIRST_TENANT)
    unit = await repos.units.create("Phòng Kinh tế", now=NOW)
    head = await repos.people.upsert_from_telegram(321, 321, "Lan", NOW)
    await repos.roles.grant(head.id, "head", unit.id, granted_by=None, now=NOW)
    answer = await Person(fake_api, FakeUser(321, "Lan")).ask("/ngaynghi 04/09/2026")
    assert answer.text == render("not_allowed.html.j2", reason="role")
    assert await _days_off(app) == []
