"""The office adds, removes, splits and rewrites tasks of a draft from the preview; each change redraws the
review message in place and is in the audit trail."""

from __future__ import annotations

import re

from bot.parser.models import TaskFlag
from storage.repositories import FIRST_TENANT
from tests.bot.review_helpers import (
    ALLOWANCE,
    CULTURE,
    ECONOMY,
    OFFICE,
    OFFICE_ID,
    PATROL,
    SERVICE,
    UNITS,
    VISITS,
    audit_actions,
    current,
    labels,
    make_commune,
    notice_parse,
    press,
    show_draft,
)

EXTRA_UNITS = ("Trạm Y tế xã", "Trường Mầm non Hoa Sen", "Thôn Đông", "Thôn Tây")


async def _open_task(fake, office, preview, position: int):
    await press(fake, office, preview, "Sửa")
    return await press(fake, office, preview, str(position))


async def _pick(fake, office, preview, unit_name: str) -> None:
    """Press the picker's number of `unit_name`, turning pages until it is shown."""
    for _ in range(5):
        text = current(fake, preview)["text"]
        found = re.search(rf"^(\d+)\. {re.escape(unit_name)}(?: —|$)", text, re.MULTILINE)
        if found:
            number = found.group(1)
            label = next(label for label in labels(fake, preview) if label.split(" ")[0] == number)
            await press(fake, office, preview, label)
            return
        await press(fake, office, preview, "Sau ›" if "Sau ›" in labels(fake, preview) else "‹ Trước")
    raise AssertionError(f"{unit_name} is not in the picker")


async def test_office_adds_a_task_with_its_text_a_deadline_and_units_from_the_directory(
    running_app, person, fake_api,
):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    commune = await make_commune(repos, (*UNITS, *EXTRA_UNITS))
    office = person(OFFICE_ID, "Hoa")
    preview, notice = await show_draft(office, repos, commune)

    prompt = await press(fake_api, office, preview, "➕ Thêm nhiệm vụ", method="sendMessage")
    assert prompt.params["reply_markup"]["force_reply"] is True
    assert prompt.text.startswith("Dán nội dung nhiệm vụ cần thêm vào bản nháp.")
    text = "Trung tâm Phục vụ hành chính công số hóa <hồ sơ> đất đai & nhà ở"
    ask_deadline = await office.ask(text, reply_to=prompt)
    assert ask_deadline.text.startswith("Đã thêm nhiệm vụ 5. Nhập hạn cho nhiệm vụ này")
    assert ask_deadline.params["reply_markup"]["force_reply"] is True
    answers = await office.send("31/12/2026", reply_to=ask_deadline).replies(2)
    assert answers[0].text.startswith("Đã ghi hạn nhiệm vụ 5: 31/12/2026. Chọn đơn vị")

    picker = current(fake_api, preview)["text"]
    assert picker.startswith("<b>Đơn vị của nhiệm vụ 5</b>: Trung tâm Phục vụ hành chính công số hóa "
                             "&lt;hồ sơ&gt; đất đai &amp; nhà ở")
    assert "Trang 1/2." in picker
    assert all(len(label) <= 20 for label in labels(fake_api, preview))
    await _pick(fake_api, office, preview, SERVICE)
    await _pick(fake_api, office, preview, ECONOMY)
    await _pick(fake_api, office, preview, ECONOMY)
    assert f"{ECONOMY} — ☆ phối hợp" in current(fake_api, preview)["text"]
    await press(fake_api, office, preview, "Xong")

    added = (await repos.tasks.for_notice(notice.id))[4]
    assert added.text == text and added.deadline.isoformat() == "2026-12-31"
    assert [(u.unit_name, u.role) for u in added.units] == [(SERVICE, "lead"), (ECONOMY, "coordinate")]
    shown = current(fake_api, preview)["text"]
    assert shown.startswith("📄 <b>Bản xem trước thông báo số 112/TB-UBND</b>")
    assert f"<b>{SERVICE}</b>: 1 chủ trì; hạn gần nhất 31/12/2026" in shown
    assert (await audit_actions(repos))[-5:] == ["add_task", "set_deadline", "set_unit_role", "set_unit_role",
                                                 "set_unit_role"]


async def test_removing_a_task_asks_once_then_takes_it_out_of_the_draft(running_app, person, fake_api):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    commune = await make_commune(repos)
    office = person(OFFICE_ID, "Hoa")
    preview, notice = await show_draft(office, repos, commune)
    await _open_task(fake_api, office, preview, 1)

    confirm = await press(fake_api, office, preview, "Xóa")
    assert confirm.params["text"].startswith("Xóa nhiệm vụ 1 khỏi bản nháp? Nhiệm vụ này sẽ không được gửi")
    back = await press(fake_api, office, preview, "« Quay lại")
    assert back.params["text"].startswith("<b>Nhiệm vụ 1</b>: Hội nghị thống nhất")
    await press(fake_api, office, preview, "Xóa")
    exchange = office.press(preview, button="Xóa nhiệm vụ 1")
    assert (await exchange.answered()).params["text"] == "Đã xóa nhiệm vụ 1 khỏi bản nháp."

    tasks = await repos.tasks.for_notice(notice.id)
    assert [t.position for t in tasks] == [1, 2, 3] and tasks[0].text.startswith("Phòng Kinh tế")
    shown = (await fake_api.wait_for("editMessageText", None, 5.0, chat_id=OFFICE_ID,
                                     since=exchange.since)).params["text"]
    assert "Số nhiệm vụ: 3" in shown and f"<b>{OFFICE}</b>" not in shown
    assert (await audit_actions(repos))[-1] == "remove_task"


