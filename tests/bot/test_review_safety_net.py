"""The preview's safety net: sentences that look like orders but gave no task are listed and counted, and
one tap turns one into a task for the unit it names (or sets it aside). Tasks the parser was unsure of
are marked."""

from __future__ import annotations

from bot.parser.models import ParsedNotice, ParsedTask, TaskFlag, Unclaimed
from storage.repositories import FIRST_TENANT
from tests.bot.review_helpers import (
    CONSCRIPTION,
    MILITARY,
    OFFICE_ID,
    RECEPTION,
    audit_actions,
    current,
    labels,
    make_commune,
    notice_parse,
    press,
    show_draft,
)


async def test_the_preview_counts_lists_and_offers_the_sentences_that_gave_no_task(
    running_app, person, fake_api,
):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    commune = await make_commune(repos)
    office = person(OFFICE_ID, "Hoa")

    preview, _ = await show_draft(office, repos, commune)

    lines = preview.text.splitlines()
    assert "Số nhiệm vụ: 4" in lines
    assert "⚠️ 2 câu có thể là nhiệm vụ chưa được nhận diện" in lines
    assert "⚠️ 2 nhiệm vụ cần xem lại" in lines
    assert f"Câu 1: {CONSCRIPTION} ({MILITARY})" in lines
    assert f"Câu 2: {RECEPTION} (Trung tâm Phục vụ hành chính công)" in lines
    assert any(line.startswith("3. Phòng Văn hóa - Xã hội hoàn thành")
               and line.endswith("⚠️ năm của hạn được suy ra (văn bản không ghi năm)") for line in lines)
    assert any(line.startswith("4. Công an xã") and line.endswith("⚠️ ghi “định kỳ” nhưng không rõ chu kỳ")
               for line in lines)
    assert labels(fake_api, preview) == ["➕ Câu 1", "✕ Câu 1", "➕ Câu 2", "✕ Câu 2", "➕ Thêm nhiệm vụ",
                                         "Gửi", "Sửa", "Hủy"]
    assert all(len(label) <= 20 for label in labels(fake_api, preview))


async def test_a_sentence_becomes_a_task_for_the_unit_it_names_in_the_notices_order(
    running_app, person, fake_api,
):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    commune = await make_commune(repos)
    office = person(OFFICE_ID, "Hoa")
    preview, notice = await show_draft(office, repos, commune)

    exchange = office.press(preview, button="➕ Câu 1")
    assert (await exchange.answered()).params["text"] == "Đã thêm câu 1 thành nhiệm vụ 5."
    await fake_api.wait_for("editMessageText", None, 5.0, chat_id=OFFICE_ID, since=exchange.since)

    tasks = await repos.tasks.for_notice(notice.id)
    assert [t.position for t in tasks] == [1, 2, 3, 4, 5]
    added = tasks[4]
    assert added.text == CONSCRIPTION
    assert [(u.unit_name, u.role) for u in added.units] == [(MILITARY, "lead")]
    assert added.deadline.isoformat() == "2026-12-20"
    shown = current(fake_api, preview)["text"]
    assert "⚠️ 1 câu có thể là nhiệm vụ chưa được nhận diện" in shown
    assert "Câu 1:" not in shown and "Câu 2:" in shown
    assert f"<b>{MILITARY}</b>: 1 chủ trì; hạn gần nhất 20/12/2026" in shown
    assert labels(fake_api, preview)[:2] == ["➕ Câu 2", "✕ Câu 2"]
    assert (await audit_actions(repos))[-2:] == ["add_task", "candidate_taken"]


async def test_a_sentence_set_aside_leaves_the_preview_and_adds_no_task(running_app, person, fake_api):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    commune = await make_commune(repos)
    office = person(OFFICE_ID, "Hoa")
    preview, notice = await show_draft(office, repos, commune)

    await press(fake_api, office, preview, "✕ Câu 2")

    shown = current(fake_api, preview)["text"]
    assert "⚠️ 1 câu có thể là nhiệm vụ chưa được nhận diện" in shown and "Câu 2:" not in shown
    assert len(await repos.tasks.for_notice(notice.id)) == 4
    assert (await audit_actions(repos))[-1] == "candidate_dismissed"


async def test_a_second_press_on_an_old_keyboard_adds_nothing_more(running_app, person, fake_api):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    commune = await make_commune(repos)
    office = person(OFFICE_ID, "Hoa")
    preview, notice = await show_draft(office, repos, commune)
    stale = next(data for label, data in preview.buttons if label == "➕ Câu 1")
    await press(fake_api, office, preview, "➕ Câu 1")

    again = office.press(preview, data=stale)

    assert "hết hiệu lực" in (await again.answered()).params["text"]
    assert len(await repos.tasks.for_notice(notice.id)) == 5


