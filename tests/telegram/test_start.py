from messages.render import render


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


async def test_each_start_from_a_stranger_gets_exactly_one_answer(running_app, person, fake_api):
    stranger = person(5002, "Hà")
    exchange = stranger.send("/start")
    await exchange.reply()
    # Other chats got nothing, and the stranger got exactly one message.
    await stranger.ask("/start")
    assert [m["chat"]["id"] for m in fake_api.sent_messages()] == [5002, 5002]


def test_stranger_template_renders_whole_lines_with_diacritics():
    text = render("start_stranger.html.j2", invite_ttl_hours=48)
    lines = text.splitlines()
    assert lines[0] == "Xin chào! Đây là <b>Đôn đốc</b>, trợ lý theo dõi việc thực hiện kết luận của UBND."
    assert lines[2] == (
        "Tài khoản Telegram của đồng chí chưa được đăng ký với đơn vị nào,"
        " nên bot chưa thể gửi nhiệm vụ cho đồng chí."
    )
    assert lines[4].endswith("Mỗi đường dẫn chỉ dùng được một lần và có hiệu lực trong 48 giờ.")
    assert len(text) < 4096


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
