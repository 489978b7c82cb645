"""/tonghop over the wire: leaders and the office ask for the digest; heads and strangers are refused."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta

import pytest

from bot.services.reminders import work_calendar
from bot.services.scheduled_digests import run_scheduled_digests
from messages.render import render
from storage.models import RoleName
from storage.repositories import FIRST_TENANT
from tests.services.digest_world import TRICKY_UNIT, VN, World, at

LEADER_ID, CLERK_ID, HEAD_ID = 4001, 4002, 4003
TRICKY_ESCAPED = "Phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng"


def _d(day) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.fixture
async def ward(running_app):
    """Two notices over two units, relative to the real today (the bot reads the real clock)."""
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    today = datetime.now(UTC).astimezone(VN).date()
    w = await World.start(repos)
    w.today = today
    w.economy = await w.unit(TRICKY_UNIT)
    w.police = await w.unit("Công an phường")
    await w.person("Chủ tịch Trần Văn An", RoleName.leader, telegram_id=LEADER_ID)
    await w.person("Văn thư Lê Thị Bình", RoleName.office, telegram_id=CLERK_ID)
    await w.person("Trưởng CA Phạm Văn Cường", RoleName.head, w.police, telegram_id=HEAD_ID)
    w.n37 = await w.notice("37/TB-UBND", today - timedelta(days=10), [
        ("Rà soát hồ sơ đất đai", [w.economy], today + timedelta(days=3)),
        ("Báo cáo tình hình an ninh", [w.police], today - timedelta(days=2)),
        ("Giải tỏa lấn chiếm vỉa hè", [w.economy], today - timedelta(days=5)),
        ("Cập nhật phần mềm một cửa", [w.police], today + timedelta(days=4)),
    ])
    w.n45 = await w.notice("45/TB-UBND", today - timedelta(days=3), [
        ("Chuẩn bị Tết Trung thu", [w.economy], today + timedelta(days=30)),
    ])
    for text in ("Rà soát hồ sơ đất đai", "Báo cáo tình hình an ninh", "Giải tỏa lấn chiếm vỉa hè"):
        await w.acknowledge(await w.assignment(w.n37, text), today - timedelta(days=9))
    await w.done(await w.assignment(w.n37, "Rà soát hồ sơ đất đai"), today)  # on time
    await w.done(await w.assignment(w.n37, "Báo cáo tình hình an ninh"), today)  # 2 days late
    return w


async def test_a_leader_gets_the_digest_of_the_month_so_far(ward, person):
    reply = await person(LEADER_ID, "An").ask("/tonghop")

    assert reply.method == "sendMessage" and reply.params["chat_id"] == LEADER_ID
    assert reply.params["parse_mode"] == "HTML"
    lines = reply.text.splitlines()
    today = ward.today
    assert lines[:3] == ["<b>📊 TỔNG HỢP THỰC HIỆN NHIỆM VỤ</b>", "Tất cả các đơn vị",
                         f"Kỳ báo cáo: từ {_d(today.replace(day=1))} đến {_d(today)}"]
    assert "<b>Tổng số: 5 nhiệm vụ</b> (mỗi nhiệm vụ tính một lần, theo đơn vị chủ trì)" in lines
    assert lines[lines.index("<b>Đã hoàn thành: 2</b>"):][:6] == [
        "<b>Đã hoàn thành: 2</b>",
        "✅ Hoàn thành đúng hạn: <b>1</b>",
        "🕓 Hoàn thành quá hạn: <b>1</b>",
        "<b>Chưa hoàn thành: 3</b>",
        "🔄 Chưa hoàn thành, trong hạn: <b>2</b>",
        "❗ Chưa hoàn thành, quá hạn: <b>1</b>",
    ]
    # on time over what is due (done, or open past its deadline): 1 of 3
    assert "📈 Tỷ lệ hoàn thành đúng hạn: <b>33,3%</b> (1/3)" in lines
    # the legend uses the headings' own words
    assert ("(✅ hoàn thành đúng hạn · 🕓 hoàn thành quá hạn · 🔄 chưa hoàn thành, trong hạn"
            " · ❗ chưa hoàn thành, quá hạn · ➖ không có thời hạn)") in lines
    assert f"{TRICKY_ESCAPED} (3): ✅ 1 · 🕓 0 · 🔄 1 · ❗ 1" in lines
    assert "Công an phường (2): ✅ 0 · 🕓 1 · 🔄 1 · ❗ 0" in lines
    assert (f"• <b>{TRICKY_ESCAPED}</b>: Giải tỏa lấn chiếm vỉa hè — hạn {_d(today - timedelta(days=5))},"
            " quá hạn 5 ngày (số 37/TB-UBND)") in lines
    assert any(line.startswith("• <b>Công an phường</b>: Cập nhật phần mềm một cửa — hạn ")
               and line.endswith(f", {_d(today + timedelta(days=4))} (số 37/TB-UBND)") for line in lines)
    assert (f"• <b>Công an phường</b>: thông báo số 37/TB-UBND — 1 nhiệm vụ, gửi ngày "
            f"{_d(today - timedelta(days=10))}") in lines
    # the overdue task opens from a button; the chart and the workbook of the same scope too
    pavement = await ward.assignment(ward.n37, "Giải tỏa lấn chiếm vỉa hè")
    assert reply.buttons[0] == ("❗ Giải tỏa lấn chi…", f"tdet:{pavement.task_id}")
    assert [label for label, _ in reply.buttons[1:]] == ["📊 Biểu đồ", "📥 Tải Excel"]
    assert (f"• <b>{TRICKY_ESCAPED}</b>: thông báo số 45/TB-UBND — 1 nhiệm vụ, gửi ngày "
            f"{_d(today - timedelta(days=3))}") in lines


async def test_the_office_may_ask_for_one_unit(ward, person):
    reply = await person(CLERK_ID, "Bình").ask("/tonghop công an")

    lines = reply.text.splitlines()
    assert lines[1] == "Đơn vị: <b>Công an phường</b>"
    assert "<b>Tổng số: 2 nhiệm vụ</b> giao cho đơn vị (chủ trì và phối hợp)" in lines
    assert "🕓 Hoàn thành quá hạn: <b>1</b>" in lines
    assert "Kinh tế" not in reply.text and "45/TB-UBND" not in reply.text


async def test_a_leader_may_ask_for_one_notice_since_its_publication(ward, person):
    reply = await person(LEADER_ID, "An").ask("/tonghop 45/tb-ubnd")

    lines = reply.text.splitlines()
    today = ward.today
    assert lines[1] == f"Thông báo số 45/TB-UBND ngày {_d(today - timedelta(days=3))}"
    assert lines[2] == f"Kỳ báo cáo: từ {_d(today - timedelta(days=3))} đến {_d(today)}"
    assert "<b>Tổng số: 1 nhiệm vụ</b> (mỗi nhiệm vụ tính một lần, theo đơn vị chủ trì)" in lines
    assert "37/TB-UBND" not in reply.text and "Công an phường" not in reply.text


async def test_an_unknown_argument_is_explained_and_nothing_else_is_sent(ward, person):
    leader = person(LEADER_ID, "An")
    exchange = leader.send("/tonghop 999/TB-XYZ <i>")

    replies = await exchange.replies(1)
    assert replies[0].text.splitlines() == [
        "Không tìm thấy thông báo số hay đơn vị nào tên «999/TB-XYZ &lt;i&gt;».",
        "Cách dùng: /tonghop (tất cả đơn vị), /tonghop tên đơn vị, hoặc /tonghop số thông báo"
        " (ví dụ 37/TB-UBND).",
    ]
    assert len(await exchange.silence()) == 1


async def test_a_head_is_refused(ward, person, fake_api):
    reply = await person(HEAD_ID, "Cường").ask("/tonghop")

    assert reply.text == render("not_allowed.html.j2", reason="role")
    assert "TỔNG HỢP" not in reply.text


async def test_a_stranger_is_refused_and_leaves_no_trace(ward, person, running_app):
    reply = await person(5555, "Lạ").ask("/tonghop")

    assert reply.text == render("not_allowed.html.j2", reason="stranger")
    assert await running_app.bot_data.repos_for(FIRST_TENANT).people.get_by_telegram_id(5555) is None


def test_unknown_target_template_lists_candidates_escaped():
    text = render("digest_target_unknown.html.j2", query="phòng", ambiguous=True,
                  candidates=[TRICKY_UNIT, "Phòng Văn hóa"])

    assert text.splitlines() == [
        "Có nhiều đơn vị khớp với «phòng»:",
        f"• {TRICKY_ESCAPED}",
        "• Phòng Văn hóa",
        f"Vui lòng gõ đầy đủ hơn, ví dụ: /tonghop {TRICKY_ESCAPED}",
    ]
    close = render("digest_target_unknown.html.j2", query="Phong Kinh te & <b>", ambiguous=False,
                   candidates=[TRICKY_UNIT])
    assert close.splitlines()[:3] == [
        "Không tìm thấy thông báo số hay đơn vị nào tên «Phong Kinh te &amp; &lt;b&gt;».",
        "Có phải đồng chí muốn xem:", f"• {TRICKY_ESCAPED}"]
    assert len(close) < 4096


async def test_scheduled_digests_reach_leaders_and_office_as_valid_html(ward, running_app, fake_api):
    """The job's service with a simulated Monday 07:30: rows drained through the fake Bot API, which
    refuses malformed HTML as Telegram does."""
    data = running_app.bot_data
    calendar = await work_calendar(data.repos_for(FIRST_TENANT), data.settings)
    monday = ward.today + timedelta(days=(7 - ward.today.weekday()) % 7 or 7)
    while not calendar.is_working_day(monday):
        monday += timedelta(days=7)
    mark = fake_api.mark()

    repos = data.repos_for(FIRST_TENANT)
    added = await run_scheduled_digests(repos, data.outbox.drain, data.settings, at(monday, "07:30"),
                                        data.render)

    # the leader's weekly digest and its chart, and one daily list for each of the two clerks
    assert added == 4
    weekly = await fake_api.wait_for("sendMessage", lambda r: r.chat_id == LEADER_ID and r.result is not None,
                                     since=mark)
    daily = await fake_api.wait_for("sendMessage", lambda r: r.chat_id == CLERK_ID and r.result is not None,
                                    since=mark)
    assert weekly.params["parse_mode"] == daily.params["parse_mode"] == "HTML"
    assert weekly.text.splitlines()[0] == f"<b>📊 TỔNG HỢP TUẦN — Thứ Hai, {_d(monday)}</b>"
    assert daily.text.splitlines()[0] == f"<b>🗂 VIỆC CẦN ĐÔN ĐỐC — Thứ Hai, {_d(monday)}</b>"
    assert f"• <b>{TRICKY_ESCAPED}</b>: Giải tỏa lấn chiếm vỉa hè" in daily.text
    # The job runs again a minute later (and after a restart): nothing more.
    assert await run_scheduled_digests(repos, data.outbox.drain, data.settings, at(monday, "07:31"),
                                       data.render) == 0


async def test_a_long_digest_arrives_as_several_valid_messages(running_app, person):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    today = datetime.now(UTC).astimezone(VN).date()
    w = await World.start(repos)
    await w.person("Chủ tịch Trần Văn An", RoleName.leader, telegram_id=LEADER_ID)
    name = "Tổ dân phố số {} <b>&</b> khu dân cư Bạch Đằng mở rộng phía Đông"
    units = [await w.unit(name.format(n)) for n in range(40)]
    await w.notice("12/KH-UBND", today - timedelta(days=40), [
        (f"Nhiệm vụ {n}: hoàn thiện hồ sơ, thủ tục và báo cáo kết quả thực hiện về UBND phường", [unit],
         today - timedelta(days=n + 1))
        for n, unit in enumerate(units)
    ])
    leader = person(LEADER_ID, "An")
    exchange = leader.send("/tonghop")

    await exchange.reply()
    answers = await exchange.silence()
    assert len(answers) >= 2 and {r.method for r in answers} == {"sendMessage"}
    assert all(len(r.text) < 4096 for r in answers)  # and every one was accepted as valid HTML
    text = "\n".join(r.text for r in answers)
    escaped = html.escape(name.format(7), quote=False)
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in escaped
    assert text.count(f"{escaped} (1): ✅ 0 · 🕓 0 · 🔄 0 · ❗ 1") == 1
    assert "… và 28 mục khác." in text.splitlines()  # 40 overdue, the 12 most overdue listed


async def test_units_are_listed_in_vietnamese_order_with_numbers_by_value(running_app, person):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    today = datetime.now(UTC).astimezone(VN).date()
    w = await World.start(repos)
    await w.person("Chủ tịch Trần Văn An", RoleName.leader, telegram_id=LEADER_ID)
    # byte-wise, "10" comes before "2" and "Đ" after "T"
    ten = await w.unit("Tổ dân phố 10")
    two = await w.unit("Tổ dân phố 2")
    police = await w.unit("Đội quản lý trật tự")
    await w.notice("12/KH-UBND", today - timedelta(days=10), [
        ("Rà soát hộ nghèo", [ten], today - timedelta(days=2)),
        ("Rà soát hộ cận nghèo", [two], today - timedelta(days=2)),
        ("Tuần tra vỉa hè", [police], today - timedelta(days=2)),
    ])

    reply = await person(LEADER_ID, "An").ask("/tonghop")

    lines = reply.text.splitlines()
    table = [line for line in lines if line.endswith("(1): ✅ 0 · 🕓 0 · 🔄 0 · ❗ 1")]
    assert [line.split(" (")[0] for line in table] == ["Đội quản lý trật tự", "Tổ dân phố 2", "Tổ dân phố 10"]