async def test_a_task_from_a_sentence_naming_an_unknown_unit_waits_for_the_offices_choice(
    running_app, person, fake_api,
):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    commune = await make_commune(repos)
    office = person(OFFICE_ID, "Hoa")
    parsed = notice_parse()
    parsed.unclaimed = [Unclaimed(text="Giao Tổ công tác 389 kiểm tra hàng giả trên địa bàn.",
                                  units=["Tổ công tác 389"])]
    preview, notice = await show_draft(office, repos, commune, parsed)

    await press(fake_api, office, preview, "➕ Câu 1")

    added = (await repos.tasks.for_notice(notice.id))[-1]
    assert added.units == [] and [u.name for u in added.unresolved] == ["Tổ công tác 389"]
    shown = current(fake_api, preview)["text"]
    assert "1. Tổ công tác 389 (1 nhiệm vụ)" in shown
    assert "⚠️ đơn vị chưa có trong danh sách: Tổ công tác 389" in shown


def _crowded() -> ParsedNotice:
    """40 long sentences and 20 unknown unit names: more than one message and one keyboard can hold."""
    parsed = notice_parse()
    body = "rà soát kỹ hồ sơ <đất> & nhà " * 12
    parsed.unclaimed = [Unclaimed(text=f"Câu số {n}: đề nghị Phòng Kinh tế {body}", units=["Phòng Kinh tế"])
                        for n in range(1, 41)]
    parsed.tasks += [ParsedTask(text=f"Nhiệm vụ số {n} " + "thực hiện " * 300, units=[f"Ban lạ số {n}"],
                                flags=[TaskFlag.long_text]) for n in range(1, 21)]
    return parsed


async def test_a_crowded_preview_stays_within_telegrams_limits_and_pages_the_rest(
    running_app, person, fake_api,
):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    commune = await make_commune(repos)
    office = person(OFFICE_ID, "Hoa")
    since = fake_api.mark()

    _, notice = await show_draft(office, repos, commune, _crowded())
    # Too long for one message: sent in parts split between lines, the buttons under the last.
    last = await fake_api.wait_for("sendMessage", lambda r: bool(r.buttons), chat_id=OFFICE_ID, since=since)

    sent = [r for r in fake_api.log_requests[since:] if r.method == "sendMessage" and r.chat_id == OFFICE_ID]
    assert len(sent) > 1 and all(len(r.text) <= 4096 for r in sent)
    assert len(last.buttons) <= 100
    assert "⚠️ 40 câu có thể là nhiệm vụ chưa được nhận diện" in sent[0].text
    assert "… và 35 câu khác: bấm Xem thêm." in "\n".join(r.text for r in sent)
    assert "&lt;đất&gt; &amp; nhà" in "\n".join(r.text for r in sent)
    assert [label for label, _ in last.buttons][-4:] == ["Xem thêm (35)", "Gửi", "Sửa", "Hủy"]

    page = await press(fake_api, office, last, "Xem thêm (35)")
    heading = "<b>Câu có thể là nhiệm vụ chưa được nhận diện ({})</b> — trang {}/8"
    assert page.params["text"].startswith(heading.format(40, 2))
    assert "Câu 6: " in page.params["text"] and "Câu 11: " not in page.params["text"]
    assert len(page.params["text"]) <= 4096
    await press(fake_api, office, last, "Sau ›")
    page = await press(fake_api, office, last, "➕ Câu 12")
    assert page.params["text"].startswith(heading.format(39, 3))
    assert "Câu 12: " not in page.params["text"] and "Câu 16: " in page.params["text"]
    assert (await repos.tasks.for_notice(notice.id))[-1].text.startswith("Câu số 12:")


async def test_a_sentence_between_two_tasks_becomes_the_task_between_them(running_app, person, fake_api):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    commune = await make_commune(repos)
    office = person(OFFICE_ID, "Hoa")
    parsed = notice_parse()
    survey_end = parsed.tasks[1].span[1]
    parsed.unclaimed = [Unclaimed(text="Giao Công an xã kiểm tra hộ kinh doanh.", units=["Công an xã"],
                                  span=(survey_end + 1, survey_end + 40))]
    preview, notice = await show_draft(office, repos, commune, parsed)

    await press(fake_api, office, preview, "➕ Câu 1")

    tasks = await repos.tasks.for_notice(notice.id)
    assert [t.position for t in tasks] == [1, 2, 3, 4, 5]
    assert [t.text[:20] for t in tasks] == [t.text[:20] for t in parsed.tasks[:2]] + [
        "Giao Công an xã kiểm"] + [t.text[:20] for t in parsed.tasks[2:]]
