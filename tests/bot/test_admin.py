"""/donvi and the "Gỡ" button, over the wire; the units templates."""

from __future__ import annotations

from bot.callbacks import Action, make
from bot.handlers.admin import paginate
from bot.services.units import HeadRemoval, UnitMember, UnitStaff
from messages.render import render
from storage.models import RoleName
from storage.repositories import FIRST_TENANT
from tests.bot.roles_setup import add_person, add_unit, sample_person, sample_unit

OFFICE_ID, HEAD_ID, DEPUTY_ID, OTHER_HEAD_ID = 7101, 7102, 7103, 7104
TRICKY = "Phòng <b>Kinh tế</b> & Hạ tầng"


async def _office(app, person):
    await add_person(app, OFFICE_ID, "Lan", RoleName.office)
    return person(OFFICE_ID, "Lan")


async def test_units_overview_lists_heads_marks_the_unreachable_and_units_without_heads(running_app, person):
    economy = await add_unit(running_app, TRICKY)
    ward = await add_unit(running_app, "Phường 7", kind="ward")
    await add_unit(running_app, "Phòng Nội vụ")
    minh = await add_person(running_app, HEAD_ID, "Minh <i>", RoleName.head, economy)
    ha = await add_person(running_app, DEPUTY_ID, "Hà", RoleName.deputy, economy, reachable=False)
    tuan = await add_person(running_app, OTHER_HEAD_ID, "Tuấn", RoleName.deputy, ward)
    lan = await _office(running_app, person)

    overview = await lan.ask("/donvi")

    lines = overview.text.splitlines()
    assert lines[:2] == [
        "<b>Đơn vị và người nhận nhiệm vụ</b>",
        "3 đơn vị: 2 đã có người nhận, 2 chưa có Trưởng đơn vị, ⚠️ 1 người không liên lạc được.",
    ]
    assert "<b>Phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng</b>" in lines
    assert "• Trưởng: Minh &lt;i&gt;" in lines
    assert "• Phó: Hà — ⚠️ <i>không liên lạc được</i>" in lines
    assert "<b>Phường 7</b> — <i>chưa có Trưởng đơn vị</i>" in lines
    assert lines[-2:] == ["<b>Chưa có người nhận nhiệm vụ (1 đơn vị):</b>", "• Phòng Nội vụ"]
    assert overview.buttons == [
        ("Gỡ Minh <i>", make(Action.remove_head, minh.id, economy.id)),
        ("Gỡ phó Hà", make(Action.remove_head, ha.id, economy.id)),
        ("Gỡ phó Tuấn", make(Action.remove_head, tuan.id, ward.id)),
    ]


async def test_removing_a_head_takes_effect_at_once_and_tells_both_sides(running_app, person, fake_api):
    unit = await add_unit(running_app, TRICKY)
    head = await add_person(running_app, HEAD_ID, "Minh", RoleName.head, unit)
    lan = await _office(running_app, person)
    office = await running_app.bot_data.repos_for(FIRST_TENANT).people.get_by_telegram_id(OFFICE_ID)
    overview = await lan.ask("/donvi")

    pressed = lan.press(overview, button="Gỡ Minh")
    confirmation = await pressed.reply()

    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    assert not await repos.roles.has_role(head.id, RoleName.head, unit.id)
    assert await repos.roles.heads_of(unit.id, include_deputies=True) == []
    assert confirmation.text.splitlines() == [
        "Đã gỡ <b>Minh</b> khỏi vai trò Trưởng đơn vị của"
        " <b>Phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng</b>. Thay đổi có hiệu lực ngay:"
        " người này không còn nhận nhiệm vụ và lời nhắc của đơn vị.",
        "⚠️ Đơn vị hiện chưa có ai nhận nhiệm vụ. Tạo đường dẫn mời:"
        " <code>/moi Phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng</code>",
    ]
    audit = [e for e in await repos.audit.recent() if e.entity == "role" and e.action == "revoke"]
    assert [(e.actor_id, e.before["person_id"]) for e in audit] == [(office.id, head.id)]
    told = await fake_api.wait_for("sendMessage", chat_id=HEAD_ID, since=pressed.since)
    assert told.text.startswith("Đồng chí không còn là Trưởng, Phó đơn vị của <b>Phòng &lt;b&gt;Kinh tế")
    # Pressing the same button again changes nothing.
    again = lan.press(overview, button="Gỡ Minh")
    alert = await again.answered()
    assert alert.params["text"] == "Nút này đã hết hiệu lực. Vui lòng dùng tin nhắn mới nhất."


async def test_a_forged_remove_button_from_a_head_is_refused(running_app, person):
    unit = await add_unit(running_app, "Phường 9", kind="ward")
    other = await add_unit(running_app, "Phường 10", kind="ward")
    victim = await add_person(running_app, HEAD_ID, "Minh", RoleName.head, unit)
    await add_person(running_app, OTHER_HEAD_ID, "Tuấn", RoleName.head, other)
    tuan = person(OTHER_HEAD_ID, "Tuấn")
    greeting = await tuan.ask("/start")

    pressed = tuan.press(greeting, data=make(Action.remove_head, victim.id, unit.id))
    alert = await pressed.answered()

    assert alert.params["text"] == "Đồng chí không có quyền thực hiện thao tác này."
    assert alert.params["show_alert"] is True
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    assert await repos.roles.has_role(victim.id, RoleName.head, unit.id)


