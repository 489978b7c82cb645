"""Invite -> link -> confirm -> registered, over the wire; and every way an invite must fail."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta

from bot.handlers.start import bot_commands
from bot.services.menus import COMMANDS, commands_for
from bot.services.registration import (
    InviteRequest,
    InviteState,
    accept_invite,
    confirm_check,
    hash_token,
    issue_invite,
    look_up_invite,
    parse_invite_request,
)
from bot.services.units import UnitMatch, match_unit
from bot.testing import FakeUser, Person, group_chat
from messages.render import render
from storage.db import open_database
from storage.models import RoleName, Unit
from storage.repositories import FIRST_TENANT, Deployment, Repositories
from tests.bot.roles_setup import add_person, add_unit, invite_token, now, sample_person, sample_unit

OFFICE_ID, HEAD_ID, STRANGER_ID = 7001, 7002, 7003
USED = "Đường dẫn mời này đã được sử dụng. Mỗi đường dẫn chỉ dùng được một lần."
INVALID = "Đường dẫn mời này không hợp lệ. Xin kiểm tra lại đường dẫn đã nhận."
UNIT = "Phòng Kinh tế & Hạ tầng <b>"


async def _people_count(app) -> int:
    return len(await app.bot_data.repos_for(FIRST_TENANT).people.list())


async def test_office_invites_a_head_who_registers_by_confirming(running_app, person, fake_api):
    unit = await add_unit(running_app, UNIT)
    await add_person(running_app, OFFICE_ID, "Lan", RoleName.office)
    link = await person(OFFICE_ID, "Lan").ask("/moi Kinh tế & Hạ tầng <b>")
    assert "Đường dẫn mời <b>Trưởng phòng Kinh tế &amp; Hạ tầng &lt;b&gt;</b>:" in link.text
    token = invite_token(link.text)

    minh = person(HEAD_ID, "Minh")
    offer = await minh.ask(f"/start {token}")
    # Looking at the link registers nobody yet.
    assert await running_app.bot_data.repos_for(FIRST_TENANT).people.get_by_telegram_id(HEAD_ID) is None
    assert "vai trò <b>Trưởng phòng Kinh tế &amp; Hạ tầng &lt;b&gt;</b>" in offer.text
    label = "✅ Xác nhận"
    assert [text for text, _data in offer.buttons] == [label]

    welcome = await minh.press(offer, button=label).reply()

    assert welcome.method == "editMessageText"
    assert welcome.text.startswith(
        "✅ Đăng ký thành công: đồng chí là <b>Trưởng phòng Kinh tế &amp; Hạ tầng &lt;b&gt;</b>."
    )
    assert "• các nhiệm vụ UBND giao cho đơn vị (chủ trì và phối hợp), kèm hạn xử lý;" in welcome.text
    assert "reply_markup" not in welcome.params  # the confirm button is gone
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    registered = await repos.people.get_by_telegram_id(HEAD_ID)
    assert registered is not None and registered.chat_id == HEAD_ID
    assert await repos.roles.has_role(registered.id, RoleName.head, unit.id)
    assert [p.id for p in await repos.roles.heads_of(unit.id)] == [registered.id]
    # The office member who made the invite hears that it was used.
    told = await fake_api.wait_for("sendMessage", chat_id=OFFICE_ID, since=welcome_mark(fake_api, link))
    assert told.text == (
        "🆕 <b>Minh</b> đã đăng ký là <b>Trưởng phòng Kinh tế &amp; Hạ tầng &lt;b&gt;</b>."
    )

    # Now a known person: /start greets them with their role and commands.
    greeting = await minh.ask("/start")
    assert "• Trưởng phòng Kinh tế &amp; Hạ tầng &lt;b&gt;" in greeting.text.splitlines()
    assert "• /viec — các việc đang mở của đơn vị, việc quá hạn lên đầu" in greeting.text.splitlines()
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
    await first.press(offer, button="✅ Xác nhận").reply()
    people_before = await _people_count(running_app)

    second = person(STRANGER_ID, "Tuấn")
    refused = await second.ask(f"/start {token}")

    assert refused.text.splitlines()[0] == USED
    assert "reply_markup" not in refused.params
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
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
    await first.press(offer_first, button="✅ Xác nhận").reply()

    late = await second.press(offer_second, button="✅ Xác nhận").reply()

    assert late.text.startswith(USED)
    assert await running_app.bot_data.repos_for(FIRST_TENANT).people.get_by_telegram_id(STRANGER_ID) is None
    heads = await running_app.bot_data.repos_for(FIRST_TENANT).roles.heads_of(unit.id)
    assert [p.telegram_user_id for p in heads] == [HEAD_ID]


async def test_an_expired_invite_is_refused_and_registers_nobody(running_app, person):
    unit = await add_unit(running_app, "Phường 3", kind="ward")
    token = "expired-token-for-phuong-3-abcdef"
    created = now() - timedelta(hours=100)
    await running_app.bot_data.repos_for(FIRST_TENANT).invites.create(
        hash_token(token), unit.id, RoleName.head, None, created + timedelta(hours=72), created
    )

    refused = await person(HEAD_ID, "Minh").ask(f"/start {token}")

    assert refused.text.splitlines()[0] == "Đường dẫn mời này đã hết hạn."
    assert "reply_markup" not in refused.params
    assert await _people_count(running_app) == 0


async def test_a_forged_token_or_confirm_button_registers_nobody(running_app, person, fake_api):
    unit = await add_unit(running_app, "Phường 4", kind="ward")
    token = "genuine-token-for-phuong-4-abcdef"
    await running_app.bot_data.repos_for(FIRST_TENANT).invites.create(
        hash_token(token), unit.id, RoleName.head, None, now() + timedelta(hours=72), now()
    )
    stranger = person(STRANGER_ID, "Tuấn")

    made_up = await stranger.ask("/start not-a-real-invite-token-0000")
    assert made_up.text.splitlines()[0] == INVALID
    # A confirm button for the real invite, with a guessed check, pressed on the refusal message.
    pressed = stranger.press(made_up, data="inv:1:12345")
    await pressed.answered()
    await pressed.silence()
    [shown] = fake_api.sent_messages(STRANGER_ID)
    assert shown["text"].splitlines()[0] == INVALID

    assert await _people_count(running_app) == 0
    invite = await running_app.bot_data.repos_for(FIRST_TENANT).invites.get(1)
    assert invite is not None and invite.used_at is None


async def test_a_strangers_plain_start_explains_invites_and_stores_nothing(running_app, person):
    reply = await person(STRANGER_ID, "Tuấn").ask("/start")

    assert "Để đăng ký, xin liên hệ <b>Văn phòng UBND</b> để được cấp <b>đường dẫn mời</b>" in reply.text
    assert await _people_count(running_app) == 0


async def test_a_head_cannot_make_invites(running_app, person):
    unit = await add_unit(running_app, "Phòng Nội vụ")
    await add_person(running_app, HEAD_ID, "Minh", RoleName.head, unit)

    refused = await person(HEAD_ID, "Minh").ask("/moi Phòng Nội vụ")

    assert refused.text == "Đồng chí không có quyền thực hiện thao tác này."
    assert await running_app.bot_data.db.fetch_value("SELECT COUNT(*) FROM invites") == 0


async def test_only_an_admin_invites_office_staff_and_leaders(running_app, person):
    await add_person(running_app, OFFICE_ID, "Lan", RoleName.office)
    refused = await person(OFFICE_ID, "Lan").ask("/moi vanphong")
    assert refused.text == "Đồng chí không có quyền thực hiện thao tác này."

    admin = person(9001, "Quản trị")  # DONDOC_ADMIN_IDS in the test settings
    link = await admin.ask("/moi lanhdao")
    assert link.text.splitlines()[0] == "🔗 Đường dẫn mời <b>Lãnh đạo UBND</b>:"
    leader = person(HEAD_ID, "Hùng")
    offer = await leader.ask(f"/start {invite_token(link.text)}")
    welcome = await leader.press(offer, button="✅ Xác nhận").reply()

    assert welcome.text.startswith("✅ Đăng ký thành công: đồng chí là <b>Lãnh đạo UBND</b>.")
    registered = await running_app.bot_data.repos_for(FIRST_TENANT).people.get_by_telegram_id(HEAD_ID)
    assert await running_app.bot_data.repos_for(FIRST_TENANT).roles.has_role(registered.id, RoleName.leader)


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
        " Có phải đồng chí muốn mời cho một trong các đơn vị sau?",
        "• Phòng Kinh tế",
        "",
        "Ví dụ: <code>/moi Phòng Kinh tế</code>",
    ]
    assert plain.text.startswith("🔗 Đường dẫn mời <b>Trưởng phòng Kinh tế</b>")
    assert nothing.text == (
        "Không tìm thấy đơn vị «<b>Trạm &lt;b&gt;thú y&lt;/b&gt;</b>» trong danh mục."
        " Xem danh sách đơn vị: /donvi"
    )
    assert await running_app.bot_data.db.fetch_value("SELECT COUNT(*) FROM invites") == 1


async def test_the_command_menu_is_set_in_vietnamese_at_start(running_app, fake_api):
    # the default menu (strangers); each known person gets theirs (tests/reports/test_menus.py)
    commands = {c["command"]: c["description"] for c in fake_api.commands}
    assert commands == {"start": "Bắt đầu, xem vai trò của đồng chí", "huongdan": "Hướng dẫn sử dụng"}


async def test_help_lists_the_commands_of_each_role(running_app, person):
    unit = await add_unit(running_app, "Phòng Nội vụ")
    await add_person(running_app, HEAD_ID, "Minh", RoleName.head, unit)
    await add_person(running_app, OFFICE_ID, "Lan", RoleName.office)

    head_help = await person(HEAD_ID, "Minh").ask("/huongdan")
    office_help = await person(OFFICE_ID, "Lan").ask("/help")

    assert "• /viec — các việc đang mở của đơn vị, việc quá hạn lên đầu" in head_help.text.splitlines()
    assert "<b>Văn phòng</b>" not in head_help.text
    assert "<b>Văn phòng</b>" in office_help.text.splitlines()
    assert "<b>Quản trị</b>" not in office_help.text


# --- templates ---------------------------------------------------------------------------------------

ESCAPED_UNIT = "Phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng"
EXPIRES = datetime(2026, 6, 5, 2, 30, tzinfo=UTC)  # 09:30 in Hanoi


def test_invite_link_template_escapes_the_unit_and_shows_local_expiry():
    text = render("registration/invite_link.html.j2", role=RoleName.deputy, unit=sample_unit(),
                  url="https://t.me/bot?start=abc", expires_at=EXPIRES)
    assert text.splitlines() == [
        "🔗 Đường dẫn mời <b>Phó Trưởng phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng</b>:",
        "https://t.me/bot?start=abc",
        "",
        "Hãy gửi riêng đường dẫn này cho đúng người được mời. Người đó bấm vào, xác nhận vai trò"
        " và được đăng ký ngay.",
        "Đường dẫn chỉ dùng được một lần, hết hạn lúc 09:30 05/06/2026.",
    ]


def test_invite_usage_template_shows_admin_lines_only_to_admins():
    office = render("registration/invite_usage.html.j2", is_admin=False)
    admin = render("registration/invite_usage.html.j2", is_admin=True)
    assert office.splitlines()[:3] == [
        "Cách tạo đường dẫn mời:",
        "• <code>/moi tên đơn vị</code> — mời Trưởng đơn vị",
        "• <code>/moi tên đơn vị phó</code> — mời Phó đơn vị",
    ]
    assert "vanphong" not in office
    assert "• <code>/moi lanhdao</code> — mời Lãnh đạo UBND" in admin.splitlines()


def test_unknown_unit_template_escapes_what_was_typed_and_the_candidates():
    text = render("registration/invite_unit_unknown.html.j2", typed="<b>&", candidates=[sample_unit()],
                  ambiguous=True)
    assert text.splitlines() == [
        "Có nhiều đơn vị khớp với «<b>&lt;b&gt;&amp;</b>». Xin gõ đầy đủ tên một trong các đơn vị sau:",
        f"• {ESCAPED_UNIT}",
        "",
        f"Ví dụ: <code>/moi {ESCAPED_UNIT}</code>",
    ]


def test_confirm_templates_name_the_role_and_unit():
    offer = render("registration/invite_confirm.html.j2", role=RoleName.head, unit=sample_unit(),
                   expires_at=EXPIRES)
    button = render("registration/confirm_button.txt.j2", role=RoleName.head, unit=sample_unit())
    assert offer.splitlines() == [
        "Đồng chí được mời đăng ký sử dụng <b>Đôn đốc</b> với vai trò"
        " <b>Trưởng phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng</b>.",
        "",
        "Nếu đúng, xin bấm nút «✅ Xác nhận» bên dưới. Nếu không phải đồng chí, hãy bỏ qua tin nhắn này.",
        "Lời mời có hiệu lực đến 09:30 05/06/2026.",
    ]
    assert button == "✅ Xác nhận"  # plain text label
    assert render("registration/confirm_button.txt.j2", role=RoleName.office, unit=None) == (
        "✅ Xác nhận"
    )


def test_invalid_invite_template_says_why_and_that_nothing_changed():
    for state, first in (("used", USED), ("expired", "Đường dẫn mời này đã hết hạn."), ("unknown", INVALID)):
        lines = render("registration/invite_invalid.html.j2", state=state).splitlines()
        assert lines == [
            first,
            "Đồng chí chưa được đăng ký thêm vai trò nào. Nếu cần, xin liên hệ <b>Văn phòng UBND</b>"
            " để nhận đường dẫn mời mới.",
        ]


def test_welcome_template_tells_each_role_what_it_will_receive():
    head = render("registration/registered.html.j2", role=RoleName.head, unit=sample_unit()).splitlines()
    office = render("registration/registered.html.j2", role=RoleName.office, unit=None).splitlines()
    leader = render("registration/registered.html.j2", role=RoleName.leader, unit=None).splitlines()
    assert head[0] == ("✅ Đăng ký thành công: đồng chí là"
                       " <b>Trưởng phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng</b>.")
    assert "Xem các việc đang mở: /viec" in head
    assert office[0] == "✅ Đăng ký thành công: đồng chí là <b>cán bộ Văn phòng</b>."
    assert "• tạo đường dẫn mời Trưởng, Phó đơn vị: /moi" in office
    assert "• đề nghị gia hạn của các đơn vị để duyệt hoặc từ chối." in leader
    assert head[-1] == office[-1] == leader[-1] == "Hướng dẫn đầy đủ: /huongdan"


def test_invite_used_template_escapes_the_person_and_unit():
    text = render("registration/invite_used.html.j2", person=sample_person(), role=RoleName.head,
                  unit=sample_unit())
    assert text == (
        "🆕 <b>Minh &lt;b&gt;&amp;</b> đã đăng ký là"
        " <b>Trưởng phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng</b>."
    )


def test_greeting_template_lists_roles_with_units_and_commands():
    roles = [
        {"role": RoleName.head, "unit_name": sample_unit().name}, {"role": RoleName.office, "unit_name": None}
    ]
    text = render("registration/greeting.html.j2", name="Minh <b>&", roles=roles,
                  commands=["viec", "tonghop", "moi", "donvi", "huongdan"])
    assert text.splitlines() == [
        "Xin chào đồng chí <b>Minh &lt;b&gt;&amp;</b>!",
        "Vai trò của đồng chí trên Đôn đốc:",
        "• Trưởng phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng",
        "• cán bộ Văn phòng",
        "",
        "Lệnh đồng chí dùng được:",
        "• /viec — các việc đang mở của đơn vị, việc quá hạn lên đầu",
        "• /tonghop — tổng hợp tình hình thực hiện nhiệm vụ; thêm kỳ (tuần này, tháng này, quý này, năm nay"
        " hoặc hai ngày), tên đơn vị hoặc số thông báo để xem riêng",
        "• /moi — tạo đường dẫn mời Trưởng đơn vị (thêm «phó» để mời Phó đơn vị)",
        "• /donvi — đơn vị, người nhận nhiệm vụ, ai không liên lạc được",
        "• /huongdan — hướng dẫn sử dụng",
    ]
    lost = render("registration/greeting.html.j2", name="", roles=[], commands=["start", "huongdan"])
    assert lost.splitlines()[:2] == [
        "Xin chào đồng chí!",
        "Đồng chí hiện chưa có vai trò nào, nên sẽ không nhận nhiệm vụ. Nếu cần, xin liên hệ"
        " <b>Văn phòng UBND</b> để nhận đường dẫn mời.",
    ]


def test_help_template_has_one_section_per_role():
    text = render("registration/help.html.j2", is_head=True, is_office=True, is_leader=True, is_admin=True,
                  commands=commands_for(None))
    sections = [line for line in text.splitlines() if line.startswith("<b>")]
    assert sections == [
        "<b>Hướng dẫn sử dụng Đôn đốc</b>", "<b>Trưởng, Phó đơn vị</b>", "<b>Văn phòng</b>",
        "<b>Quản trị</b>", "<b>Lãnh đạo UBND</b>", "<b>Lệnh đồng chí dùng được</b>",
    ]
    assert len(text) < 4096
    nobody = render("registration/help.html.j2", is_head=False, is_office=False, is_leader=False,
                    is_admin=False, commands=commands_for(None))
    assert "Đồng chí hiện chưa có vai trò nào." in nobody


def test_command_menu_fits_telegrams_rules():
    commands = bot_commands()
    assert [c.command for c in commands] == [name for name, _ in COMMANDS]
    assert all(re.fullmatch(r"[a-z0-9_]{1,32}", c.command) for c in commands)
    assert all(0 < len(c.description) <= 256 for c in commands)
    assert commands[0].description == "Các việc đang mở của đơn vị"


# --- services ----------------------------------------------------------------------------------------


async def test_an_invite_stores_only_the_hash_and_expires_after_its_ttl(tmp_path):
    db = await open_database(tmp_path / "invites.sqlite3", migrate=True)
    try:
        repos = Repositories(db, FIRST_TENANT)
        t0 = datetime(2026, 6, 3, 2, 0, tzinfo=UTC)
        unit = await repos.units.create("Phường 5", kind="ward", now=t0)
        issued = await issue_invite(
            repos, role=RoleName.head, unit_id=unit.id, created_by=None, ttl_hours=72, now=t0
        )
        stored = [tuple(row) for row in await db.fetch_all("SELECT * FROM invites")]
        assert not any(issued.token in str(value) for row in stored for value in row)
        assert issued.invite.token_hash == hashlib.sha256(issued.token.encode()).hexdigest()
        before_expiry = await look_up_invite(Deployment(db), issued.token, t0 + timedelta(hours=71))
        assert before_expiry.state is InviteState.valid

        late = await accept_invite(
            Deployment(db), invite_id=issued.invite.id, check=confirm_check(issued.invite),
            telegram_user_id=42,
            chat_id=42, display_name="Minh", now=t0 + timedelta(hours=72),
        )

        assert late.state is InviteState.expired
        assert await repos.people.list() == []
    finally:
        await db.close()


def _units(*names: str) -> list[Unit]:
    return [sample_unit(name).model_copy(update={"id": i}) for i, name in enumerate(names, start=1)]


def test_unit_matching_for_invites():
    units = _units("Phường 1", "Phường 11", "Trung tâm Y tế", "Phòng Y tế", "Phòng Tài chính - Kế hoạch")

    assert match_unit(units, "phuong 1").unit.name == "Phường 1"  # not Phường 11
    assert match_unit(units, "TTYT").unit.name == "Trung tâm Y tế"
    assert match_unit(units, "Phòng Tài chánh - Kế hoạch").unit.name == "Phòng Tài chính - Kế hoạch"
    assert match_unit(units, "Kế hoạch").unit.name == "Phòng Tài chính - Kế hoạch"
    ambiguous = match_unit(units, "Y tế")
    assert ambiguous.unit is None and ambiguous.ambiguous
    assert [u.name for u in ambiguous.candidates] == ["Trung tâm Y tế", "Phòng Y tế"]
    assert match_unit(units, "Công an quận") == UnitMatch()


def test_invite_requests_read_role_words_at_the_end():
    assert parse_invite_request(["Phường", "1", "phó"]) == InviteRequest(
        role=RoleName.deputy, unit_query="Phường 1"
    )
    assert parse_invite_request(["Phòng", "Y", "tế", "Trưởng"]) == InviteRequest(
        role=RoleName.head, unit_query="Phòng Y tế"
    )
    assert parse_invite_request(["vanphong"]) == InviteRequest(role=RoleName.office)
    assert parse_invite_request(["lanhdao"]) == InviteRequest(role=RoleName.leader)
    assert parse_invite_request([]) is None
    assert parse_invite_request(["phó"]) is None


async def test_invites_are_never_posted_in_a_group(running_app, person, fake_api):
    await add_unit(running_app, "Phường 6", kind="ward")
    await add_person(running_app, OFFICE_ID, "Lan", RoleName.office)
    lan_in_group = Person(fake_api, FakeUser(OFFICE_ID, "Lan"), chat=group_chat(-100123, "Văn phòng"))

    answer = await lan_in_group.ask("/moi Phường 6")

    assert answer.text == render("registration/invite_private_only.html.j2")
    assert "start=" not in answer.text
    assert await running_app.bot_data.db.fetch_value("SELECT COUNT(*) FROM invites") == 0


def test_private_only_template_says_why():
    assert render("registration/invite_private_only.html.j2") == (
        "Vì an toàn, đường dẫn mời chỉ được tạo trong cuộc trò chuyện riêng với bot: ai đọc được đường dẫn"
        " cũng có thể dùng nó để đăng ký. Xin nhắn riêng cho bot lệnh /moi."
    )
