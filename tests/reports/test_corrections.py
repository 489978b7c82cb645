"""Corrections after Gửi over the wire: the office changes a delivered task's deadline or units, adds a
task, withdraws a task or the notice; exactly the affected heads are told, once, in one message."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storage.repositories import FIRST_TENANT
from storage.repositories.reports import ReportWindow
from tests.reports import world as w

HEADS = (w.ECONOMY_HEAD, w.CULTURE_HEAD, w.POLICE_HEAD, w.CLINIC_HEAD)


@pytest.fixture
async def ward(running_app):
    return await w.demo_ward(running_app.bot_data.repos_for(FIRST_TENANT))


async def _told(fake_api, since: int, expected: set[int]) -> dict[int, list]:
    """Wait until each expected head got a message, then a little more; every head's messages since."""
    def sent():
        found: dict[int, list] = {}
        for r in fake_api.log_requests[since:]:
            if r.method == "sendMessage" and r.chat_id in HEADS and r.result is not None:
                found.setdefault(r.chat_id, []).append(r)
        return found
    await fake_api.wait_for("*", lambda _r: expected <= set(sent()), since=since)
    await fake_api.settled()  # the bot handled everything pushed so far: nobody else is told later
    return sent()


async def _open_task(person, task_id: int):
    office = person(w.CLERK, "Hạnh")
    anchor = await office.ask("/start")
    view = await office.press(anchor, data=f"fixt:{task_id}").reply()
    return office, view


async def test_a_new_deadline_reaches_exactly_the_units_of_that_task(ward, fake_api, person):
    sidewalk = await ward.assignment(w.ECONOMY, "lấn chiếm vỉa hè")
    office, view = await _open_task(person, sidewalk.task_id)
    assert [label for label, _ in view.buttons] == ["Sửa hạn", "Sửa đơn vị", "Thu hồi nhiệm vụ", "« Quay lại"]
    prompt = await office.press(view, button="Sửa hạn").reply()
    new = w.today() + timedelta(days=30)
    mark = fake_api.mark()

    done = await office.send(new.strftime("%d/%m/%Y"), reply_to=prompt).reply()

    assert done.text.startswith(f"✅ Đã đổi hạn nhiệm vụ 1: {new:%d/%m/%Y}; đã báo 2 đơn vị")
    told = await _told(fake_api, mark, {w.ECONOMY_HEAD, w.POLICE_HEAD})
    assert set(told) == {w.ECONOMY_HEAD, w.POLICE_HEAD} and all(len(v) == 1 for v in told.values())
    message = told[w.POLICE_HEAD][0].text
    assert "đơn vị <b>Công an phường</b>" in message
    assert "→ hạn mới: <b>" in message and f"{new:%d/%m/%Y}</b>" in message
    assert "Hạn cũ: " in message and f"{sidewalk.deadline:%d/%m/%Y}" in message
    assert "Người điều chỉnh: Hạnh (Văn phòng UBND)." in message  # the clerk's Telegram name
    buttons = [label for label, _ in told[w.POLICE_HEAD][0].buttons]
    assert buttons == ["Báo cáo tiến độ", "Hoàn thành", "Xin gia hạn"]
    moved = await ward.assignment(w.POLICE, "lấn chiếm vỉa hè")
    assert moved.deadline == new
    trail = await ward.repos.audit.for_entity("assignment", moved.id)
    assert trail[-1].action == "set_deadline" and trail[-1].actor_id == ward.people[w.CLERK].id


