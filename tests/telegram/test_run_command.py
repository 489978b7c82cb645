"""`dondoc run` as a real process: missing token, webhook secret verification, no token in its logs: what
systemd and an operator see. A bad setting, refused before anything starts, is checked in this process."""

import asyncio
import json
import os
import signal
import socket
import sys
from pathlib import Path
from urllib.request import Request, urlopen

import pytest

from bot.testing import WAIT, FakeBotApi, FakeUser
from messages.render import render
from tests.cli import dondoc

REPO = Path(__file__).resolve().parents[2]
TOKEN = "654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
SECRET = "webhook-secret-0123456789"


def _env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DONDOC_")}
    env.update(PYTHONPATH=str(REPO), HOME=str(tmp_path), DONDOC_DB_PATH=str(tmp_path / "db.sqlite3"))
    env.update(extra)
    return env


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_missing_token_prints_one_line_and_exits_2(tmp_path):
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=_env(tmp_path),
        capture_output=True, text=True, timeout=60,
    )

    assert done.returncode == 2
    assert done.stderr == render("cli/missing_token.txt.j2", demo_command="dondoc demo") + "\n"
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_an_unreachable_bot_api_is_one_clear_line_and_exit_1_not_a_traceback(tmp_path):
    import subprocess

    closed = f"http://127.0.0.1:{_free_port()}"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run"], cwd=tmp_path, capture_output=True, text=True, timeout=60,
        env=_env(tmp_path, DONDOC_TELEGRAM_TOKEN=TOKEN, DONDOC_TELEGRAM_API_URL=f"{closed}/bot",
                 DONDOC_TELEGRAM_FILE_URL=f"{closed}/file/bot"),
    )

    assert done.returncode == 1
    assert done.stderr.endswith(render("cli/api_unreachable.txt.j2", api_url=f"{closed}/bot") + "\n")
    assert "Traceback" not in done.stderr
    assert TOKEN not in done.stderr


@pytest.fixture
async def api():
    async with FakeBotApi(token=TOKEN) as fake:
        yield fake


async def _start(tmp_path, api, *args):
    env = _env(tmp_path, DONDOC_TELEGRAM_TOKEN=TOKEN, DONDOC_TELEGRAM_API_URL=api.base_url,
               DONDOC_TELEGRAM_FILE_URL=api.base_file_url)
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", *args, cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )


async def _stop(process):
    process.send_signal(signal.SIGTERM)
    out, err = await asyncio.wait_for(process.communicate(), WAIT)
    return process.returncode, (out + err).decode()


async def _listening(port, within=WAIT):
    """Wait for the bot process to listen on `port` (another process: nothing to wait on but trying)."""
    for _ in range(int(within / 0.05)):
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.05)
            continue
        writer.close()
        return
    raise AssertionError(f"nothing listens on port {port}")


def _post(url, body, headers):
    request = Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json",
                                                                    **headers})
    try:
        with urlopen(request, timeout=5) as response:
            return response.status
    except Exception as error:  # HTTPError carries the status
        return getattr(error, "code", None)


async def test_webhook_accepts_the_secret_header_and_rejects_a_request_without_it(tmp_path, api):
    port = _free_port()
    process = await _start(tmp_path, api, "--webhook", "https://bot.example.org/dondoc/hook",
                           "--port", str(port), "--secret", SECRET)
    try:
        registered = await api.wait_for("setWebhook")
        assert registered.params["url"] == "https://bot.example.org/dondoc/hook"
        assert registered.params["secret_token"] == SECRET
        url = f"http://127.0.0.1:{port}/dondoc/hook"
        await _listening(port)
        stranger = FakeUser(5005, "Tú")
        update = {"update_id": 1, **api.text_message(stranger, "/start")}

        without = await asyncio.to_thread(_post, url, update, {})
        wrong = await asyncio.to_thread(_post, url, update, {"X-Telegram-Bot-Api-Secret-Token": "nope"})
        right = await asyncio.to_thread(_post, url, update, {"X-Telegram-Bot-Api-Secret-Token": SECRET})

        assert (without, wrong, right) == (403, 403, 200)
        reply = await api.wait_for("sendMessage", chat_id=5005)
        assert "đường dẫn mời" in reply.params["text"]
        assert len(api.requests("sendMessage")) == 1  # the rejected copies were not processed
        # The fake delivers pushed updates with the registered secret, as Telegram does (through the
        # reverse proxy that maps the public URL to the local listener).
        api.webhook_delivery_url = url
        api.push_update(api.text_message(FakeUser(5007, "Vy"), "/start"))
        await api.wait_for("sendMessage", chat_id=5007)
    finally:
        code, output = await _stop(process)
    assert code == 0
    assert TOKEN not in output and TOKEN.split(":")[1] not in output
    assert SECRET not in output


async def test_polling_answers_and_logs_one_line_per_event_without_the_token(tmp_path, api):
    process = await _start(tmp_path, api)
    try:
        await api.wait_for("getUpdates")
        api.push_update(api.text_message(FakeUser(5006, "Lê"), "/start"))
        await api.wait_for("sendMessage", chat_id=5006)
    finally:
        code, output = await _stop(process)
    assert code == 0
    assert TOKEN not in output and TOKEN.split(":")[1] not in output
    lines = output.splitlines()
    assert any("bot @dondoc_test_bot ready" in line for line in lines)
    assert all(line[:4].isdigit() for line in lines)  # every line starts with its timestamp


async def test_a_rejected_token_is_one_line_without_the_token(tmp_path):
    async with FakeBotApi(token="111:OTHER") as other:
        process = await _start(tmp_path, other)
        out, err = await asyncio.wait_for(process.communicate(), WAIT)

    assert process.returncode == 2
    lines = err.decode().splitlines()
    assert lines[-1] == render("cli/invalid_token.txt.j2")
    # PTB's own error is logged as one folded line; no raw multi-line traceback reaches stderr.
    assert all(line[:4].isdigit() for line in lines[:-1])
    assert TOKEN not in (out + err).decode() and TOKEN.split(":")[1] not in (out + err).decode()


def test_an_invalid_setting_is_named_in_one_line_and_exits_2(tmp_path, monkeypatch):
    for name, value in _env(tmp_path, DONDOC_TELEGRAM_TOKEN=TOKEN, DONDOC_ADMIN_IDS="12,abc").items():
        if name.startswith("DONDOC_"):
            monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)  # no .env here

    done = dondoc("run")

    assert done.returncode == 2
    assert done.stderr == render("cli/bad_settings.txt.j2", fields="DONDOC_ADMIN_IDS") + "\n"
    assert done.stderr.startswith("Cấu hình không hợp lệ ở DONDOC_ADMIN_IDS")
