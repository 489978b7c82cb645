"""Publishing a notice and delivering each unit its tasks, over the wire."""

from __future__ import annotations

import html

from bot.callbacks import Action, make
from bot.services import delivery_report_redraw
from bot.testing import ApiError
from storage.repositories import FIRST_TENANT
from tests.bot.notice_helpers import (
    OFFICE_ID,
    make_ward,
    press_and_wait,
    publish_written,
    upload_and_publish,
)
from tests.notices import KH_118, MARKET, MILITARY, OFFICE, POLICE, TB_52

NO_HEAD = POLICE


async def _all_sent(repos, fake, notice_id):
    """Every delivery row of the notice settled (sent or failed); the rows."""

    async def settled():
        rows = await repos.outbox.with_key_prefix(f"deliver:{notice_id}:")
        return rows if rows and all(r.status != "pending" for r in rows) else None

    return await fake.until(settled)


async def _delivered_to_office_head(repos, fake_api, person):
    """KH_118 published from its task list and every delivery sent; the head of the ward office's unit
    ("Lan") and the one message they received."""
    ward = await make_ward(repos)
    office = person(OFFICE_ID, "Hà")
    notice_id, _ = await publish_written(fake_api, office, repos, ward, KH_118)
    await _all_sent(repos, fake_api, notice_id)
    head = person(ward.heads[OFFICE].telegram_user_id, "Lan")
    [message] = fake_api.sent_messages(head.chat_id)
    return ward, office, notice_id, head, message


async def test_each_head_receives_exactly_its_units_tasks_from_an_uploaded_notice(
    running_app, fake_api, person
):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    ward = await make_ward(repos, without_heads=(NO_HEAD,))
    office = person(OFFICE_ID, "Hà")

    notice_id, report = await upload_and_publish(fake_api, office, repos, ward, TB_52)
    await _all_sent(repos, fake_api, notice_id)

    for name, head in ward.heads.items():
        received = fake_api.sent_messages(head.telegram_user_id)
        expected = ward.receiving(TB_52, name)
        if not expected:  # a unit the notice gives nothing hears nothing
            assert received == [], name
            continue
        body = "\n".join(m["text"] for m in received)
        for task in TB_52.tasks:
            assert (html.escape(task.text, quote=False) in body) == (task.text in expected), (name, task.text)
        assert f"— {len(expected)} nhiệm vụ" in body
        assert all(len(m["text"]) <= 4096 for m in received)
        assert received[0]["reply_markup"]["inline_keyboard"][0][0]["text"] == "Đã nhận"
    # The unit without a head got nothing and is reported; nobody else received anything.
    receiving = {h.telegram_user_id for name, h in ward.heads.items() if ward.receiving(TB_52, name)}
    assert {m["chat"]["id"] for m in fake_api.sent_messages()} == receiving | {OFFICE_ID}
    shown = fake_api.messages[(OFFICE_ID, report.params["message_id"])]["text"]
    assert "Tình hình gửi thông báo" in shown
    # Gửi pressed again on a message still showing it sends nothing more and shows the report.
    sends = len(fake_api.requests("sendMessage"))
    again = office.press(report, data=f"pub:{notice_id}")
    assert "text" not in (await again.answered()).params
    assert len(fake_api.requests("sendMessage")) == sends
    # The unit without a head and the market board created from the preview are reported.
    unregistered = shown.split("Chưa có người nhận (chưa đăng ký) (2)")[1]
    assert NO_HEAD in unregistered and MARKET in unregistered
    notice = await repos.notices.get(notice_id)
    assert notice.status == "published"


