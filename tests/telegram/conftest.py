"""Fixtures for every flow test: a fake Bot API server, hermetic settings, the real Application
polling that server, and people who talk to it.

    async def test_something(running_app, fake_api, person):
        stranger = person(5001, "Minh")
        reply = await stranger.ask("/start")
        assert reply.params["parse_mode"] == "HTML"
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable

import pytest
from telegram.ext import Application

from bot.app import build_application, running
from bot.config import Settings
from bot.testing import FakeBotApi, FakeUser, Person

TEST_TOKEN = "123456:TEST"
ADMIN_ID = 9001


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(token=TEST_TOKEN) as fake:
        yield fake


@pytest.fixture
def settings(tmp_path, monkeypatch) -> Settings:
    # Hermetic: nothing from the developer's environment or .env leaks into a test.
    for name in list(os.environ):
        if name.startswith("DONDOC_"):
            monkeypatch.delenv(name)
    return Settings(
        _env_file=None,
        telegram_token=TEST_TOKEN,
        db_path=tmp_path / "dondoc.sqlite3",
        admin_ids=[ADMIN_ID],
        # Production paces a chat at 1 message/s; flows that answer with several messages would make
        # the suite slow, so tests pace faster (tests/telegram/test_rate_limit.py checks the pacing).
        send_rate_per_chat=50.0,
        outbox_interval_seconds=0.2,
    )


@pytest.fixture
async def running_app(fake_api: FakeBotApi, settings: Settings) -> AsyncIterator[Application]:
    """The production Application (build_application), initialised, post_init run, polling the fake."""
    app = build_application(settings, base_url=fake_api.base_url, base_file_url=fake_api.base_file_url)
    fake_api.app = app
    async with running(app, poll_timeout=1.0):
        yield app


@pytest.fixture
def person(fake_api: FakeBotApi) -> Callable[..., Person]:
    """person(user_id, first_name, **FakeUser fields) -> Person talking in their private chat."""

    def make(user_id: int, first_name: str = "Người dùng", **fields: object) -> Person:
        return Person(fake_api, FakeUser(user_id, first_name, **fields))  # type: ignore[arg-type]

    return make
