"""The whole review: the office corrects a draft (a missed order added from the safety net, a non-task set
aside and one removed, a task split, a text rewritten), the bot restarts in the middle, and Gửi delivers
exactly the corrected tasks to exactly the right heads."""

from __future__ import annotations

import html

from bot.app import build_application, running
from storage.repositories import FIRST_TENANT
from tests.bot.review_helpers import (
    ALLOWANCE,
    CONSCRIPTION,
    CULTURE,
    ECONOMY,
    MILITARY,
    NOT_A_TASK,
    OFFICE,
    OFFICE_ID,
    PATROL,
    POLICE,
    RECEPTION,
    SERVICE,
    SURVEY,
    VISITS,
    current,
    make_commune,
    press,
    show_draft,
)

NEW_PATROL = "Công an xã tuần tra ban đêm & kiểm soát địa bàn; báo cáo hằng tháng về UBND xã."
EXPECTED = {ECONOMY: [SURVEY], CULTURE: [ALLOWANCE, VISITS], POLICE: [NEW_PATROL], MILITARY: [CONSCRIPTION],
            OFFICE: [], SERVICE: []}
EVERY_TEXT = [NOT_A_TASK, SURVEY, ALLOWANCE, VISITS, PATROL, NEW_PATROL, CONSCRIPTION, RECEPTION]


def _app(settings, fake_api):
    return build_application(settings, base_url=fake_api.base_url, base_file_url=fake_api.base_file_url)


async def test_corrections_survive_a_restart_and_gui_delivers_exactly_the_corrected_tasks(
    fake_api, settings, person,
):
    office = person(OFFICE_ID, "Hoa")
    async with running(_app(settings, fake_api), poll_timeout=1.0) as first:
        repos = first.bot_data.repos_for(FIRST_TENANT)
        commune = await make_commune(repos)
        preview, notice = await show_draft(office, repos, commune)
        assert "⚠️ 2 câu có thể là nhiệm vụ chưa được nhận diện" in preview.text
        await press(fake_api, office, preview, "➕ Câu 1")  # a missed order
        await press(fake_api, office, preview, "✕ Câu 2")  # a wish, not an order
        for label in ("Sửa", "1", "Xóa", "Xóa nhiệm vụ 1"):  # the meeting's summary is no task
            await press(fake_api, office, preview, label)
        for label in ("Sửa", "2", "Tách", "Sau câu 1"):  # two tasks run together
            await press(fake_api, office, preview, label)
        for label in ("Sửa", "4"):
            await press(fake_api, office, preview, label)
        # The new text is asked for before the restart and given after it.
        prompt = await press(fake_api, office, preview, "Sửa nội dung", method="sendMessage")

    async with running(_app(settings, fake_api), poll_timeout=1.0) as second:
        repos = second.bot_data.repos_for(FIRST_TENANT)
        answers = await office.send(NEW_PATROL, reply_to=prompt).replies(2)
        assert answers[0].text == "Đã sửa nội dung nhiệm vụ 4."

        tasks = await repos.tasks.for_notice(notice.id)
        assert [(t.position, t.text, [(u.unit_name, u.role) for u in t.units]) for t in tasks] == [
            (1, SURVEY, [(ECONOMY, "lead")]), (2, ALLOWANCE, [(CULTURE, "lead")]),
            (3, VISITS, [(CULTURE, "lead")]), (4, NEW_PATROL, [(POLICE, "lead")]),
            (5, CONSCRIPTION, [(MILITARY, "lead")]),
        ]
        shown = current(fake_api, preview)["text"]
        assert "Số nhiệm vụ: 5" in shown and "câu có thể là nhiệm vụ" not in shown
        actions = [entry.action for entry in await repos.audit.recent(50)]
        for action in ("add_task", "candidate_taken", "candidate_dismissed", "remove_task", "split_task",
                       "set_text"):
            assert action in actions

        sent = office.press(preview, button="Gửi")
        rows = []
        for unit, texts in EXPECTED.items():
            head = commune.heads[unit].telegram_user_id
            if texts:
                await fake_api.wait_for("sendMessage", lambda r, t=texts: all(
                    html.escape(x, quote=False) in r.text for x in t), 5.0, chat_id=head, since=sent.since)
            rows.append((unit, head))
        delivered = await repos.outbox.with_key_prefix(f"deliver:{notice.id}:")

    assert {row.chat_id for row in delivered} == {head for unit, head in rows if EXPECTED[unit]}
    for unit, head in rows:
        body = "\n".join(m["text"] for m in fake_api.sent_messages(head))
        for text in EVERY_TEXT:
            assert (html.escape(text, quote=False) in body) == (text in EXPECTED[unit]), (unit, text[:30])


FRAMED = ("Căn cứ kế hoạch của huyện, Ban Chỉ huy Quân sự xã phối hợp với các thôn hoàn thành công tác "
          "tuyển quân năm 2027 trước ngày 20/12/2026.")


# Goes through the real parser: an order after a framing clause is a task, or offered by the safety net.
async def test_real_parser_an_order_after_a_framing_clause_is_a_task_or_one_tap_away(
    running_app, person, fake_api,
):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    await make_commune(repos)
    office = person(OFFICE_ID, "Hoa")
    text = "\n".join(["ỦY BAN NHÂN DÂN XÃ AN PHÚ", "Số: 114/TB-UBND", "THÔNG BÁO",
                      "Kết luận của Chủ tịch UBND xã tại cuộc họp giao ban tháng 11 năm 2026",
                      f"1. {SURVEY}", f"2. {FRAMED}", "Nơi nhận: như trên."])

    preview = await office.send_document(text.encode(), "tb-114.txt", "text/plain").reply()

    notice = (await repos.notices.list_recent(1))[0]
    found = [t for t in await repos.tasks.for_notice(notice.id) if "tuyển quân năm 2027" in t.text]
    if not found:  # not recognised as a task: then the preview must offer it
        [offer] = [c for c in await repos.candidates.open_for_notice(notice.id) if "tuyển quân" in c.text]
        assert f"Câu {offer.position}: " in preview.text
        await press(fake_api, office, preview, f"➕ Câu {offer.position}")
        found = [t for t in await repos.tasks.for_notice(notice.id) if "tuyển quân năm 2027" in t.text]
    assert [u.unit_name for u in found[0].units] == [MILITARY]