async def test_delivery_shows_deadlines_with_weekday_lead_and_coordinators_and_task_buttons(
    running_app, fake_api, person
):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    ward = await make_ward(repos)
    office = person(OFFICE_ID, "Hà")
    notice_id, _ = await publish_written(fake_api, office, repos, ward, KH_118)
    await _all_sent(repos, fake_api, notice_id)

    # The ward's military command only coordinates: its message names the lead units.
    head = ward.heads[MILITARY]
    [message] = fake_api.sent_messages(head.telegram_user_id)
    text = message["text"]
    assert text.startswith("📌 <b>Thông báo số 118/KH-UBND</b> ngày 02/06/2026\n")
    assert "▶ Nhiệm vụ phối hợp" in text and "▶ Nhiệm vụ chủ trì" not in text
    coordinated = KH_118.tasks_for(MILITARY)
    assert [t.lead for t in coordinated] == [(POLICE,), ("Phòng Văn hóa - Xã hội",)]
    weekdays = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
    for task in coordinated:
        assert task.deadline is not None
        assert f"⏰ Hạn: {weekdays[task.deadline.weekday()]}, {task.deadline:%d/%m/%Y}" in text
        assert f"Chủ trì: {task.lead[0]}" in text
    labels = [b["text"] for row in message["reply_markup"]["inline_keyboard"] for b in row]
    assert {"1. Báo cáo tiến độ", "1. Hoàn thành", "1. Xin gia hạn", "Tải văn bản gốc"} <= set(labels)
    link = await repos.links.find(head.telegram_user_id, message["message_id"])
    military = ward.units[MILITARY].id
    mine = [a.id for a in await repos.assignments.for_notice(notice_id) if a.unit_id == military]
    assert (link.kind, link.notice_id, sorted(link.assignment_ids)) == ("delivery", notice_id, sorted(mine))
    # A weekly task says so.
    [weekly] = fake_api.sent_messages(ward.heads[OFFICE].telegram_user_id)
    assert "🔁 Lặp lại: hằng tuần" in weekly["text"]


async def test_acknowledge_marks_the_units_assignments_and_turns_the_button(running_app, fake_api, person):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    ward, office, notice_id, head, message = await _delivered_to_office_head(repos, fake_api, person)
    unit = ward.units[OFFICE]
    head_person = ward.heads[OFFICE]

    edited = await press_and_wait(fake_api, head, message, button="Đã nhận", method="editMessageReplyMarkup")

    assert edited.params["reply_markup"]["inline_keyboard"][0][0]["text"] == "✓ Đã nhận"
    mine = [a for a in await repos.assignments.for_notice(notice_id) if a.unit_id == unit.id]
    assert mine and all(a.status == "acknowledged" and a.acknowledged_by == head_person.id for a in mine)
    others = [a for a in await repos.assignments.for_notice(notice_id) if a.unit_id != unit.id]
    assert others and all(a.status == "new" for a in others)
    # Pressing again changes nothing and edits nothing.
    again = head.press(message, button="✓ Đã nhận")
    answer = await again.answered()
    assert "trước đó" in answer.params["text"]
    assert await again.silence() == []

    # The office's /chuanhan lists the units still missing, not this one.
    listing = await office.ask("/chuanhan")
    assert "Đơn vị chưa xác nhận" in listing.text
    assert POLICE in listing.text and f"• {OFFICE} " not in listing.text
    unknown = await office.ask("/chuanhan 99/TB-UBND")
    assert unknown.text == "Không tìm thấy thông báo đã gửi số 99/TB-UBND."


async def test_a_head_pressing_acknowledge_for_another_unit_is_refused(running_app, fake_api, person):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    ward, _, notice_id, head, message = await _delivered_to_office_head(repos, fake_api, person)
    police = ward.units[POLICE]

    forged = head.press(message, data=make(Action.acknowledge, notice_id, police.id))
    answer = await forged.answered()

    assert answer.params["show_alert"] is True
    assert "không thuộc đơn vị của đồng chí" in answer.params["text"]
    assert await forged.silence() == []
    assert all(a.status == "new" for a in await repos.assignments.for_notice(notice_id))
    stale = head.press(message, data="ack:999:1")
    assert "hết hiệu lực" in (await stale.answered()).params["text"]


async def test_source_file_is_sent_to_a_head_of_the_notice(running_app, fake_api, person):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    _, _, notice_id, head, message = await _delivered_to_office_head(repos, fake_api, person)

    sent = await press_and_wait(fake_api, head, message, button="Tải văn bản gốc", method="sendDocument")

    notice = await repos.notices.get(notice_id)
    assert sent.params["document"] == notice.source_file_id
    # A head whose unit has nothing in this notice cannot fetch it with a made-up button.
    now = notice.published_at
    clinic = await repos.units.create("Trạm Y tế phường", now=now)
    stranger_head = await repos.people.upsert_from_telegram(7301, 7301, "Tâm", now)
    await repos.roles.grant(stranger_head.id, "head", clinic.id, granted_by=None, now=now)
    other = person(7301, "Tâm")
    forged = other.press(message, data=make(Action.source_file, notice_id))
    assert "không thuộc đơn vị của đồng chí" in (await forged.answered()).params["text"]
    assert await forged.silence() == []
    assert len(fake_api.requests("sendDocument")) == 1


