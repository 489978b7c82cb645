""""Hoàn thành" with an optional note, on time or late against the current deadline; the office may
return a done assignment with a reason."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot import callbacks
from bot.callbacks import Action
from bot.testing import ApiError
from messages.render import render
from storage.models import AssignmentStatus, RoleName
from tests.bot import replies_world as w


async def _setup(app, fake_api, person, deadline):
    unit_a = await w.unit(app, w.UNIT_A)
    unit_b = await w.unit(app, w.UNIT_B)
    await w.person(app, w.HEAD_A, "Lan", RoleName.head, unit_a.id)
    await w.person(app, w.HEAD_B, "Minh", RoleName.head, unit_b.id)
    await w.person(app, w.OFFICE, "Hà Văn phòng", RoleName.office)
    mine, theirs = await w.notice(app, [("Rà soát hồ sơ đất đai", [w.UNIT_A], deadline),
                                        ("Sửa chữa trường học", [w.UNIT_B], deadline)])
    message = await w.deliver(app, fake_api, w.HEAD_A, [mine])
    return mine, theirs, message, person(w.HEAD_A, "Lan")


@pytest.fixture
async def on_time(running_app, fake_api, person):
    return await _setup(running_app, fake_api, person, w.local_today() + timedelta(days=10))


async def test_done_asks_for_a_note_then_closes_on_time_and_tells_the_office(running_app, fake_api, on_time):
    app = running_app
    mine, _, message, lan = on_time

    buttons_msg, force = await lan.press(message, button="Hoàn thành").replies(2)

    assert buttons_msg.buttons == [("Không có ghi chú", callbacks.make(Action.done_without_note, mine.id))]
    assert force.reply_markup["force_reply"] is True
    mark = fake_api.mark()
    result = await lan.send("Đã bàn giao hồ sơ cho UBND", reply_to=force).reply()

    assert result.text.splitlines()[0] == "✅ Đã ghi nhận hoàn thành nhiệm vụ:"
    deadline = w.local_today() + timedelta(days=10)
    assert f"<b>đúng hạn</b> (hạn {deadline:%d/%m/%Y})" in result.text
    assert "Ghi chú: Đã bàn giao hồ sơ cho UBND" in result.text
    current = await w.fresh(app, mine)
    assert (current.status, current.done_note, current.done_late) == (
        AssignmentStatus.done, "Đã bàn giao hồ sơ cho UBND", False)
    told = await fake_api.wait_for("sendMessage", chat_id=w.OFFICE, since=mark)
    assert told.buttons == [("Trả lại", callbacks.make(Action.return_assignment, mine.id))]
    assert "Người báo: Lan." in told.text


async def test_done_without_a_note_from_the_button(running_app, on_time):
    mine, _, message, lan = on_time
    buttons_msg, _ = await lan.press(message, button="Hoàn thành").replies(2)

    edited = await lan.press(buttons_msg, button="Không có ghi chú").reply()

    assert edited.method == "editMessageText"
    assert "<b>đúng hạn</b>" in edited.text
    current = await w.fresh(running_app, mine)
    assert (current.status, current.done_note) == (AssignmentStatus.done, None)


async def test_a_press_answered_too_late_still_closes_the_task(running_app, fake_api, on_time):
    # A press replayed after a restart (bot.update_inbox) reaches Telegram too late to be answered.
    mine, _, message, lan = on_time
    too_old = ApiError.bad_request("query is too old and response timeout expired or query id is invalid")
    fake_api.fail_next("answerCallbackQuery", too_old, times=2)
    buttons_msg, _ = await lan.press(message, button="Hoàn thành").replies(2)

    edited = await lan.press(buttons_msg, button="Không có ghi chú").reply()

    assert "<b>đúng hạn</b>" in edited.text
    assert (await w.fresh(running_app, mine)).status is AssignmentStatus.done


async def test_done_after_the_deadline_is_late_by_the_days_past_it(running_app, fake_api, person):
    deadline = w.local_today() - timedelta(days=3)
    mine, _, message, lan = await _setup(running_app, fake_api, person, deadline)
    buttons_msg, _ = await lan.press(message, button="Hoàn thành").replies(2)

    edited = await lan.press(buttons_msg, button="Không có ghi chú").reply()

    assert f"<b>trễ hạn 3 ngày</b> so với hạn {deadline:%d/%m/%Y}" in edited.text
    assert (await w.fresh(running_app, mine)).done_late is True


async def test_lateness_is_measured_against_the_current_deadline(running_app, fake_api, person):
    mine, _, message, lan = await _setup(running_app, fake_api, person, w.local_today() - timedelta(days=3))
    moved = w.local_today() + timedelta(days=5)
    await w.repos_of(running_app).assignments.set_deadline(mine.id, moved, None, w.now())
    buttons_msg, _ = await lan.press(message, button="Hoàn thành").replies(2)

    edited = await lan.press(buttons_msg, button="Không có ghi chú").reply()

    assert f"<b>đúng hạn</b> (hạn {moved:%d/%m/%Y})" in edited.text


async def test_a_photo_as_evidence_is_kept_with_the_done_note(running_app, on_time):
    mine, _, message, lan = on_time
    _, force = await lan.press(message, button="Hoàn thành").replies(2)

    exchange = lan.send_photo(b"\xff\xd8 evidence", caption="Biên bản nghiệm thu", reply_to=force)
    await exchange.reply()

    current = await w.fresh(running_app, mine)
    assert (current.status, current.done_note) == (AssignmentStatus.done, "Biên bản nghiệm thu")
    (evidence,) = await w.repos_of(running_app).progress.for_assignment(mine.id)
    assert evidence.file_ids == [exchange.update["message"]["photo"][-1]["file_id"]]


async def test_office_returns_a_done_assignment_and_the_head_is_told_why(
    running_app, fake_api, on_time, person
):
    app = running_app
    mine, _, message, lan = on_time
    buttons_msg, _ = await lan.press(message, button="Hoàn thành").replies(2)
    mark = fake_api.mark()
    await lan.press(buttons_msg, button="Không có ghi chú").reply()
    told = await fake_api.wait_for("sendMessage", chat_id=w.OFFICE, since=mark)
    office = person(w.OFFICE, "Hà Văn phòng")

    prompt = await office.press(told, button="Trả lại").reply()
    assert prompt.reply_markup["force_reply"] is True
    mark = fake_api.mark()
    confirmation = await office.send("Thiếu biên bản <nghiệm thu> & ảnh", reply_to=prompt).reply()

    assert confirmation.text.startswith("Đã trả lại nhiệm vụ cho <b>")
    current = await w.fresh(app, mine)
    assert current.status == AssignmentStatus.returned
    assert current.returned_reason == "Thiếu biên bản <nghiệm thu> & ảnh"
    to_head = await fake_api.wait_for("sendMessage", chat_id=w.HEAD_A, since=mark)
    assert "Lý do: Thiếu biên bản &lt;nghiệm thu&gt; &amp; ảnh" in to_head.text
    assert ("Hoàn thành", callbacks.make(Action.done, mine.id)) in to_head.buttons
    # A second "Trả lại" finds it open again and changes nothing.
    again = await office.press(told, button="Trả lại").reply()
    assert again.text.startswith("Nhiệm vụ này hiện không ở trạng thái hoàn thành")


async def test_only_the_office_may_return(running_app, fake_api, on_time):
    mine, _, message, lan = on_time
    buttons_msg, _ = await lan.press(message, button="Hoàn thành").replies(2)
    await lan.press(buttons_msg, button="Không có ghi chú").reply()

    answered = await lan.press(message, data=callbacks.make(Action.return_assignment, mine.id)).answered()

    assert answered.params["text"] == render("not_allowed.html.j2", reason="role")
    assert (await w.fresh(running_app, mine)).status == AssignmentStatus.done


async def test_a_head_cannot_act_on_another_units_assignment(running_app, on_time):
    _, theirs, message, lan = on_time

    for action in (Action.done, Action.done_without_note, Action.progress, Action.extension):
        answered = await lan.press(message, data=callbacks.make(action, theirs.id)).answered()
        assert answered.params["text"] == render("not_allowed.html.j2", reason="owner")
    assert (await w.fresh(running_app, theirs)).status == AssignmentStatus.new


@pytest.mark.parametrize("data", ["done:abc", "done:99999", "done", "dnn:1:2"])
async def test_a_forged_done_button_is_refused_as_stale(running_app, on_time, data):
    mine, _, message, lan = on_time

    answered = await lan.press(message, data=data).answered()

    assert answered.params["text"] == render("not_allowed.html.j2", reason="stale")
    assert (await w.fresh(running_app, mine)).status == AssignmentStatus.new


def test_completion_templates_escape_user_text_and_keep_diacritics():
    line = f"<b>{w.ESCAPED_UNIT}</b> · TB 37/TB-UBND: {w.ESCAPED_TASK} (hạn 30/06/2026)"
    late = w.sample_assignment(status="done", done_on=date(2026, 7, 2), done_note="Xong <b>& đủ</b>",
                               done_at=w.now())
    assert render("completion/done.html.j2", a=late).splitlines() == [
        "✅ Đã ghi nhận hoàn thành nhiệm vụ:",
        line,
        "Hoàn thành ngày 02/07/2026: <b>trễ hạn 2 ngày</b> so với hạn 30/06/2026.",
        "Ghi chú: Xong &lt;b&gt;&amp; đủ&lt;/b&gt;",
    ]
    on_time = w.sample_assignment(status="done", done_on=date(2026, 6, 30), done_at=w.now())
    assert render("completion/done.html.j2", a=on_time).splitlines()[2] == (
        "Hoàn thành ngày 30/06/2026: <b>đúng hạn</b> (hạn 30/06/2026).")
    a = w.sample_assignment()
    prompt = render("completion/prompt.html.j2", a=a).splitlines()
    assert prompt[:2] == ["🏁 Báo hoàn thành nhiệm vụ:", line]
    assert render("completion/note_prompt.html.j2", a=a).startswith(
        f"Ghi chú kết quả cho nhiệm vụ của <b>{w.ESCAPED_UNIT}</b>: {w.ESCAPED_TASK}")
    person = type("P", (), {"display_name": "Lê <Thị> & Hà"})()
    office = render("completion/office_done.html.j2", a=late, person=person, files=1).splitlines()
    assert office[0] == f"📌 <b>{w.ESCAPED_UNIT}</b> báo hoàn thành nhiệm vụ:"
    assert office[2] == "Người báo: Lê &lt;Thị&gt; &amp; Hà."
    assert office[-2:] == ["Minh chứng kèm theo: 1 tệp/ảnh.",
                           "Nếu kết quả chưa đạt, bấm <b>Trả lại</b> và nêu lý do."]
    returned = w.sample_assignment(status="returned", returned_reason="Thiếu <ảnh> & biên bản")
    assert render("completion/returned_head.html.j2", a=returned).splitlines()[:3] == [
        "↩️ Văn phòng đã <b>trả lại</b> nhiệm vụ:", line, "Lý do: Thiếu &lt;ảnh&gt; &amp; biên bản"]
    assert render("completion/returned_office.html.j2", a=returned).splitlines()[0] == (
        f"Đã trả lại nhiệm vụ cho <b>{w.ESCAPED_UNIT}</b> và báo lý do cho đơn vị:")
    assert render("completion/return_prompt.html.j2", a=late, missing=True).splitlines()[:3] == [
        "Cần nêu lý do trả lại.", "↩️ Trả lại nhiệm vụ:", line]
    assert render("completion/already.html.j2", a=late).splitlines() == [
        "Nhiệm vụ này đã được báo hoàn thành ngày 02/07/2026:", line]
    assert render("tasks/closed.html.j2", a=late).splitlines()[1] == line


async def test_the_head_is_answered_again_while_the_office_is_still_being_told(
    running_app, fake_api, on_time
):
    # The office's message goes out in the background: the head's chat is free for their next update
    # even while Telegram is slow to take the office's message.
    _, _, message, lan = on_time
    _, force = await lan.press(message, button="Hoàn thành").replies(2)
    slow = fake_api.hold("sendMessage", chat_id=w.OFFICE)
    await lan.send("Đã bàn giao hồ sơ", reply_to=force).reply()
    told = await fake_api.wait_for("sendMessage", chat_id=w.OFFICE)  # on its way, held there

    tasks = await lan.ask("/viec")

    assert tasks.result is not None and told.result is None
    slow.release()
    await fake_api.until(lambda: told.result is not None)
