import asyncio

import pytest

from bot.app import build_application, running
from bot.cli import main as dondoc
from bot.config import Settings
from messages.render import render
from storage.db import open_database
from storage.repositories import FIRST_TENANT, Repositories

FIRST_ADMIN_HINT = "Bot chưa có người quản trị nào."


async def test_a_strangers_start_explains_how_to_get_an_invite(running_app, person):
    stranger = person(5001, "Minh")

    reply = await stranger.ask("/start")

    assert reply.method == "sendMessage"
    assert reply.params["chat_id"] == 5001
    assert reply.params["parse_mode"] == "HTML"
    assert "reply_markup" not in reply.params
    assert "chưa được đăng ký" in reply.text
    assert "<b>Văn phòng UBND</b>" in reply.text
    assert "<b>đường dẫn mời</b>" in reply.text
    assert "hiệu lực trong 72 giờ" in reply.text
    # Their id, to hand to whoever administers the bot; an admin exists, so no first-admin hint.
    assert "Telegram ID của đồng chí: <code>5001</code>." in reply.text
    assert FIRST_ADMIN_HINT not in reply.text


@pytest.fixture
def settings_without_admin(settings: Settings) -> Settings:
    return settings.model_copy(update={"admin_ids": []})


async def _people(settings: Settings) -> list[int]:
    db = await open_database(settings.db_path)
    try:
        return [p.telegram_user_id for p in await Repositories(db, FIRST_TENANT).people.list()]
    finally:
        await db.close()


async def test_the_installer_of_a_bot_without_admins_learns_their_id_and_becomes_the_first_admin(
    fake_api, settings_without_admin, person, capsys
):
    settings = settings_without_admin
    app = build_application(settings, base_url=fake_api.base_url, base_file_url=fake_api.base_file_url)
    installer = person(7007, "Quang")
    async with running(app, poll_timeout=1.0):
        first = await installer.ask("/start")
        assert await _people(settings) == []  # a stranger's /start stores nothing

        # What the hint says to run on the server, while the bot keeps running.
        added = await asyncio.to_thread(dondoc, ["admin", "add", "7007", "--db", str(settings.db_path)])
        second = await installer.ask("/start")

    assert added == 0
    assert FIRST_ADMIN_HINT in first.text
    assert "đặt <code>DONDOC_ADMIN_IDS=7007</code> rồi khởi động lại bot" in first.text
    assert "hoặc chạy <code>dondoc admin add 7007</code>; sau đó gửi lại /start." in first.text
    assert capsys.readouterr().out == "Đã cấp quyền quản trị cho Telegram ID 7007.\n"
    assert "chưa được đăng ký" not in second.text
    assert "Quản trị viên" in second.text


async def test_each_start_from_a_stranger_gets_exactly_one_answer(running_app, person, fake_api):
    stranger = person(5002, "Hà")
    exchange = stranger.send("/start")
    await exchange.reply()
    # Other chats got nothing, and the stranger got exactly one message.
    await stranger.ask("/start")
    assert [m["chat"]["id"] for m in fake_api.sent_messages()] == [5002, 5002]


def test_stranger_template_renders_whole_lines_with_diacritics():
    text = render("start_stranger.html.j2", invite_ttl_hours=48, telegram_id=123456789, no_admin=True)
    lines = text.splitlines()
    assert lines[0] == "Xin chào! Đây là <b>Đôn đốc</b>, trợ lý theo dõi việc thực hiện kết luận của UBND."
    assert lines[2] == (
        "Tài khoản Telegram của đồng chí chưa được đăng ký với đơn vị nào,"
        " nên bot chưa thể gửi nhiệm vụ cho đồng chí."
    )
    assert lines[4].endswith("Mỗi đường dẫn chỉ dùng được một lần và có hiệu lực trong 48 giờ.")
    assert lines[6] == (
        "Telegram ID của đồng chí: <code>123456789</code>. Nếu cần quyền quản trị bot, xin gửi số này"
        " cho người quản trị hệ thống."
    )
    assert lines[8] == (
        "Bot chưa có người quản trị nào. Nếu đồng chí là người cài đặt bot, hãy tự cấp quyền quản trị trên"
        " máy chủ: đặt <code>DONDOC_ADMIN_IDS=123456789</code> rồi khởi động lại bot, hoặc chạy"
        " <code>dondoc admin add 123456789</code>; sau đó gửi lại /start."
    )
    assert len(lines) == 9 and len(text) < 4096


def test_missing_token_template_is_one_line_naming_botfather_and_the_demo():
    text = render("cli/missing_token.txt.j2", demo_command="dondoc demo")
    assert "\n" not in text
    assert "@BotFather" in text
    assert "DONDOC_TELEGRAM_TOKEN" in text
    assert "`dondoc demo`" in text


def test_cli_error_templates_are_single_vietnamese_lines():
    rejected = render("cli/invalid_token.txt.j2")
    invalid = render("cli/bad_settings.txt.j2", fields="DONDOC_ADMIN_IDS, DONDOC_TIMEZONE")
    assert rejected.startswith("Telegram từ chối DONDOC_TELEGRAM_TOKEN: hãy kiểm tra lại token")
    assert invalid == (
        "Cấu hình không hợp lệ ở DONDOC_ADMIN_IDS, DONDOC_TIMEZONE: "
        "hãy kiểm tra lại biến môi trường hoặc tệp .env."
    )
    assert "\n" not in rejected + invalid
