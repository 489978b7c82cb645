"""Invite -> link -> confirm -> registered, over the wire; and every way an invite must fail."""

from __future__ import annotations

from datetime import timedelta

from bot.services.registration import hash_token
from storage.models import RoleName
from tests.bot.roles_setup import add_person, add_unit, invite_token, now

OFFICE_ID, HEAD_ID, STRANGER_ID = 7001, 7002, 7003
USED = "Đường dẫn mời này đã được sử dụng. Mỗi đường dẫn chỉ dùng được một lần."
INVALID = "Đường dẫn mời này không hợp lệ. Xin kiểm tra lại đường dẫn đã nhận."
UNIT = "Phòng Kinh tế & Hạ tầng <b>"


async def _people_count(app) -> int:
    return len(await app.bot_data.repos.people.list())


async def test_office_invites_a_head_who_registers_by_confirming(running_app, person, fake_api):
    unit = await add_unit(running_app, UNIT)
    await add_person(running_app, OFFICE_ID, "Lan", RoleName.office)
    link = await person(OFFICE_ID, "Lan").ask("/moi Kinh tế & Hạ tầng <b>")
    assert "Đường dẫn mời <b>Trưởng đơn vị</b> của <b>Phòng Kinh tế &amp; Hạ tầng &lt;b&gt;</b>:" in link.text
    token = invite_token(link.text)

    minh = person(HEAD_ID, "Minh")
    offer = await minh.ask(f"/start {token}")
    # Looking at the link registers nobody yet.
    assert await running_app.bot_data.repos.people.get_by_telegram_id(HEAD_ID) is None
    assert "vai trò <b>Trưởng đơn vị</b> của <b>Phòng Kinh tế &amp; Hạ tầng &lt;b&gt;</b>" in offer.text
    label = "✅ Tôi là Trưởng đơn vị của Phòng Kinh tế & Hạ tầng <b>"
    assert [text for text, _data in offer.buttons] == [label]

    welcome = await minh.press(offer, button=label).reply()

    assert welcome.method == "editMessageText"
    assert welcome.text.startswith(
        "✅ Đăng ký thành công: bạn là <b>Trưởng đơn vị</b> của <b>Phòng Kinh tế &amp; Hạ tầng &lt;b&gt;</b>."
    )
    assert "• các nhiệm vụ UBND giao cho đơn vị (chủ trì và phối hợp), kèm hạn xử lý;" in welcome.text
    assert "reply_markup" not in welcome.params  # the confirm button is gone
    repos = running_app.bot_data.repos
    registered = await repos.people.get_by_telegram_id(HEAD_ID)
    assert registered is not None and registered.chat_id == HEAD_ID
    assert await repos.roles.has_role(registered.id, RoleName.head, unit.id)
    assert [p.id for p in await repos.roles.heads_of(unit.id)] == [registered.id]
    # The office member who made the invite hears that it was used.
    told = await fake_api.wait_for("sendMessage", chat_id=OFFICE_ID, since=welcome_mark(fake_api, link))
    assert told.text == (
        "🆕 <b>Minh</b> đã đăng ký là <b>Trưởng đơn vị</b> của <b>Phòng Kinh tế &amp; Hạ tầng &lt;b&gt;</b>."
    )

    # Now a known person: /start greets them with their role and commands.
    greeting = await minh.ask("/start")
    assert "• Trưởng đơn vị — Phòng Kinh tế &amp; Hạ tầng &lt;b&gt;" in greeting.text.splitlines()
    assert "• /viec — các việc đang mở của đơn vị" in greeting.text.splitlines()
    assert "/moi" not in greeting.text


def welcome_mark(fake_api, link) -> int:
    # Requests after the office's invite link was sent.
    return next(i for i, r in enumerate(fake_api.log_requests) if r is link) + 1