async def test_a_blocked_head_is_reported_to_the_office_and_marked_unreachable(running_app, fake_api, person):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    ward = await make_ward(repos)
    blocked = ward.heads[POLICE]
    fake_api.fail_next("sendMessage", ApiError.blocked(), chat_id=blocked.telegram_user_id)
    office = person(OFFICE_ID, "Hà")

    notice_id, report = await publish_written(fake_api, office, repos, ward, KH_118)
    await _all_sent(repos, fake_api, notice_id)

    assert (await repos.people.get(blocked.id)).reachable is False
    warning = await fake_api.wait_for("sendMessage", lambda r: "chặn bot" in (r.text or ""),
                                      chat_id=OFFICE_ID)
    assert blocked.display_name in warning.text
    # Cập nhật redraws the report (Telegram refuses an edit that changes nothing: then it already shows).
    refresh = office.press(report, button="Cập nhật")
    await fake_api.wait_for("editMessageText", chat_id=OFFICE_ID, since=refresh.since)
    shown = fake_api.messages[(OFFICE_ID, report.params["message_id"])]["text"]
    unreachable = shown.split("Không liên lạc được (1)")[1]
    assert POLICE in unreachable.split("\n\n")[0]


async def test_the_report_redraws_itself_when_a_failed_delivery_goes_through_on_a_retry(
    running_app, fake_api, person, monkeypatch
):
    # Shorter than production (10 s windows, 5 s first backoff) so the test takes a second or two.
    monkeypatch.setattr(delivery_report_redraw, "THROTTLE_SECONDS", 1)
    running_app.bot_data.outbox.backoff_base = 0.2
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    ward = await make_ward(repos)
    late = ward.heads[OFFICE]
    fake_api.fail_next("sendMessage", ApiError.bad_gateway(), chat_id=late.telegram_user_id)
    office = person(OFFICE_ID, "Hà")

    notice_id, report = await publish_written(fake_api, office, repos, ward, KH_118)
    await _all_sent(repos, fake_api, notice_id)

    assert len(fake_api.sent_messages(late.telegram_user_id)) == 1

    async def redraw_sent():
        rows = await repos.outbox.with_key_prefix(f"report_redraw:{notice_id}:")
        return rows if rows and all(r.status == "sent" for r in rows) else None

    [redraw] = await fake_api.until(redraw_sent)
    assert "Đang gửi: 0" in redraw.payload["text"] and OFFICE in redraw.payload["text"].split("Đã gửi (")[1]
    edits = [r for r in fake_api.requests("editMessageText", chat_id=OFFICE_ID)
             if r.text == redraw.payload["text"] and r.params["message_id"] == report.params["message_id"]]
    assert edits and edits[-1].reply_markup == report.reply_markup  # Cập nhật and the corrections stay


async def test_a_delivery_telegram_refuses_for_good_is_reported_to_the_office_with_unit_and_reason(
    running_app, fake_api, person
):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    ward = await make_ward(repos)
    refused = ward.heads[OFFICE]
    fake_api.fail_next("sendMessage", ApiError.bad_request("message is too long"),
                       chat_id=refused.telegram_user_id)
    office = person(OFFICE_ID, "Hà")

    notice_id, _ = await publish_written(fake_api, office, repos, ward, KH_118)
    rows = await _all_sent(repos, fake_api, notice_id)

    assert [r.status for r in rows if r.chat_id == refused.telegram_user_id] == ["failed"]
    told = await fake_api.wait_for(
        "sendMessage", lambda r: "Không gửi được tin nhắn giao việc" in (r.text or ""), chat_id=OFFICE_ID)
    assert told.text.splitlines() == [
        f"⚠️ Không gửi được tin nhắn giao việc cho <b>{html.escape(refused.display_name)}</b> ({OFFICE})"
        f" khi gửi thông báo {KH_118.number}.",
        "Lý do: Telegram từ chối tin nhắn (<code>BadRequest: Message is too long</code>).",
        "Đơn vị vẫn xem được nhiệm vụ bằng lệnh /viec. Vui lòng báo quản trị viên kiểm tra.",
    ]
    assert (await repos.people.get(refused.id)).reachable is True  # the head is not unreachable
