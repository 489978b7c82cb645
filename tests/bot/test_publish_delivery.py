"""Publishing a notice and delivering each unit its tasks, over the wire."""

from __future__ import annotations

import asyncio
import html

from bot.testing import ApiError
from tests.bot.notice_helpers import (
    OFFICE_ID,
    WARD_UNITS,
    make_ward,
    press_and_wait,
    review_and_publish,
)

NO_HEAD = WARD_UNITS[2]


def _expected_texts(parsed, unit_name, mapped_name, mapped_unit_name):
    names = {unit_name} | ({mapped_name} if unit_name == mapped_unit_name else set())
    return [t.text for t in parsed.tasks if names & set(t.units + t.coordinators)]


async def _wait_all_sent(repos, fake, notice_id):
    async def done():
        rows = await repos.outbox.with_key_prefix(f"deliver:{notice_id}:")
        return rows and all(r.status != "pending" for r in rows)

    for _ in range(100):
        if await done():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("deliveries still pending")


async def _delivered_to_first_head(repos, fake_api, person):
    """The ward's notice published by the office and every delivery sent; the first unit's head ("Lan")
    and the one message they received."""
    ward = await make_ward(repos)
    office = person(OFFICE_ID, "Hà")
    notice_id, _, _, _ = await review_and_publish(fake_api, office, repos, ward)
    await _wait_all_sent(repos, fake_api, notice_id)
    head = person(ward.heads[WARD_UNITS[0]].telegram_user_id, "Lan")
    [message] = fake_api.sent_messages(head.chat_id)
    return ward, office, notice_id, head, message


async def test_each_head_receives_exactly_its_units_tasks(running_app, fake_api, person):
    repos = running_app.bot_data.repos
    ward = await make_ward(repos, without_heads=(NO_HEAD,))
    office = person(OFFICE_ID, "Hà")

    notice_id, parsed, mapped, report = await review_and_publish(fake_api, office, repos, ward)
    await _wait_all_sent(repos, fake_api, notice_id)

    all_texts = [t.text for t in parsed.tasks]
    for name, head in ward.heads.items():
        received = fake_api.sent_messages(head.telegram_user_id)
        assert received, name
        body = "\n".join(m["text"] for m in received)
        expected = _expected_texts(parsed, name, mapped, WARD_UNITS[5])
        assert expected, name
        for text in all_texts:
            assert (html.escape(text, quote=False) in body) == (text in expected), (name, text[:40])
        assert all(len(m["text"]) <= 4096 for m in received)
        assert received[0]["reply_markup"]["inline_keyboard"][0][0]["text"] == "Đã nhận"
    # The unit without a head got nothing and is reported; nobody else received anything.
    heads_chats = {h.telegram_user_id for h in ward.heads.values()}
    assert {m["chat"]["id"] for m in fake_api.sent_messages()} == heads_chats | {OFFICE_ID}
    shown = fake_api.messages[(OFFICE_ID, report.params["message_id"])]["text"]
    assert "Tình hình gửi thông báo" in shown
    # Gửi pressed again on a message still showing it sends nothing more and shows the report.
    sends = len(fake_api.requests("sendMessage"))
    again = office.press(report, data=f"pub:{notice_id}")
    assert "text" not in (await again.answered()).params
    assert len(fake_api.requests("sendMessage")) == sends
    assert "Chưa có người nhận (chưa đăng ký) (1)" in shown
    assert NO_HEAD in shown.split("Chưa có người nhận")[1]
    notice = await repos.notices.get(notice_id)
    assert notice.status == "published"


async def test_delivery_shows_deadlines_with_weekday_and_task_buttons(running_app, fake_api, person):
    repos = running_app.bot_data.repos
    ward = await make_ward(repos)
    office = person(OFFICE_ID, "Hà")
    notice_id, parsed, _, _ = await review_and_publish(fake_api, office, repos, ward)
    await _wait_all_sent(repos, fake_api, notice_id)

    head = ward.heads[WARD_UNITS[0]]
    [message] = fake_api.sent_messages(head.telegram_user_id)
    assert message["text"].startswith("📌 <b>Thông báo</b> (cuộc họp ngày 03/06/2026)\n")
    dated = next(t for t in parsed.tasks if WARD_UNITS[0] in t.units and t.deadline)
    weekdays = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
    weekday = weekdays[dated.deadline.weekday()]
    assert f"⏰ Hạn: {weekday}, {dated.deadline:%d/%m/%Y}" in message["text"]
    labels = [b["text"] for row in message["reply_markup"]["inline_keyboard"] for b in row]
    assert {"1. Báo cáo tiến độ", "1. Hoàn thành", "1. Xin gia hạn", "Tải văn bản gốc"} <= set(labels)
    link = await repos.links.find(head.telegram_user_id, message["message_id"])
    mine = [a.id for a in await repos.assignments.for_notice(notice_id)
            if a.unit_id == ward.units[WARD_UNITS[0]].id]
    assert (link.kind, link.notice_id, sorted(link.assignment_ids)) == ("delivery", notice_id, sorted(mine))


