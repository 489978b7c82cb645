"""Two real `dondoc run --webhook` processes on one PostgreSQL database, as compose's postgres profile
runs them: with no secret set, both register the same one, and an update posted to both is handled once."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

import pytest
from aiohttp import ClientSession

from bot.commands.run import shared_webhook_secret
from bot.testing import WAIT, FakeBotApi, FakeUser
from bot.testing.process import bot_env, wait_listening
from tests.postgres import empty_postgres
from tests.workers.conftest import _free_port

pytestmark = pytest.mark.postgres

TOKEN = "654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
URL = "https://bot.example.gov.vn/telegram"


async def _start(folder: Path, api: FakeBotApi, database_url: str, port: int) -> asyncio.subprocess.Process:
    env = bot_env(api, token=TOKEN, home=folder, db_path=folder / "dondoc.sqlite3",
                  DONDOC_DATABASE_URL=database_url)
    with (folder / "log.txt").open("ab") as output:  # a file: nobody reads a pipe while the bot runs
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", "--webhook", URL, "--port", str(port), cwd=folder, env=env,
            stdout=output, stderr=output)


async def _post(session: ClientSession, port: int, update: dict, secret: str) -> int:
    async with session.post(f"http://127.0.0.1:{port}/telegram", json=update,
                            headers={"X-Telegram-Bot-Api-Secret-Token": secret}) as response:
        return response.status


async def test_two_worker_processes_share_the_webhook_secret_and_handle_an_update_once(
    tmp_path, postgres_url
):
    await (await empty_postgres(postgres_url)).close()
    ports = [_free_port(), _free_port()]
    for n in (1, 2):
        (tmp_path / f"worker-{n}").mkdir()
    async with FakeBotApi(token=TOKEN) as api:
        processes = [await _start(tmp_path / f"worker-{n}", api, postgres_url, port)
                     for n, port in enumerate(ports, start=1)]
        try:
            await api.until(lambda: len(api.requests("setWebhook")) == 2)
            secrets = {request.params["secret_token"] for request in api.requests("setWebhook")}
            assert secrets == {shared_webhook_secret(TOKEN)}
            for port in ports:
                await wait_listening(port, WAIT)
            secret = secrets.pop()
            stranger = FakeUser(5005, "Tú")
            update = api.text_message(stranger, "/start")
            async with ClientSession() as session:
                posts = await asyncio.gather(*(_post(session, port, update, secret) for port in ports))
                assert posts == [200, 200]
                # One chat's updates are handled in order by each worker: once these later ones are
                # answered, both workers are done with the first.
                for port in ports:
                    assert await _post(session, port, api.text_message(stranger, "/start"), secret) == 200
            await api.until(lambda: len(api.requests("sendMessage", chat_id=stranger.id)) >= 3)
            assert len(api.requests("sendMessage", chat_id=stranger.id)) == 3
        finally:
            for process in processes:
                process.send_signal(signal.SIGTERM)
            codes = [await asyncio.wait_for(process.wait(), 20) for process in processes]
    assert codes == [0, 0], [(tmp_path / f"worker-{n}" / "log.txt").read_text() for n in (1, 2)]