async def test_the_same_link_cannot_register_a_second_person(running_app, person):
    unit = await add_unit(running_app, "Phường 1", kind="ward")
    await add_person(running_app, OFFICE_ID, "Lan", RoleName.office)
    token = invite_token((await person(OFFICE_ID, "Lan").ask("/moi Phường 1 phó")).text)
    first = person(HEAD_ID, "Minh")
    offer = await first.ask(f"/start {token}")
    await first.press(offer, button="✅ Tôi là Phó đơn vị của Phường 1").reply()
    people_before = await _people_count(running_app)

    second = person(STRANGER_ID, "Tuấn")
    refused = await second.ask(f"/start {token}")

    assert refused.text.splitlines()[0] == USED
    assert "reply_markup" not in refused.params
    repos = running_app.bot_data.repos
    assert await repos.people.get_by_telegram_id(STRANGER_ID) is None
    assert await _people_count(running_app) == people_before
    heads = await repos.roles.heads_of(unit.id, include_deputies=True)
    assert [p.telegram_user_id for p in heads] == [HEAD_ID]


async def test_pressing_confirm_after_someone_else_used_the_link_changes_nothing(running_app, person):
    """Two people opened the same link; the second press loses and gets no role."""
    unit = await add_unit(running_app, "Phường 2", kind="ward")
    await add_person(running_app, OFFICE_ID, "Lan", RoleName.office)
    token = invite_token((await person(OFFICE_ID, "Lan").ask("/moi Phường 2")).text)
    first, second = person(HEAD_ID, "Minh"), person(STRANGER_ID, "Tuấn")
    offer_first = await first.ask(f"/start {token}")
    offer_second = await second.ask(f"/start {token}")
    await first.press(offer_first, button="✅ Tôi là Trưởng đơn vị của Phường 2").reply()

    late = await second.press(offer_second, button="✅ Tôi là Trưởng đơn vị của Phường 2").reply()

    assert late.text.startswith(USED)
    assert await running_app.bot_data.repos.people.get_by_telegram_id(STRANGER_ID) is None
    heads = await running_app.bot_data.repos.roles.heads_of(unit.id)
    assert [p.telegram_user_id for p in heads] == [HEAD_ID]


async def test_an_expired_invite_is_refused_and_registers_nobody(running_app, person):
    unit = await add_unit(running_app, "Phường 3", kind="ward")
    token = "expired-token-for-phuong-3-abcdef"
    created = now() - timedelta(hours=100)
    await running_app.bot_data.repos.invites.create(
        hash_token(token), unit.id, RoleName.head, None, created + timedelta(hours=72), created
    )

    refused = await person(HEAD_ID, "Minh").ask(f"/start {token}")

    assert refused.text.splitlines()[0] == "Đường dẫn mời này đã hết hạn."
    assert "reply_markup" not in refused.params
    assert await _people_count(running_app) == 0


async def test_a_forged_token_or_confirm_button_registers_nobody(running_app, person, fake_api):
    unit = await add_unit(running_app, "Phường 4", kind="ward")
    token = "genuine-token-for-phuong-4-abcdef"
    await running_app.bot_data.repos.invites.create(
        hash_token(token), unit.id, RoleName.head, None, now() + timedelta(hours=72), now()
    )
    stranger = person(STRANGER_ID, "Tuấn")

    made_up = await stranger.ask("/start not-a-real-invite-token-0000")
    assert made_up.text.splitlines()[0] == INVALID
    # A confirm button for the real invite, with a guessed check, pressed on the refusal message.
    pressed = stranger.press(made_up, data="inv:1:12345")
    await pressed.answered()
    await pressed.silence(0.3)
    [shown] = fake_api.sent_messages(STRANGER_ID)
    assert shown["text"].splitlines()[0] == INVALID

    assert await _people_count(running_app) == 0
    invite = await running_app.bot_data.repos.invites.get(1)
    assert invite is not None and invite.used_at is None


async def test_a_strangers_plain_start_explains_invites_and_stores_nothing(running_app, person):
    reply = await person(STRANGER_ID, "Tuấn").ask("/start")

    assert "Để đăng ký, xin liên hệ <b>Văn phòng UBND</b> để được cấp <b>đường dẫn mời</b>" in reply.text
    assert await _people_count(running_app) == 0


async def test_a_head_cannot_make_invites(running_app, person):
    unit = await add_unit(running_app, "Phòng Nội vụ")
    await add_person(running_app, HEAD_ID, "Minh", RoleName.head, unit)

    refused = await person(HEAD_ID, "Minh").ask("/moi Phòng Nội vụ")

    assert refused.text == "Bạn không có quyền thực hiện thao tác này."
    assert await running_app.bot_data.db.fetch_value("SELECT COUNT(*) FROM invites") == 0