async def test_acknowledge_marks_the_units_assignments_and_turns_the_button(running_app, fake_api, person):
    repos = running_app.bot_data.repos
    ward, office, notice_id, head, message = await _delivered_to_first_head(repos, fake_api, person)
    unit = ward.units[WARD_UNITS[0]]
    head_person = ward.heads[WARD_UNITS[0]]

    edited = await press_and_wait(fake_api, head, message, button="Đã nhận", method="editMessageReplyMarkup")

    assert edited.params["reply_markup"]["inline_keyboard"][0][0]["text"] == "✓ Đã nhận"
    mine = [a for a in await repos.assignments.for_notice(notice_id) if a.unit_id == unit.id]
    assert mine and all(a.status == "acknowledged" and a.acknowledged_by == head_person.id for a in mine)
    others = [a for a in await repos.assignments.for_notice(notice_id) if a.unit_id != unit.id]
    assert all(a.status == "new" for a in others)
    # Pressing again changes nothing and edits nothing.
    again = head.press(message, button="✓ Đã nhận")
    answer = await again.answered()
    assert "trước đó" in answer.params["text"]
    assert await again.silence(0.3) == []

    # The office's /chuanhan lists the units still missing, not this one.
    listing = await office.ask("/chuanhan")
    assert "Đơn vị chưa xác nhận" in listing.text
    assert WARD_UNITS[1] in listing.text and f"• {WARD_UNITS[0]} " not in listing.text
    unknown = await office.ask("/chuanhan 99/TB-UBND")
    assert unknown.text == "Không tìm thấy thông báo đã gửi số 99/TB-UBND."


async def test_a_head_pressing_acknowledge_for_another_unit_is_refused(running_app, fake_api, person):
    repos = running_app.bot_data.repos
    ward, _, notice_id, head, message = await _delivered_to_first_head(repos, fake_api, person)
    police = ward.units[WARD_UNITS[4]]

    forged = head.press(message, data=f"ack:{notice_id}:{police.id}")
    answer = await forged.answered()

    assert answer.params["show_alert"] is True
    assert "không thuộc đơn vị của đồng chí" in answer.params["text"]
    assert await forged.silence(0.3) == []
    assert all(a.status == "new" for a in await repos.assignments.for_notice(notice_id))
    stale = head.press(message, data="ack:999:1")
    assert "hết hiệu lực" in (await stale.answered()).params["text"]


async def test_source_file_is_sent_to_a_head_of_the_notice(running_app, fake_api, person):
    repos = running_app.bot_data.repos
    _, _, notice_id, head, message = await _delivered_to_first_head(repos, fake_api, person)

    sent = await press_and_wait(fake_api, head, message, button="Tải văn bản gốc", method="sendDocument")

    notice = await repos.notices.get(notice_id)
    assert sent.params["document"] == notice.source_file_id
    # A head whose unit has nothing in this notice cannot fetch it with a made-up button.
    now = notice.published_at
    clinic = await repos.units.create("Trạm Y tế", now=now)
    stranger_head = await repos.people.upsert_from_telegram(7301, 7301, "Tâm", now)
    await repos.roles.grant(stranger_head.id, "head", clinic.id, granted_by=None, now=now)
    other = person(7301, "Tâm")
    forged = other.press(message, data=f"file:{notice_id}")
    assert "không thuộc đơn vị của đồng chí" in (await forged.answered()).params["text"]
    assert await forged.silence(0.3) == []
    assert len(fake_api.requests("sendDocument")) == 1


async def test_a_blocked_head_is_reported_to_the_office_and_marked_unreachable(running_app, fake_api, person):
    repos = running_app.bot_data.repos
    ward = await make_ward(repos)
    blocked = ward.heads[WARD_UNITS[4]]
    fake_api.fail_next("sendMessage", ApiError.blocked(), chat_id=blocked.telegram_user_id)
    office = person(OFFICE_ID, "Hà")

    notice_id, _, _, report = await review_and_publish(fake_api, office, repos, ward)
    await _wait_all_sent(repos, fake_api, notice_id)

    assert (await repos.people.get(blocked.id)).reachable is False
    warning = await fake_api.wait_for("sendMessage", lambda r: "chặn bot" in (r.text or ""), 5.0,
                                      chat_id=OFFICE_ID)
    assert blocked.display_name in warning.text
    # Cập nhật redraws the report (Telegram refuses an edit that changes nothing: then it already shows).
    refresh = office.press(report, button="Cập nhật")
    await fake_api.wait_for("editMessageText", None, 5.0, chat_id=OFFICE_ID, since=refresh.since)
    shown = fake_api.messages[(OFFICE_ID, report.params["message_id"])]["text"]
    unreachable = shown.split("Không liên lạc được (1)")[1]
    assert WARD_UNITS[4] in unreachable.split("\n\n")[0]
