"""Only the office may change a draft, only through buttons on that draft's own message, and only while it
is a draft: anything else is refused and changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.callbacks import Action, make
from bot.parser.models import ParsedNotice, ParsedTask, Unclaimed
from bot.services.review import text_check
from storage.repositories import FIRST_TENANT
from tests.bot.review_helpers import (
    CULTURE,
    ECONOMY,
    MILITARY,
    OFFICE_ID,
    make_commune,
    press,
    show_draft,
    store_draft,
)

OTHER_TEXT = "Số: 113/TB-UBND\n1. Phòng Kinh tế kiểm tra chợ xã trước ngày 10/12/2026."


async def _state(repos) -> dict[str, list[tuple]]:
    """Everything a review button could change."""
    queries = {
        "notices": "SELECT id, status FROM notices ORDER BY id",
        "tasks": "SELECT id, notice_id, position, text, deadline, flags, unresolved FROM tasks ORDER BY id",
        "assignments": "SELECT task_id, unit_id, role, deadline FROM assignments ORDER BY id",
        "candidates": "SELECT id, status, task_id FROM draft_candidates ORDER BY id",
        "audit": "SELECT id FROM audit ORDER BY id",
        "links": "SELECT chat_id, message_id, kind FROM message_links ORDER BY id",
    }
    return {name: [tuple(row) for row in await repos.db.fetch_all(sql)] for name, sql in queries.items()}


async def _review_buttons(fake, office, preview, repos, notice_id) -> list[str]:
    """The callback data of every kind of review button of the draft, collected by the office."""
    tasks = await repos.tasks.for_notice(notice_id)
    culture = next(t for t in tasks if t.units and t.units[0].unit_name == CULTURE)
    unit_id = tasks[0].units[0].unit_id
    listed = await press(fake, office, preview, "Sửa")
    on_task = [make(action, culture.id) for action in (
        Action.edit_task, Action.edit_text, Action.edit_deadline, Action.edit_units, Action.remove_ask,
        Action.remove_task, Action.split_task, Action.split_paste)]
    return [data for _, data in listed.buttons] + [data for _, data in preview.buttons] + on_task + [
        make(Action.split_at, culture.id, 1, text_check(culture.text)),
        make(Action.pick_units, culture.id, 1), make(Action.toggle_unit, culture.id, unit_id, 1),
        make(Action.task_page, notice_id, 1), make(Action.candidate_page, notice_id, 1),
    ]


async def test_a_head_or_a_stranger_pressing_review_buttons_is_refused_and_nothing_changes(
    running_app, person, fake_api,
):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    commune = await make_commune(repos)
    office = person(OFFICE_ID, "Hoa")
    preview, notice = await show_draft(office, repos, commune)
    buttons = await _review_buttons(fake_api, office, preview, repos, notice.id)
    head = person(commune.heads[MILITARY].telegram_user_id, "Quân")
    stranger = person(5555, "Khách")
    before = await _state(repos)
    since = fake_api.mark()

    for who, refusal in ((head, "Đồng chí không có quyền"), (stranger, "Đồng chí chưa được đăng ký")):
        for data in buttons:
            answer = await who.press(preview, data=data).answered()
            assert answer.params["text"].startswith(refusal), data
            assert answer.params["show_alert"] is True

    assert await _state(repos) == before
    assert [r.method for r in fake_api.log_requests[since:]
            if r.method in ("sendMessage", "editMessageText", "editMessageReplyMarkup")] == []


async def test_a_forged_callback_for_another_draft_is_refused_and_nothing_changes(
    running_app, person, fake_api,
):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    commune = await make_commune(repos)
    office = person(OFFICE_ID, "Hoa")
    preview, _ = await show_draft(office, repos, commune)
    other_parse = ParsedNotice(tasks=[ParsedTask(text=OTHER_TEXT.splitlines()[1][3:], units=[ECONOMY])],
                               unclaimed=[Unclaimed(text="Giao Công an xã kiểm tra.", units=["Công an xã"])])
    other, _, _ = await store_draft(repos, commune, other_parse, text=OTHER_TEXT, filename="tb-113.txt")
    [other_candidate] = await repos.candidates.open_for_notice(other.id)
    [other_task] = await repos.tasks.for_notice(other.id)
    # Buttons of the other draft, pressed on this draft's message (callback_data is the presser's to forge).
    forged = [
        make(Action.cancel, other.id), make(Action.add_task, other.id), make(Action.edit, other.id),
        make(Action.edit_task, other_task.id), make(Action.remove_task, other_task.id),
        make(Action.split_at, other_task.id, 1, text_check(other_task.text)),
        make(Action.toggle_unit, other_task.id, commune.units[MILITARY].id, 1),
        make(Action.take_candidate, other_candidate.id, 0),
        make(Action.dismiss_candidate, other_candidate.id, 0),
        make(Action.take_candidate, 999_999, 0), make(Action.candidate_page, other.id, 1),
    ]
    before = await _state(repos)

    for data in forged:
        answer = await office.press(preview, data=data).answered()
        assert "hết hiệu lực" in answer.params["text"], data

    assert await _state(repos) == before


async def test_review_buttons_and_prompts_of_a_published_draft_change_nothing(running_app, person, fake_api):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    commune = await make_commune(repos)
    office = person(OFFICE_ID, "Hoa")
    preview, notice = await show_draft(office, repos, commune)
    take = fake_api.button_data(preview, "➕ Câu 1")
    buttons = await _review_buttons(fake_api, office, preview, repos, notice.id)
    prompt = await press(fake_api, office, preview, "➕ Thêm nhiệm vụ", method="sendMessage")
    await press(fake_api, office, preview, "« Quay lại")
    await repos.notices.publish(notice.id, datetime.now(UTC), by=commune.office.id)
    before = await _state(repos)

    for data in [take, *buttons]:
        answer = await office.press(preview, data=data).answered()
        if not data.startswith(("pub:", "rep:")):  # Gửi and Quay lại show the delivery report instead
            assert "hết hiệu lực" in answer.params["text"], data
    late = await office.ask("Một nhiệm vụ thêm sau khi gửi", reply_to=prompt)

    assert late.text.startswith("Nút này đã hết hiệu lực.")
    assert (await _state(repos))["tasks"] == before["tasks"]
    assert (await _state(repos))["assignments"] == before["assignments"]
    assert (await _state(repos))["candidates"] == before["candidates"]
