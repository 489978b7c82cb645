"""`dondoc run`: start-up errors (in-process, one subprocess check), and as a real process: webhook secret
verification, polling, the heartbeat, no token in its logs."""

import asyncio
import json
import os
import shutil
import signal
import socket
import sqlite3
import sys
from importlib.metadata import version
from pathlib import Path
from urllib.request import Request, urlopen

import pytest

from bot.cli import main as dondoc
from bot.startup import check_startup
from bot.testing import WAIT, FakeBotApi, FakeUser
from bot.testing.process import wait_listening
from messages.render import render
from storage.db import latest_version

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


@pytest.fixture
def in_process(tmp_path, monkeypatch, capsys):
    """`dondoc ARGS...` in this process with only the given DONDOC_ settings (and no .env): (code, stderr)."""
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("DONDOC_"):
            monkeypatch.delenv(name)

    def run(*args, **env):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        code = dondoc(list(args))
        captured = capsys.readouterr()
        assert captured.out == ""
        return code, captured.err

    return run


# Nothing listens here: a start-up check that let `run` go on would end in "Bot API unreachable", exit 1.
CLOSED_API = {
    "DONDOC_TELEGRAM_API_URL": "http://127.0.0.1:9/bot",
    "DONDOC_TELEGRAM_FILE_URL": "http://127.0.0.1:9/file/bot",
}


def test_missing_token_prints_one_line_and_exits_2(in_process, tmp_path):
    code, err = in_process("run", DONDOC_DB_PATH=str(tmp_path / "db.sqlite3"))

    assert code == 2
    assert err == render("cli/missing_token.txt.j2", demo_command="dondoc demo") + "\n"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DONDOC_ADMIN_IDS", "12,abc"),
        ("DONDOC_TIMEZONE", "Mars/Phobos"),  # zoneinfo raises a KeyError, not a ValueError
        ("DONDOC_REMINDERS__BEFORE_DAYS", "0"),  # nested: named as the operator writes it
        ("DONDOC_WEBHOOK_PORT", "https"),
        ("DONDOC_DATABASE_URL", "mysql://root@localhost/dondoc"),  # only PostgreSQL besides SQLite
    ],
)
def test_an_invalid_setting_is_named_in_one_line_and_exits_2(in_process, tmp_path, variable, value):
    code, err = in_process("run", DONDOC_TELEGRAM_TOKEN=TOKEN, DONDOC_DB_PATH=str(tmp_path / "db"),
                           **{variable: value})

    assert code == 2
    assert err == render("cli/bad_settings.txt.j2", fields=variable) + "\n"
    assert not (tmp_path / "db").exists()


def test_every_command_names_an_invalid_setting_in_one_line(in_process, tmp_path):
    code, err = in_process("db", "check", DONDOC_ADMIN_IDS="12,abc")

    assert (code, err) == (2, render("cli/bad_settings.txt.j2", fields="DONDOC_ADMIN_IDS") + "\n")


