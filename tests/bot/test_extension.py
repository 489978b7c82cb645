""""Xin gia hạn": a date and a reason in one reply, leaders decide, the first decision wins."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot import callbacks
from bot.callbacks import Action
from messages.render import render, vn_weekday
from storage.models import ExtensionDecision, RoleName
from tests.bot import replies_world as w


@pytest.fixture
async def asked(running_app, fake_api, person):
    """Lan (head of unit A) pressed "Xin gia hạn"; leaders Bình and Cường, office Hà are known."""
    app = running_app
    unit_a = await w.unit(app, w.UNIT_A)
    await w.person(app, w.HEAD_A, "Lan", RoleName.head, unit_a.id)
    await w.person(app, w.LEADER, "Bình", RoleName.leader)
    await w.person(app, w.LEADER_2, "Cường", RoleName.leader)
    await w.person(app, w.OFFICE, "Hà", RoleName.office)
    deadline = w.local_today() + timedelta(days=5)
    (mine,) = await w.notice(app, [("Rà soát hồ sơ đất đai", [w.UNIT_A], deadline)])
    message = await w.deliver(app, fake_api, w.HEAD_A, [mine])
    lan = person(w.HEAD_A, "Lan")
    prompt = await lan.press(message, button="Xin gia hạn").reply()
    return mine, lan, prompt, deadline


async def _request(fake_api, lan, prompt, new_date):
    mark = fake_api.mark()
    answer = await lan.send(f"{new_date:%d/%m/%Y} - chờ ý kiến thẩm định của Sở", reply_to=prompt).reply()
    to_leader = await fake_api.wait_for("sendMessage", chat_id=w.LEADER, since=mark)
    to_other = await fake_api.wait_for("sendMessage", chat_id=w.LEADER_2, since=mark)
    return answer, to_leader, to_other


async def test_an_approved_extension_moves_the_deadline_and_the_head_is_told(
    running_app, fake_api, person, asked
):
    mine, lan, prompt, _ = asked
    new_date = w.local_today() + timedelta(days=30)
    assert prompt.reply_markup["force_reply"] is True

    answer, to_leader, to_other = await _request(fake_api, lan, prompt, new_date)

    assert answer.text.startswith(
        f"📨 Đã gửi đề nghị gia hạn đến <b>{vn_weekday(new_date)}, {new_date:%d/%m/%Y}</b>")
    (extension,) = await w.repos_of(running_app).extensions.for_assignment(mine.id)
    assert (extension.proposed_date, extension.reason) == (new_date, "chờ ý kiến thẩm định của Sở")
    assert to_leader.buttons == [("Duyệt", callbacks.make(Action.approve_extension, extension.id)),
                                 ("Từ chối", callbacks.make(Action.decline_extension, extension.id))]
    office_copy = await fake_api.wait_for("sendMessage", chat_id=w.OFFICE)
    assert office_copy.buttons == []

    mark = fake_api.mark()
    decided = await person(w.LEADER, "Bình").press(to_leader, button="Duyệt").reply()

    assert decided.method == "editMessageText"
    assert "✅ Đã duyệt bởi đồng chí Bình" in decided.text
    assert (await w.fresh(running_app, mine)).deadline == new_date
    told = await fake_api.wait_for("sendMessage", chat_id=w.HEAD_A, since=mark)
    # who decided and when; the old and the new deadline
    assert told.text.startswith("✅ Đề nghị gia hạn đã được <b>duyệt</b> bởi đồng chí Bình lúc ")
    assert (f"Hạn cũ: {vn_weekday(mine.deadline)}, {mine.deadline:%d/%m/%Y} → hạn mới:"
            f" <b>{vn_weekday(new_date)}, {new_date:%d/%m/%Y}</b>.") in told.text.splitlines()
    # The other leader's copy loses its buttons; pressing the old one says it was already decided.
    closed = await fake_api.wait_for("editMessageText", chat_id=w.LEADER_2, since=mark)
    assert "reply_markup" not in closed.params
    late = await person(w.LEADER_2, "Cường").press(to_other, data=to_other.buttons[1][1]).answered()
    assert late.params["text"].startswith("Đề nghị gia hạn này đã được quyết định trước đó: đã duyệt")
    current = await w.repos_of(running_app).extensions.get(extension.id)
    assert current.decision == ExtensionDecision.approved


async def test_a_declined_extension_leaves_the_deadline(running_app, fake_api, person, asked):
    mine, lan, prompt, deadline = asked
    new_date = w.local_today() + timedelta(days=30)
    _, to_leader, _ = await _request(fake_api, lan, prompt, new_date)

    mark = fake_api.mark()
    await person(w.LEADER, "Bình").press(to_leader, button="Từ chối").reply()

    told = await fake_api.wait_for("sendMessage", chat_id=w.HEAD_A, since=mark)
    assert told.text.startswith(
        f"❌ Đề nghị gia hạn đến ngày {new_date:%d/%m/%Y} đã <b>không được đồng ý</b> (đồng chí Bình, lúc ")
    assert f"Hạn vẫn là {vn_weekday(deadline)}, {deadline:%d/%m/%Y}." in told.text.splitlines()
    assert (await w.fresh(running_app, mine)).deadline == deadline


@pytest.mark.parametrize(("days", "warning"), [
    (-2, "⚠️ Ngày đề nghị {d} không ở sau hôm nay"),
    (3, "⚠️ Ngày đề nghị {d} không ở sau hạn hiện tại"),
])
async def test_a_date_not_after_today_and_the_deadline_is_asked_again(running_app, asked, days, warning):
    mine, lan, prompt, _ = asked
    wrong = w.local_today() + timedelta(days=days)

    again = await lan.send(f"{wrong:%d/%m/%Y} - lý do", reply_to=prompt).reply()

    assert again.text.startswith(warning.format(d=f"{wrong:%d/%m/%Y}"))
    assert again.reply_markup["force_reply"] is True
    assert await w.repos_of(running_app).extensions.for_assignment(mine.id) == []
    # The new prompt works like the first one.
    fine = w.local_today() + timedelta(days=20)
    text = f"xin gia hạn đến {fine.day}/{fine.month}/{fine.year} vì mưa bão"
    answer = await lan.send(text, reply_to=again).reply()
    assert answer.text.startswith("📨 Đã gửi đề nghị gia hạn")
    (extension,) = await w.repos_of(running_app).extensions.for_assignment(mine.id)
    assert (extension.proposed_date, extension.reason) == (fine, "mưa bão")


async def test_a_reply_without_a_date_gets_a_clear_message(running_app, asked):
    mine, lan, prompt, _ = asked

    again = await lan.send("cần thêm thời gian", reply_to=prompt).reply()

    assert again.text.startswith("⚠️ Chưa đọc được ngày đề nghị.")
    assert await w.repos_of(running_app).extensions.for_assignment(mine.id) == []


async def test_a_second_request_while_one_is_pending_is_not_sent_again(running_app, fake_api, asked):
    mine, lan, prompt, _ = asked
    await _request(fake_api, lan, prompt, w.local_today() + timedelta(days=30))

    answer = await lan.send(f"{w.local_today() + timedelta(days=40):%d/%m/%Y} - lý do khác",
                            reply_to=prompt).reply()

    assert answer.text.startswith("Nhiệm vụ này đã có đề nghị gia hạn đến ngày")
    assert len(await w.repos_of(running_app).extensions.for_assignment(mine.id)) == 1


async def test_only_leaders_decide(running_app, fake_api, person, asked):
    mine, lan, prompt, deadline = asked
    _, to_leader, _ = await _request(fake_api, lan, prompt, w.local_today() + timedelta(days=30))

    for who, name in ((w.HEAD_A, "Lan"), (w.OFFICE, "Hà")):
        answered = await person(who, name).press(to_leader, button="Duyệt").answered()
        assert answered.params["text"] == render("not_allowed.html.j2", reason="role")
    assert (await w.fresh(running_app, mine)).deadline == deadline
    forged = await person(w.LEADER, "Bình").press(to_leader, data="exok:424242").answered()
    assert forged.params["text"] == render("not_allowed.html.j2", reason="stale")


def test_extension_templates_escape_user_text_and_keep_diacritics():
    line = f"<b>{w.ESCAPED_UNIT}</b> · TB 37/TB-UBND: {w.ESCAPED_TASK} (hạn 30/06/2026)"
    a = w.sample_assignment()
    prompt = render("extension/prompt.html.j2", a=a, today=date(2026, 6, 10), problem="not_later",
                    proposed=date(2026, 6, 20)).splitlines()
    assert prompt[:4] == [
        "⚠️ Ngày đề nghị 20/06/2026 không ở sau hạn hiện tại (30/06/2026)."
        " Vui lòng chọn một ngày sau hạn hiện tại.",
        "📅 Xin gia hạn nhiệm vụ:", line, "Hạn hiện tại: 30/06/2026.",
    ]
    ext = type("E", (), dict(
        id=1, proposed_date=date(2026, 7, 30), previous_deadline=date(2026, 6, 30), reason="Chờ <Sở> & Bộ",
        decision="approved", decided_at=datetime(2026, 6, 11, 2, 30, tzinfo=UTC)))()
    person = type("P", (), {"display_name": "Lan <&>"})()
    request = render("extension/request.html.j2", a=a, ext=ext, person=person, can_decide=True,
                     decided_by=None, day_off=False).splitlines()
    assert request == [
        f"📅 <b>{w.ESCAPED_UNIT}</b> xin gia hạn nhiệm vụ:", line,
        "Hạn cũ: Thứ Ba, 30/06/2026. Đề nghị đến: <b>Thứ Năm, 30/07/2026</b>.",
        "Lý do: Chờ &lt;Sở&gt; &amp; Bộ", "Người đề nghị: Lan &lt;&amp;&gt;.", "",
        "Bấm <b>Duyệt</b> hoặc <b>Từ chối</b>. Quyết định đầu tiên được ghi nhận.",
    ]
    decided = render("extension/request.html.j2", a=a, ext=ext, person=person, can_decide=False,
                     decided_by="Bình & <Cường>", day_off=True).splitlines()
    assert decided[-1] == "✅ Đã duyệt bởi đồng chí Bình &amp; &lt;Cường&gt; lúc 09:30 11/06/2026."
    assert "⚠️ Ngày đề nghị là ngày nghỉ." in decided
    assert render("extension/decision.html.j2", a=a, ext=ext, decider="Bình <&>").splitlines() == [
        "✅ Đề nghị gia hạn đã được <b>duyệt</b> bởi đồng chí Bình &lt;&amp;&gt; lúc 09:30 11/06/2026.",
        "Hạn cũ: Thứ Ba, 30/06/2026 → hạn mới: <b>Thứ Năm, 30/07/2026</b>.", line]
    requested = render("extension/requested.html.j2", a=a, ext=ext, pending=False, day_off=True).splitlines()
    assert requested == ["📨 Đã gửi đề nghị gia hạn đến <b>Thứ Năm, 30/07/2026</b> cho nhiệm vụ:", line,
                         "⚠️ Ngày đề nghị là ngày nghỉ; nếu cần, đồng chí có thể gửi lại đề nghị với một ngày"
                         " làm việc.",
                         "Lý do: Chờ &lt;Sở&gt; &amp; Bộ", "Bot sẽ báo cho đồng chí khi lãnh đạo quyết định."]
    assert render("extension/already.html.j2", ext=ext) == (
        "Đề nghị gia hạn này đã được quyết định trước đó: đã duyệt lúc 09:30 11/06/2026.")