async def test_changing_units_tells_the_unit_taken_off_and_the_one_added_only(ward, fake_api, person):
    sidewalk = await ward.assignment(w.ECONOMY, "lấn chiếm vỉa hè")
    office, view = await _open_task(person, sidewalk.task_id)
    prompt = await office.press(view, button="Sửa đơn vị").reply()
    mark = fake_api.mark()

    # the economy unit's name holds a comma: the whole line is still read as that one unit
    answer = await office.send(f"{w.ECONOMY}\nPhối hợp: {w.CLINIC}", reply_to=prompt).reply()
    assert answer.text.startswith("✅ Đã đổi đơn vị của nhiệm vụ 1; đã báo 2 đơn vị")

    told = await _told(fake_api, mark, {w.POLICE_HEAD, w.CLINIC_HEAD})
    assert set(told) == {w.POLICE_HEAD, w.CLINIC_HEAD}
    assert "<b>không còn giao</b> cho đơn vị" in told[w.POLICE_HEAD][0].text
    assert told[w.POLICE_HEAD][0].buttons == []
    added = told[w.CLINIC_HEAD][0]
    assert "Đơn vị được giao thêm nhiệm vụ này, vai trò <b>phối hợp</b>" in added.text
    clinic = await ward.assignment(w.CLINIC, "lấn chiếm vỉa hè")
    assert added.buttons[0] == ("Báo cáo tiến độ", f"prog:{clinic.id}")
    police = next(a for a in await ward.repos.assignments.for_notice(ward.notice.id)
                  if a.unit_id == ward.units[w.POLICE].id and a.task_id == sidewalk.task_id)
    assert police.withdrawn_at is not None and not police.is_open
    # reminders and /viec follow: the police's open work no longer holds the task
    assert sidewalk.task_id not in {a.task_id for a in await ward.repos.assignments.for_unit(police.unit_id)}


async def test_withdrawing_a_task_after_confirmation_tells_its_units(ward, fake_api, person):
    dengue = await ward.assignment(w.CULTURE, "sốt xuất huyết")
    office, view = await _open_task(person, dengue.task_id)
    confirm = await office.press(view, button="Thu hồi nhiệm vụ").reply()
    assert "Xin xác nhận." in confirm.text
    mark = fake_api.mark()

    await office.press(confirm, button="Xác nhận thu hồi").reply()

    told = await _told(fake_api, mark, {w.CULTURE_HEAD, w.CLINIC_HEAD})
    assert set(told) == {w.CULTURE_HEAD, w.CLINIC_HEAD}
    assert "đã được <b>thu hồi</b>" in told[w.CULTURE_HEAD][0].text
    counts = await ward.repos.reports.task_counts(ReportWindow(None, w.today(), w.today()))
    assert counts.total == 7  # a withdrawn task no longer counts
    assert dengue.task_id not in {a.task_id for a in await ward.repos.assignments.not_acknowledged()}


async def test_a_missed_task_is_added_and_delivered_to_its_units(ward, fake_api, person):
    office = person(w.CLERK, "Hạnh")
    anchor = await office.ask("/start")
    prompt = await office.press(anchor, data=f"addt:{ward.notice.id}").reply()
    deadline = w.today() + timedelta(days=20)
    mark = fake_api.mark()

    done = await office.send(f"Trạm Y tế phường chủ trì, phối hợp Công an phường kiểm tra an toàn thực phẩm"
                             f" tại các bếp ăn tập thể, hoàn thành trước ngày {deadline:%d/%m/%Y}.",
                             reply_to=prompt).reply()

    assert done.text.startswith(f"✅ Đã bổ sung nhiệm vụ 9 (hạn {deadline:%d/%m/%Y})")
    told = await _told(fake_api, mark, {w.CLINIC_HEAD, w.POLICE_HEAD})
    assert set(told) == {w.CLINIC_HEAD, w.POLICE_HEAD}
    assert "Nhiệm vụ bổ sung cho đơn vị, vai trò <b>chủ trì</b>" in told[w.CLINIC_HEAD][0].text


async def test_withdrawing_the_notice_tells_every_unit_and_only_the_office_may(ward, fake_api, person):
    head = person(w.POLICE_HEAD, "Dũng")
    anchor = await head.ask("/start")
    refused = await head.press(anchor, data=f"wdny:{ward.notice.id}").answered()
    assert refused.params.get("show_alert") is True
    office = person(w.CLERK, "Hạnh")
    anchor = await office.ask("/start")
    confirm = await office.press(anchor, data=f"wdn:{ward.notice.id}").reply()
    mark = fake_api.mark()

    await office.press(confirm, button="Xác nhận thu hồi").reply()

    told = await _told(fake_api, mark, set(HEADS))
    assert set(told) == set(HEADS) and all(len(v) == 1 for v in told.values())
    assert (await ward.repos.notices.get(ward.notice.id)).status == "withdrawn"