def _newer_schema(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    return path


@pytest.mark.parametrize(
    ("make_path", "says"),
    [
        (lambda tmp: tmp / "a-file" / "dondoc.sqlite3", "không tạo được thư mục chứa tệp"),
        (lambda tmp: tmp, "đường dẫn này là một thư mục"),
        (lambda tmp: tmp / "notes.txt", "tệp này không phải cơ sở dữ liệu SQLite của dondoc"),
        (lambda tmp: _newer_schema(tmp / "newer.sqlite3"), "tệp do phiên bản dondoc mới hơn tạo ra"),
    ],
)
def test_an_unusable_database_path_is_one_line_and_exit_3_before_telegram_is_called(
    in_process, tmp_path, make_path, says
):
    (tmp_path / "a-file").write_text("not a folder")
    (tmp_path / "notes.txt").write_text("meeting notes, not a database\n" * 200)
    path = make_path(tmp_path)
    before = path.read_bytes() if path.is_file() else None

    code, err = in_process("run", DONDOC_TELEGRAM_TOKEN=TOKEN, DONDOC_DB_PATH=str(path), **CLOSED_API)

    assert code == 3
    assert len(err.splitlines()) == 1
    assert err.startswith(f"Không dùng được cơ sở dữ liệu {path}: {says}")
    if before is not None:
        assert path.read_bytes() == before  # a file that is not ours is left as it was


def test_an_unusable_database_is_one_line_and_exit_3_from_the_real_process(tmp_path):
    # The one subprocess check of the new code: no traceback from any thread reaches stderr.
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "bot", "run"], cwd=tmp_path, capture_output=True, text=True, timeout=60,
        env=_env(tmp_path, DONDOC_TELEGRAM_TOKEN=TOKEN, DONDOC_DB_PATH=str(tmp_path), **CLOSED_API),
    )

    assert done.returncode == 3
    expected = render("cli/db_unusable.txt.j2", path=tmp_path, reason="directory", detail="")
    assert done.stderr == expected + "\n"
    assert done.stdout == ""


async def test_the_start_up_check_creates_the_database_and_knows_whether_anyone_is_admin(tmp_path):
    path = tmp_path / "data" / "dondoc.sqlite3"

    nobody = await check_startup(path, admin_ids=[])
    from_env = await check_startup(path, admin_ids=[42])
    assert await asyncio.to_thread(dondoc, ["admin", "add", "7", "--db", str(path)]) == 0
    granted = await check_startup(path, admin_ids=[])

    assert (nobody.has_admin, from_env.has_admin, granted.has_admin) == (False, True, True)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == latest_version()


def test_version_comes_from_the_package_metadata(capsys):
    with pytest.raises(SystemExit) as done:
        dondoc(["--version"])

    assert done.value.code == 0
    assert capsys.readouterr().out == f"dondoc {version('dondoc')}\n"


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
    out, err = await asyncio.wait_for(process.communicate(), 20)
    return process.returncode, (out + err).decode()


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
        await wait_listening(port, WAIT)
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


async def _appears(path, within=WAIT):
    # A file another process writes: nothing to wait on but looking, up to the generous ceiling.
    for _ in range(int(within / 0.05)):
        if path.exists():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{path} never appeared")


async def test_polling_answers_and_logs_one_line_per_event_without_the_token(tmp_path, api, capsys):
    heartbeat = tmp_path / "db.sqlite3.alive"
    health = ["health", "--db", str(tmp_path / "db.sqlite3")]
    process = await _start(tmp_path, api)
    try:
        await api.wait_for("getUpdates")
        api.push_update(api.text_message(FakeUser(5006, "Lê"), "/start"))
        await api.wait_for("sendMessage", chat_id=5006)
        await _appears(heartbeat)
        alive = dondoc(health)
    finally:
        code, output = await _stop(process)
    stopped = dondoc(health)

    assert code == 0
    assert TOKEN not in output and TOKEN.split(":")[1] not in output
    lines = output.splitlines()
    assert any("bot @dondoc_test_bot ready" in line for line in lines)
    assert all(line[:4].isdigit() for line in lines)  # every line starts with its timestamp
    # No DONDOC_ADMIN_IDS and nobody granted: one warning line says how to make the first admin.
    warnings = [line for line in lines if render("cli/no_admin.txt.j2") in line]
    assert len(warnings) == 1 and " WARNING " in warnings[0]
    # The container healthcheck: alive while the bot runs, not once it has stopped.
    assert (alive, stopped) == (0, 1)
    assert not heartbeat.exists()
    out, err = capsys.readouterr()
    assert out.startswith("Bot đang chạy: lần báo hiệu gần nhất cách đây ")
    assert err == (
        f"Bot không chạy: chưa có tệp báo hiệu {heartbeat} (bot chưa khởi động xong hoặc đã dừng).\n"
    )


