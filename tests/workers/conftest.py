"""Two `dondoc run --webhook` workers in one test process: two real Applications, each with its own
webhook listener and its own connections, on one PostgreSQL database and one fake Bot API."""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

import pytest
from aiohttp import ClientSession
from telegram.ext import Application

from bot.app import build_application
from bot.config import Settings
from bot.testing import FakeBotApi
from tests.postgres import empty_postgres

TOKEN = "123456:WORKERS"
SECRET = secrets.token_urlsafe(16)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Worker:
    app: Application
    url: str

    async def post(self, update: dict) -> int:
        """POST an update to this worker as Telegram (through the proxy) does; the HTTP status."""
        async with ClientSession() as session, session.post(
                self.url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}) as response:
            return response.status


@asynccontextmanager
async def webhook_worker(settings: Settings, api: FakeBotApi) -> AsyncIterator[Worker]:
    """One worker as `dondoc run --webhook` starts it (post_init, webhook server, jobs); its wall-clock
    outbox job is removed so the test drives the drains."""
    port = _free_port()
    app = build_application(settings, base_url=api.base_url, base_file_url=api.base_file_url)
    await app.initialize()
    assert app.post_init is not None and app.updater is not None
    await app.post_init(app)
    try:
        await app.updater.start_webhook(
            listen="127.0.0.1", port=port, url_path="telegram",
            webhook_url="https://bot.example.gov.vn/telegram", secret_token=SECRET)
        await app.start()
        assert app.job_queue is not None
        for job in app.job_queue.get_jobs_by_name("outbox"):
            job.schedule_removal()
        try:
            yield Worker(app, f"http://127.0.0.1:{port}/telegram")
        finally:
            await app.updater.stop()
            await app.stop()
    finally:
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)


@pytest.fixture
def worker_settings(tmp_path, monkeypatch, postgres_url) -> Settings:
    for name in list(os.environ):
        if name.startswith("DONDOC_"):
            monkeypatch.delenv(name)
    # Production's pace: 30 messages/s overall, one per second in a chat.
    return Settings(_env_file=None, telegram_token=TOKEN, db_path=tmp_path / "local" / "dondoc.sqlite3",
                    database_url=postgres_url, outbox_interval_seconds=3600)


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(token=TOKEN) as fake:
        yield fake


@pytest.fixture
async def workers(worker_settings, fake_api, postgres_url) -> AsyncIterator[tuple[Worker, Worker]]:
    await (await empty_postgres(postgres_url)).close()
    async with AsyncExitStack() as stack:
        first = await stack.enter_async_context(webhook_worker(worker_settings, fake_api))
        second = await stack.enter_async_context(webhook_worker(worker_settings, fake_api))
        yield first, second
