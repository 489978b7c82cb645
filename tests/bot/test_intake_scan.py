"""The office sends a photo of a notice: it sees the recognition's progress, then the preview that says
the notice came from a scan; the bot keeps answering others meanwhile."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.parser.readers.tools import find_tools
from storage.models import RoleName
from storage.repositories import FIRST_TENANT
from tests.parser.ocr_pages import NOTICE, NOTICE_UNITS, as_photo, image_bytes, render_pages

needs_ocr = pytest.mark.skipif(
    not find_tools().ocr, reason="Tesseract with its Vietnamese data (tesseract-ocr-vie) is not installed"
)
OFFICE_ID = 8101


async def _office_and_units(repos) -> None:
    now = datetime.now(UTC)
    office = await repos.people.upsert_from_telegram(OFFICE_ID, OFFICE_ID, "Văn thư Hà", now)
    await repos.roles.grant(office.id, RoleName.office, granted_by=None, now=now)
    for name in NOTICE_UNITS:
        await repos.units.create(name, now=now)


@needs_ocr
async def test_office_sends_a_photo_and_sees_progress_then_a_preview_saying_it_came_from_a_scan(
    running_app, fake_api, person
):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    await _office_and_units(repos)
    office, stranger = person(OFFICE_ID, "Hà"), person(5150, "Khách")
    photo = image_bytes(as_photo(render_pages(NOTICE)[0]), "JPEG")

    sent = office.send_photo(photo)
    progress = await sent.reply(within=30)
    # Recognition takes seconds: the bot answers someone else before it is done.
    greeted = await stranger.send("/start").reply(within=30)
    started, finished, preview = await sent.replies(3, within=120)

    assert progress is started and progress.method == "sendMessage"
    assert progress.text == "Đang nhận dạng chữ trên bản quét (1 trang)…"
    assert fake_api.log_requests.index(greeted) < fake_api.log_requests.index(preview)
    assert finished.method == "editMessageText"
    assert finished.params["message_id"] == progress.message["message_id"]
    assert finished.text == "Đã nhận dạng chữ xong 1/1 trang; đang đọc nội dung…"
    lines = preview.text.splitlines()
    assert lines[0] == "📄 <b>Bản xem trước thông báo số 58/TB-UBND</b>"
    assert "Tệp: ảnh-chụp.jpg" in lines
    assert any(line.startswith("🔎 <b>Văn bản được đọc từ bản quét</b> bằng nhận dạng chữ (độ tin cậy ")
               and line.endswith("%): vui lòng đối chiếu kỹ tên đơn vị, thời hạn và số liệu với bản gốc "
                                 "trước khi gửi.") for line in lines)
    assert "• <b>Phòng Kinh tế, Hạ tầng và Đô thị</b>: 2 chủ trì; hạn gần nhất 25/03/2026" in lines
    assert "• <b>Công an phường</b>: 1 chủ trì; hạn gần nhất 30/04/2026" in lines
    assert [label for label, _ in preview.buttons][-3:] == ["Gửi", "Sửa", "Hủy"]
    # The largest of the photo's sizes was downloaded, and the draft remembers it came from a scan.
    photo_sizes = sent.update["message"]["photo"]
    assert [r.params["file_id"] for r in fake_api.requests("getFile")] == [photo_sizes[-1]["file_id"]]
    notice = (await repos.notices.list_recent(1))[0]
    assert notice.source_name == "ảnh-chụp.jpg" and notice.scan_confidence is not None
    assert notice.scan_confidence > 80 and notice.scan_weak_pages == []


@needs_ocr
async def test_the_pages_of_a_notice_sent_as_an_album_make_one_draft(running_app, fake_api, person):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    await _office_and_units(repos)
    office = person(OFFICE_ID, "Hà")
    pages = render_pages(NOTICE, font_pt=16)
    assert len(pages) == 2
    # Telegram delivers an album as one message per photo, sharing a media_group_id.
    since = fake_api.mark()
    for page in pages:
        update = fake_api.photo_message(office.user, image_bytes(as_photo(page), "JPEG"))
        update["message"]["media_group_id"] = "album-58"
        fake_api.push_update(update)

    preview = await fake_api.wait_for(
        "sendMessage", lambda r: "Bản xem trước" in (r.text or ""), 120, since=since, chat_id=OFFICE_ID)
    started = await fake_api.wait_for("sendMessage", since=since, chat_id=OFFICE_ID)  # the first one

    assert started.text == "Đang nhận dạng chữ trên bản quét (2 trang)…"
    assert preview.text.splitlines()[0] == "📄 <b>Bản xem trước thông báo số 58/TB-UBND</b>"
    # Tasks from both pages, in one draft.
    assert "• <b>Phòng Kinh tế, Hạ tầng và Đô thị</b>: 2 chủ trì; hạn gần nhất 25/03/2026" in preview.text
    assert "• <b>Công an phường</b>: 1 chủ trì; hạn gần nhất 30/04/2026" in preview.text
    drafts = await repos.notices.list_recent(5)
    assert len(drafts) == 1 and drafts[0].source_file_id is None
    assert len(fake_api.requests("getFile")) == 2


@needs_ocr
async def test_the_same_photo_sent_twice_in_a_row_is_stored_once(running_app, fake_api, person):
    repos = running_app.bot_data.repos_for(FIRST_TENANT)
    await _office_and_units(repos)
    office = person(OFFICE_ID, "Hà")
    photo = image_bytes(as_photo(render_pages(NOTICE)[0]), "JPEG")

    first = office.send_photo(photo)
    office.send_photo(photo)  # before the first is read

    again = await fake_api.wait_for(
        "sendMessage", lambda r: "vẫn là bản nháp chưa gửi" in (r.text or ""), 120, since=first.since,
        chat_id=OFFICE_ID)
    assert again.text.startswith("Tệp này đã được tải lên lúc ")
    assert len(await repos.notices.list_recent(5)) == 1


async def test_a_photo_from_someone_who_is_not_office_is_refused_before_download(
    running_app, fake_api, person
):
    await _office_and_units(running_app.bot_data.repos_for(FIRST_TENANT))
    stranger = person(5151, "Khách")

    reply = await stranger.send_photo(b"\xff\xd8\xff\xe0 not really a photo").reply()

    assert "chưa được đăng ký" in reply.text
    assert fake_api.requests("getFile") == []
    assert await running_app.bot_data.repos_for(FIRST_TENANT).notices.list_recent(5) == []