async def test_a_rejected_token_is_one_line_without_the_token(tmp_path):
    async with FakeBotApi(token="111:OTHER") as other:
        process = await _start(tmp_path, other)
        out, err = await asyncio.wait_for(process.communicate(), 30)

    assert process.returncode == 2
    lines = err.decode().splitlines()
    assert lines[-1] == render("cli/invalid_token.txt.j2")
    # PTB's own error is logged as one folded line; no raw multi-line traceback reaches stderr.
    assert all(line[:4].isdigit() for line in lines[:-1])
    assert TOKEN not in (out + err).decode() and TOKEN.split(":")[1] not in (out + err).decode()




@pytest.mark.skipif(shutil.which("caddy") is None, reason="caddy not installed")
async def test_through_the_shipped_caddyfile_telegrams_secret_header_reaches_the_bot(tmp_path, api):
    """deploy/Caddyfile in front of `dondoc run --webhook`: the webhook path is forwarded with the
    X-Telegram-Bot-Api-Secret-Token header intact, anything else ends at the proxy. Plain HTTP on a
    free port stands in for the public HTTPS site (the site address comes from WEBHOOK_DOMAIN)."""
    bot_port, proxy_port = _free_port(), _free_port()
    # Test-only global options around the shipped file: no admin endpoint, so runs never collide.
    config = tmp_path / "Caddyfile"
    config.write_text(f"{{\n\tadmin off\n}}\nimport {REPO / 'deploy' / 'Caddyfile'}\n")
    caddy = await asyncio.create_subprocess_exec(
        "caddy", "run", "--adapter", "caddyfile", "--config", str(config), cwd=tmp_path,
        env={"PATH": os.environ["PATH"], "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path),
             "XDG_CONFIG_HOME": str(tmp_path), "WEBHOOK_DOMAIN": f"http://127.0.0.1:{proxy_port}",
             "DONDOC_UPSTREAM": f"127.0.0.1:{bot_port}"},
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )
    bot = await _start(tmp_path, api, "--webhook", "https://bot.example.gov.vn/telegram",
                       "--port", str(bot_port), "--secret", SECRET)
    try:
        await api.wait_for("setWebhook")
        await wait_listening(bot_port, WAIT)
        await wait_listening(proxy_port, WAIT)
        update = {"update_id": 1, **api.text_message(FakeUser(5008, "Nga"), "/start")}
        public = f"http://127.0.0.1:{proxy_port}"

        with_secret = await asyncio.to_thread(_post, f"{public}/telegram", update,
                                              {"X-Telegram-Bot-Api-Secret-Token": SECRET})
        without = await asyncio.to_thread(_post, f"{public}/telegram", update, {})
        elsewhere = await asyncio.to_thread(_post, f"{public}/telegram-admin", update,
                                            {"X-Telegram-Bot-Api-Secret-Token": SECRET})

        assert (with_secret, without, elsewhere) == (200, 403, 404)
        await api.wait_for("sendMessage", chat_id=5008)
    finally:
        caddy.terminate()
        await asyncio.wait_for(caddy.wait(), 20)
        code, _ = await _stop(bot)
    assert code == 0


def test_a_postgresql_server_that_does_not_answer_is_named_in_one_line_and_exits_3(in_process, tmp_path):
    url = "postgresql://dondoc:secret@127.0.0.1:9/dondoc"  # nothing listens on port 9
    code, err = in_process("run", DONDOC_TELEGRAM_TOKEN=TOKEN, DONDOC_DATABASE_URL=url,
                           DONDOC_DB_PATH=str(tmp_path / "local" / "db"), **CLOSED_API)

    assert code == 3
    assert err.startswith(
        "Không dùng được cơ sở dữ liệu PostgreSQL postgresql://dondoc:***@127.0.0.1:9/dondoc (")
    assert err.count("\n") == 1 and "secret" not in err
    assert not (tmp_path / "local").exists()