async def test_only_an_admin_invites_office_staff_and_leaders(running_app, person):
    await add_person(running_app, OFFICE_ID, "Lan", RoleName.office)
    refused = await person(OFFICE_ID, "Lan").ask("/moi vanphong")
    assert refused.text == "Bạn không có quyền thực hiện thao tác này."

    admin = person(9001, "Quản trị")  # DONDOC_ADMIN_IDS in the test settings
    link = await admin.ask("/moi lanhdao")
    assert link.text.splitlines()[0] == "🔗 Đường dẫn mời <b>Lãnh đạo UBND</b>:"
    leader = person(HEAD_ID, "Hùng")
    offer = await leader.ask(f"/start {invite_token(link.text)}")
    welcome = await leader.press(offer, button="✅ Tôi là Lãnh đạo UBND").reply()

    assert welcome.text.startswith("✅ Đăng ký thành công: bạn là <b>Lãnh đạo UBND</b>.")
    registered = await running_app.bot_data.repos.people.get_by_telegram_id(HEAD_ID)
    assert await running_app.bot_data.repos.roles.has_role(registered.id, RoleName.leader)


async def test_an_unknown_or_ambiguous_unit_lists_close_names_and_makes_no_invite(running_app, person):
    for name in ("Phường 1", "Phường 2", "Phòng Kinh tế"):
        await add_unit(running_app, name, kind="ward" if name.startswith("Phường") else "department")
    await add_person(running_app, OFFICE_ID, "Lan", RoleName.office)
    lan = person(OFFICE_ID, "Lan")

    ambiguous = await lan.ask("/moi Phường")
    close = await lan.ask("/moi Phòng Kinh tế xã hội")
    plain = await lan.ask("/moi phong kinh te")  # typed without diacritics: found
    nothing = await lan.ask("/moi Trạm <b>thú y</b>")

    assert ambiguous.text.splitlines()[:3] == [
        "Có nhiều đơn vị khớp với «<b>Phường</b>». Xin gõ đầy đủ tên một trong các đơn vị sau:",
        "• Phường 1",
        "• Phường 2",
    ]
    assert close.text.splitlines() == [
        "Không tìm thấy đơn vị «<b>Phòng Kinh tế xã hội</b>»."
        " Có phải bạn muốn mời cho một trong các đơn vị sau?",
        "• Phòng Kinh tế",
        "",
        "Ví dụ: <code>/moi Phòng Kinh tế</code>",
    ]
    assert plain.text.startswith("🔗 Đường dẫn mời <b>Trưởng đơn vị</b> của <b>Phòng Kinh tế</b>")
    assert nothing.text == (
        "Không tìm thấy đơn vị «<b>Trạm &lt;b&gt;thú y&lt;/b&gt;</b>» trong danh mục."
        " Xem danh sách đơn vị: /donvi"
    )
    assert await running_app.bot_data.db.fetch_value("SELECT COUNT(*) FROM invites") == 1


async def test_the_command_menu_is_set_in_vietnamese_at_start(running_app, fake_api):
    commands = {c["command"]: c["description"] for c in fake_api.commands}
    assert commands["moi"] == "Tạo đường dẫn mời (Văn phòng)"
    assert commands["huongdan"] == "Hướng dẫn sử dụng"
    assert {"start", "viec", "tonghop", "donvi"} <= set(commands)


async def test_help_lists_the_commands_of_each_role(running_app, person):
    unit = await add_unit(running_app, "Phòng Nội vụ")
    await add_person(running_app, HEAD_ID, "Minh", RoleName.head, unit)
    await add_person(running_app, OFFICE_ID, "Lan", RoleName.office)

    head_help = await person(HEAD_ID, "Minh").ask("/huongdan")
    office_help = await person(OFFICE_ID, "Lan").ask("/help")

    assert "• /viec — các việc đang mở, việc quá hạn lên đầu." in head_help.text.splitlines()
    assert "<b>Văn phòng</b>" not in head_help.text
    assert "<b>Văn phòng</b>" in office_help.text.splitlines()
    assert "<b>Quản trị</b>" not in office_help.text
