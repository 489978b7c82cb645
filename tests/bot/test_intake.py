"""A notice comes in: the office sends a file or pastes text and gets a preview; nobody else can.

The uploads here are the tests that read the written notices through the parser: what the bot stores and
previews must equal the task lists written beside them (tests/notices)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from storage.repositories import FIRST_TENANT
from tests.bot.notice_helpers import OFFICE_ID, make_ward, show_written
from tests.notices import KH_118, MARKET, POLICE, SERVICE_CENTRE, TB_52, WrittenNotice
from tests.notices.store import DOCX_MIME, as_docx, read_back, shape

NEWS = (
    "Sáng nay, UBND phường tổ chức lễ ra quân Tháng thanh niên năm 2026 với sự tham gia của đông đảo "
    "đoàn viên. Buổi lễ diễn ra trang trọng, kết thúc lúc 10 giờ cùng ngày."
)


async def _counts(repos) -> dict[str, int]:
    tables = ("notices", "tasks", "assignments", "people", "outbox")
    return {t: await repos.db.fetch_value(f"SELECT COUNT(*) FROM {t}") for t in tables}


def _preview_lines(notice: WrittenNotice) -> list[str]:
    """The preview's line for each known unit, from the notice's task list."""
    lines = []
    for unit in notice.units():
        if unit in notice.unknown_units:
            continue
        lead = sum(unit in t.lead for t in notice.tasks)
        coordinate = sum(unit in t.coordinators for t in notice.tasks)
        roles = ", ".join(part for part in (f"{lead} chủ trì" if lead else "",
                                            f"{coordinate} phối hợp" if coordinate else "") if part)
        deadlines = [t.deadline for t in notice.tasks_for(unit) if t.deadline]
        nearest = f"hạn gần nhất {min(deadlines):%d/%m/%Y}" if deadlines else "không ghi hạn"
        lines.append(f"• <b>{unit}</b>: {roles}; {nearest}")
    return lines


async def test_office_uploads_a_word_notice_and_the_preview_is_its_task_list(running_app, person):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    await make_ward(repos)
    office = person(OFFICE_ID, "Hà")

    reply = await office.send_document(as_docx(TB_52.text), "tb-52.docx", DOCX_MIME).reply()

    assert reply.method == "sendMessage"
    text = reply.text
    assert "Bản xem trước thông báo số 52/TB-UBND" in text
    assert "Cơ quan ban hành: UBND phường Phú Lâm" in text
    assert "ngày họp: 03/06/2026" in text
    assert f"Số nhiệm vụ: {len(TB_52.tasks)}" in text
    for line in _preview_lines(TB_52):
        assert line in text.splitlines(), line
    assert f"1. {MARKET} (1 nhiệm vụ)" in text
    labels = [label for label, _ in reply.buttons]
    assert labels[-3:] == ["Gửi", "Sửa", "Hủy"]
    assert "1 ➕ Tạo đơn vị mới" in labels
    notice = (await repos.notices.list_recent(5))[0]
    assert notice.status == "draft"
    assert notice.source_name == "tb-52.docx"
    assert notice.source_file_id and len(notice.source_sha256) == 64
    assert await read_back(repos, notice.id) == [shape(t) for t in TB_52.tasks]
    link = await repos.links.find(OFFICE_ID, reply.message["message_id"])
    assert (link.kind, link.notice_id) == ("preview", notice.id)


async def test_a_plan_with_an_appendix_table_gives_its_leads_and_coordinators(running_app, person):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    await make_ward(repos)
    office = person(OFFICE_ID, "Hà")

    reply = await office.send_document(as_docx(KH_118.text), "kh-118.docx", DOCX_MIME).reply()

    for line in _preview_lines(KH_118):
        assert line in reply.text.splitlines(), line
    notice = (await repos.notices.list_recent(1))[0]
    assert await read_back(repos, notice.id) == [shape(t) for t in KH_118.tasks]


async def test_a_text_file_gives_the_same_tasks_as_the_word_file(running_app, person):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    await make_ward(repos)
    office = person(OFFICE_ID, "Hà")

    await office.send_document(TB_52.text.encode(), "tb-52.txt", "text/plain").reply()

    notice = (await repos.notices.list_recent(1))[0]
    assert await read_back(repos, notice.id) == [shape(t) for t in TB_52.tasks]


async def test_a_stranger_sending_a_file_is_refused_and_nothing_is_stored(running_app, person, fake_api):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    stranger = person(5555, "Khách")

    reply = await stranger.send_document(as_docx(TB_52.text), "tb.docx", DOCX_MIME).reply()

    assert "chưa được đăng ký" in reply.text
    assert await _counts(repos) == {"notices": 0, "tasks": 0, "assignments": 0, "people": 0, "outbox": 0}
    assert fake_api.requests("getFile") == []


async def test_a_head_sending_a_file_is_refused(running_app, person, fake_api):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    ward = await make_ward(repos)
    head = person(next(iter(ward.heads.values())).telegram_user_id, "Lan")
    before = await _counts(repos)

    reply = await head.send_document(as_docx(TB_52.text), "tb.docx", DOCX_MIME).reply()

    assert "không có quyền" in reply.text
    assert await _counts(repos) == before
    assert fake_api.requests("getFile") == []


async def test_the_same_file_twice_is_recognised_and_not_stored_again(running_app, person, fake_api):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    await make_ward(repos)
    office = person(OFFICE_ID, "Hà")
    content = as_docx(TB_52.text)
    first = await office.send_document(content, "tb.docx", DOCX_MIME).reply()
    # The office skips the unknown names and publishes; then the same file comes again, renamed.
    notice = await repos.notices.get_with_tasks((await repos.notices.list_recent(1))[0].id)
    for name in notice.unresolved_names():
        await repos.tasks.drop_unresolved_name(notice.id, name, now=notice.created_at)
    published = office.press(first, button="Gửi")
    await fake_api.wait_for("editMessageText", chat_id=OFFICE_ID, since=published.since)
    before = await _counts(repos)

    # The answer is a new message; the delivery report may still be redrawn meanwhile (after the drain).
    again = await office.send_document(content, "ban-sao.docx", DOCX_MIME).reply(methods=("sendMessage",))

    published_on = (await repos.notices.get(notice.id)).published_at.astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    assert again.text.startswith(f"Thông báo này đã được gửi ngày {published_on:%d/%m/%Y}")
    assert await _counts(repos) == before


async def test_a_draft_uploaded_again_shows_its_preview_again(running_app, person):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    await make_ward(repos)
    office = person(OFFICE_ID, "Hà")
    content = as_docx(TB_52.text)
    await office.send_document(content, "tb.docx", DOCX_MIME).reply()

    again = await office.send_document(content, "tb.docx", DOCX_MIME).reply()

    assert "vẫn là bản nháp chưa gửi" in again.text.splitlines()[0]
    assert [label for label, _ in again.buttons][-3:] == ["Gửi", "Sửa", "Hủy"]
    assert len(await repos.notices.list_recent(5)) == 1


async def test_an_executable_is_refused_before_download(running_app, person, fake_api):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    await make_ward(repos)
    office = person(OFFICE_ID, "Hà")

    reply = await office.send_document(b"MZ\x90\x00" * 100, "cai-dat.exe").reply()

    assert reply.text.startswith("Không đọc được tệp <b>cai-dat.exe</b>: định dạng này chưa được hỗ trợ.")
    assert fake_api.requests("getFile") == []
    assert await repos.notices.list_recent(5) == []


async def test_a_broken_docx_gets_a_clear_message(running_app, person):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    await make_ward(repos)
    office = person(OFFICE_ID, "Hà")

    broken = b"PK\x03\x04 this is not really a docx"
    reply = await office.send_document(broken, "hong.docx", DOCX_MIME).reply()

    assert reply.text.startswith("Không đọc được tệp <b>hong.docx</b>: tệp bị hỏng")
    assert await repos.notices.list_recent(5) == []


async def test_a_file_over_the_limit_is_refused_without_download(running_app, person, fake_api, settings):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    await make_ward(repos)
    settings.max_upload_bytes = 1000
    office = person(OFFICE_ID, "Hà")

    reply = await office.send_document(b"x" * 2000, "lon.txt", "text/plain").reply()

    assert "quá lớn" in reply.text
    assert fake_api.requests("getFile") == []
    assert await repos.notices.list_recent(5) == []


async def test_a_text_assigning_nothing_gets_a_clear_message_and_nothing_is_stored(running_app, person):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    await make_ward(repos)
    office = person(OFFICE_ID, "Hà")
    before = await _counts(repos)

    reply = await office.ask(NEWS)

    assert reply.text.startswith("Không tìm thấy nhiệm vụ nào giao cho đơn vị trong văn bản vừa gửi")
    assert await _counts(repos) == before


async def test_a_notice_pasted_in_two_messages_becomes_one_draft_of_its_tasks(running_app, person):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    await make_ward(repos)
    office = person(OFFICE_ID, "Hà")
    text = TB_52.text
    cut = text.index("4. Công an phường")
    first = await office.ask(text[:cut])
    second = await office.ask(text[cut:])

    drafts = await repos.notices.list_recent(5)
    assert len(drafts) == 1
    assert drafts[0].text.replace("\n", "") == text.strip().replace("\n", "")
    assert POLICE not in first.text and POLICE in second.text
    assert second.text.startswith("Đã ghép phần văn bản vừa dán vào bản nháp.")
    assert await read_back(repos, drafts[0].id) == [shape(t) for t in TB_52.tasks]
    # The first preview's buttons refer to the replaced draft: refused as stale.
    stale = office.press(first, button="Gửi")
    assert "không còn nữa" in (await stale.answered()).params["text"]


async def test_a_reply_to_the_preview_continues_that_draft(running_app, person):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    await make_ward(repos)
    office = person(OFFICE_ID, "Hà")
    text = TB_52.text
    cut = text.index("4. Công an phường")
    first = await office.ask(text[:cut])

    second = await office.ask("4. Công an phường\n- Tăng cường công tác tuần tra, kiểm soát địa bàn.",
                              reply_to=first)

    assert "<b>Công an phường</b>: 1 chủ trì" in second.text
    assert len(await repos.notices.list_recent(5)) == 1


async def test_cancel_deletes_the_draft(running_app, person, fake_api):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    ward = await make_ward(repos)
    office = person(OFFICE_ID, "Hà")
    preview = await show_written(fake_api, office, repos, ward)

    pressed = office.press(preview, button="Hủy")
    edited = await fake_api.wait_for("editMessageText", chat_id=OFFICE_ID, since=pressed.since)

    assert edited.params["text"].startswith("Đã hủy bản nháp")
    assert "reply_markup" not in edited.params
    assert await repos.notices.list_recent(5) == []
    assert await repos.db.fetch_value("SELECT COUNT(*) FROM tasks") == 0


def _data(request_or_message, prefix):
    buttons = request_or_message.get("reply_markup", {}).get("inline_keyboard", [])
    return next(b["callback_data"] for row in buttons for b in row if b["text"].startswith(prefix))


async def test_office_edits_a_tasks_deadline_and_units_through_prompts(running_app, person, fake_api):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    ward = await make_ward(repos)
    office = person(OFFICE_ID, "Hà")
    preview = await show_written(fake_api, office, repos, ward)
    key = (OFFICE_ID, preview.message["message_id"])

    async def press(data, method="editMessageText"):
        pressed = office.press(preview, data=data)
        return await fake_api.wait_for(method, chat_id=OFFICE_ID, since=pressed.since)

    await press(_data(fake_api.messages[key], "Sửa"))
    assert fake_api.messages[key]["text"].startswith("<b>Nhiệm vụ trong bản nháp (")
    await press(_data(fake_api.messages[key], "1"))
    assert fake_api.messages[key]["text"].startswith("<b>Nhiệm vụ 1</b>: ")
    prompt = await press(_data(fake_api.messages[key], "Sửa hạn"), method="sendMessage")
    assert prompt.params["reply_markup"]["force_reply"] is True

    wrong = await office.ask("ngày mai", reply_to=prompt)
    assert wrong.text.startswith('Không hiểu ngày "ngày mai"')
    done = office.send("15/07/2026", reply_to=prompt)
    answers = await done.replies(2)

    assert answers[0].text == "Đã đổi hạn nhiệm vụ 1: 15/07/2026."
    assert answers[1].method == "editMessageText"
    assert fake_api.messages[key]["text"].startswith("📄 <b>Bản xem trước thông báo số 52/TB-UBND</b>")
    notice = await repos.notices.get_with_tasks((await repos.notices.list_recent(1))[0].id)
    first = notice.tasks[0]
    assert first.deadline.isoformat() == "2026-07-15"
    assert all(a.deadline == first.deadline for a in await repos.assignments.for_notice(notice.id)
               if a.task_id == first.id)

    await press(_data(fake_api.messages[key], "Sửa"))
    await press(_data(fake_api.messages[key], "2"))
    await press(_data(fake_api.messages[key], "Sửa đơn vị"))  # the unit picker; typing names is one tap on
    prompt = await press(_data(fake_api.messages[key], "Gõ tên đơn vị"), method="sendMessage")
    unknown = await office.ask("Phòng <b>Ma</b> & Co", reply_to=prompt)
    assert unknown.text == (
        "Không tìm thấy đơn vị: Phòng &lt;b&gt;Ma&lt;/b&gt; &amp; Co. "
        "Vui lòng dùng đúng tên đơn vị trong danh sách."
    )
    answer = f"{POLICE}\nPhối hợp: {SERVICE_CENTRE}"
    await office.send(answer, reply_to=prompt).replies(2)

    second = (await repos.tasks.for_notice(notice.id))[1]
    assert [(u.unit_id, u.role) for u in second.units] == [
        (ward.units[POLICE].id, "lead"),
        (ward.units[SERVICE_CENTRE].id, "coordinate"),
    ]
