"""A notice comes in: the office sends a file or pastes text and gets a preview; nobody else can."""

from __future__ import annotations

import html

from tests.bot.notice_helpers import DOCX_MIME, OFFICE_ID, docx_bytes, make_ward, seed_text

NEWS = (
    "Sáng nay, UBND phường tổ chức lễ ra quân Tháng thanh niên năm 2026 với sự tham gia của đông đảo "
    "đoàn viên. Buổi lễ diễn ra trang trọng, kết thúc lúc 10 giờ cùng ngày."
)


async def _counts(repos) -> dict[str, int]:
    tables = ("notices", "tasks", "assignments", "people", "outbox")
    return {t: await repos.db.fetch_value(f"SELECT COUNT(*) FROM {t}") for t in tables}


async def test_office_uploads_the_seed_docx_and_sees_a_preview(running_app, person):
    repos = running_app.bot_data.repos
    await make_ward(repos)
    office = person(OFFICE_ID, "Hà")

    reply = await office.send_document(docx_bytes(seed_text()), "tb-hop-thang-6.docx", DOCX_MIME).reply()

    assert reply.method == "sendMessage"
    text = reply.text
    assert "Bản xem trước thông báo" in text
    assert "UBND phường Bạch Đằng" in text
    assert "ngày họp: 03/06/2026" in text
    assert "<b>Văn phòng HĐND và UBND phường</b>: 5 chủ trì; hạn gần nhất 30/06/2026" in text
    assert "Phòng Kinh tế, Hạ tầng và Đô thị (9 nhiệm vụ)" in text
    labels = [label for label, _ in reply.buttons]
    assert labels[-3:] == ["Gửi", "Sửa", "Hủy"]
    assert any(label.startswith("1 → Phòng Kinh tế - Hạ tầng") for label in labels)
    notice = (await repos.notices.list_recent(5))[0]
    assert notice.status == "draft"
    assert notice.source_name == "tb-hop-thang-6.docx"
    assert notice.source_file_id and len(notice.source_sha256) == 64
    link = await repos.links.find(OFFICE_ID, reply.message["message_id"])
    assert (link.kind, link.notice_id) == ("preview", notice.id)
    assert html.escape("Phòng Kinh tế, Hạ tầng và Đô thị") in text or "Phòng Kinh tế, Hạ tầng" in text