async def test_splitting_after_a_sentence_keeps_units_and_deadline_on_both_parts(
    running_app, person, fake_api,
):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    commune = await make_commune(repos)
    office = person(OFFICE_ID, "Hoa")
    preview, notice = await show_draft(office, repos, commune)
    await _open_task(fake_api, office, preview, 3)

    choice = await press(fake_api, office, preview, "Tách")
    assert choice.params["text"].splitlines()[-2:] == [f"(1) {ALLOWANCE}", f"(2) {VISITS}"]
    assert labels(fake_api, preview) == ["Sau câu 1", "Dán phần sau", "« Quay lại"]
    await press(fake_api, office, preview, "Sau câu 1")

    tasks = await repos.tasks.for_notice(notice.id)
    assert [t.text for t in tasks[2:]] == [ALLOWANCE, VISITS, PATROL]
    assert [t.position for t in tasks] == [1, 2, 3, 4, 5]
    for part in tasks[2:4]:
        assert [(u.unit_name, u.role) for u in part.units] == [(CULTURE, "lead")]
        assert part.deadline.isoformat() == "2026-12-15" and part.flags == [TaskFlag.year_inferred]
    assert f"<b>{CULTURE}</b>: 2 chủ trì" in current(fake_api, preview)["text"]
    assert (await audit_actions(repos))[-1] == "split_task"


async def test_splitting_by_pasting_the_second_part(running_app, person, fake_api):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    commune = await make_commune(repos)
    office = person(OFFICE_ID, "Hoa")
    preview, notice = await show_draft(office, repos, commune)
    await _open_task(fake_api, office, preview, 3)
    await press(fake_api, office, preview, "Tách")

    prompt = await press(fake_api, office, preview, "Dán phần sau", method="sendMessage")
    assert prompt.text.splitlines()[-1] == f"{ALLOWANCE} {VISITS}"
    wrong = await office.ask("Tổ chức hội nghị tổng kết năm", reply_to=prompt)
    assert wrong.text.startswith("Không tìm thấy đoạn vừa dán trong nhiệm vụ 3")
    assert len(await repos.tasks.for_notice(notice.id)) == 4
    answers = await office.send(f"  {VISITS}\n", reply_to=prompt).replies(2)

    assert answers[0].text == ("Đã tách thành nhiệm vụ 3 và nhiệm vụ 4; nhiệm vụ 4 giữ đơn vị và hạn của "
                               "nhiệm vụ 3.")
    assert answers[1].method == "editMessageText"
    assert [t.text for t in (await repos.tasks.for_notice(notice.id))[2:4]] == [ALLOWANCE, VISITS]


async def test_editing_a_tasks_text_settles_the_long_text_doubt(running_app, person, fake_api):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    commune = await make_commune(repos)
    office = person(OFFICE_ID, "Hoa")
    parsed = notice_parse()
    parsed.tasks[3].flags = [TaskFlag.recurrence_guessed, TaskFlag.long_text]
    preview, notice = await show_draft(office, repos, commune, parsed)
    await _open_task(fake_api, office, preview, 4)
    assert current(fake_api, preview)["text"].splitlines()[-1] == (
        "⚠️ Cần xem lại: ghi “định kỳ” nhưng không rõ chu kỳ; dài hơn một trang, có thể gồm nhiều nhiệm vụ")

    prompt = await press(fake_api, office, preview, "Sửa nội dung", method="sendMessage")
    assert prompt.text.splitlines()[-1] == PATROL
    too_long = await office.ask("x" * 3600, reply_to=prompt)
    assert too_long.text.startswith("Nội dung nhiệm vụ không được để trống và không dài quá 3.500 ký tự.")
    new_text = "Công an xã tăng cường tuần tra <ban đêm> & kiểm soát địa bàn; báo cáo hằng tháng."
    answers = await office.send(new_text, reply_to=prompt).replies(2)

    assert answers[0].text == "Đã sửa nội dung nhiệm vụ 4."
    task = (await repos.tasks.for_notice(notice.id))[3]
    assert task.text == new_text and task.flags == [TaskFlag.recurrence_guessed]
    assert "dài hơn một trang" not in current(fake_api, preview)["text"]
    assert (await audit_actions(repos))[-1] == "set_text"
    audit = await repos.audit.for_entity("task", task.id)
    assert (audit[-1].before, audit[-1].after) == ({"text": PATROL}, {"text": new_text})


async def test_a_split_button_shown_before_the_text_changed_is_refused(running_app, person, fake_api):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    commune = await make_commune(repos)
    office = person(OFFICE_ID, "Hoa")
    preview, notice = await show_draft(office, repos, commune)
    await _open_task(fake_api, office, preview, 3)
    await press(fake_api, office, preview, "Tách")
    old_split = fake_api.button_data(preview, "Sau câu 1")
    await press(fake_api, office, preview, "« Quay lại")
    prompt = await press(fake_api, office, preview, "Sửa nội dung", method="sendMessage")
    await office.send("Phòng Văn hóa - Xã hội chi trả trợ cấp. Rà soát hộ nghèo.", reply_to=prompt).replies(2)

    late = office.press(preview, data=old_split)

    assert "hết hiệu lực" in (await late.answered()).params["text"]
    assert len(await repos.tasks.for_notice(notice.id)) == 4