async def test_a_head_cannot_see_the_units_overview(running_app, person):
    unit = await add_unit(running_app, "Phường 9", kind="ward")
    await add_person(running_app, HEAD_ID, "Minh", RoleName.head, unit)

    refused = await person(HEAD_ID, "Minh").ask("/donvi")

    assert refused.text == "Đồng chí không có quyền thực hiện thao tác này."


async def test_a_long_overview_is_split_below_the_limit_with_each_units_buttons(
    running_app, person, fake_api
):
    for n in range(1, 61):
        unit = await add_unit(running_app, f"Trung tâm dịch vụ công ích và phát triển quỹ đất số {n}")
        await add_person(running_app, 8000 + n, f"Người phụ trách đơn vị số {n}", RoleName.head, unit)
    lan = await _office(running_app, person)

    await lan.send("/donvi").replies(2)
    await lan.ask("/huongdan")  # updates are handled in order: every /donvi message came before
    pages = [r for r in fake_api.requests("sendMessage", OFFICE_ID) if "• Trưởng:" in r.text]

    assert len(pages) >= 2
    assert all(len(page.text) < 4096 and len(page.buttons) <= 50 for page in pages)
    for page in pages:
        # Every button removes someone listed in the same message.
        for label, _data in page.buttons:
            name = label.removeprefix("Gỡ ").split(" (")[0]
            assert f"• Trưởng: {name}" in page.text.splitlines()
    listed = [line for page in pages for line in page.text.splitlines() if line.startswith("• Trưởng:")]
    assert len(listed) == 60 == len(set(listed))


def test_paginate_keeps_blocks_whole_and_buttons_with_their_block():
    entries = [(f"block {i} " + "x" * 900, [f"button {i}"]) for i in range(10)]
    pages = paginate(entries, limit=2000, max_buttons=50)
    assert [len(buttons) for _text, buttons in pages] == [2, 2, 2, 2, 2]
    assert "\n\n".join(text for text, _ in pages) == "\n\n".join(text for text, _ in entries)
    assert paginate(entries, limit=100_000, max_buttons=3)[0][1] == ["button 0", "button 1", "button 2"]


# --- templates ---------------------------------------------------------------------------------------


def _staff(reachable: bool = True) -> tuple[UnitStaff, HeadRemoval]:
    unit = sample_unit()
    head = sample_person("Minh <b>&", reachable=reachable)
    staff = UnitStaff(unit=unit, members=[UnitMember(person=head, role=RoleName.deputy)])
    return staff, HeadRemoval(person=head, unit=unit, roles=[RoleName.head, RoleName.deputy])


def test_overview_templates_escape_names_and_pin_lines():
    staff, _ = _staff(reachable=False)
    header = render("units/overview_header.html.j2", total=5, staffed=0, without_head=5, unreachable=0)
    unit = render("units/overview_unit.html.j2", staff=staff)
    without = render("units/overview_without.html.j2", units=[staff.unit], count=7, first=False)
    assert header.splitlines() == [
        "<b>Đơn vị và người nhận nhiệm vụ</b>", "5 đơn vị: 0 đã có người nhận, 5 chưa có Trưởng đơn vị."
    ]
    assert unit.splitlines() == [
        "<b>Phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng</b> — <i>chưa có Trưởng đơn vị</i>",
        "• Phó: Minh &lt;b&gt;&amp; — ⚠️ <i>không liên lạc được</i>",
    ]
    assert without == "• Phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng"


def test_remove_templates_escape_names_and_pin_lines():
    staff, removal = _staff()
    label = render("units/remove_button.txt.j2", member=staff.members[0], unit=staff.unit)
    done = render("units/head_removed.html.j2", removal=removal, left=[removal.person])
    notice = render("units/head_removed_notice.html.j2", removal=removal)
    assert label == "Gỡ phó Minh <b>&"  # plain text: not escaped
    assert done == (
        "Đã gỡ <b>Minh &lt;b&gt;&amp;</b> khỏi vai trò Trưởng đơn vị, Phó đơn vị của"
        " <b>Phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng</b>. Thay đổi có hiệu lực ngay:"
        " người này không còn nhận nhiệm vụ và lời nhắc của đơn vị."
    )
    assert notice == (
        "Đồng chí không còn là Trưởng, Phó đơn vị của <b>Phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng</b>"
        " trên Đôn đốc, nên sẽ không nhận nhiệm vụ và lời nhắc của đơn vị này nữa."
        " Nếu có nhầm lẫn, xin liên hệ <b>Văn phòng UBND</b>."
    )
