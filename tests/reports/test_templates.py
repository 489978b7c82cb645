"""Sample renders of the report's words: titles, the delivery header's people, the workbook caption."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.services.delivery import concluded_by
from bot.services.report_files import ReportData
from messages.render import render
from messages.titles import head_title
from storage.models import Notice, ReportCounts


@pytest.mark.parametrize(("unit", "deputy", "title"), [
    ("Phòng Kinh tế, Hạ tầng và Đô thị", False, "Trưởng phòng Kinh tế, Hạ tầng và Đô thị"),
    ("Công an phường", False, "Trưởng Công an phường"),
    ("Công an phường", True, "Phó Trưởng Công an phường"),
    ("Văn phòng HĐND và UBND phường", False, "Chánh Văn phòng HĐND và UBND phường"),
    ("Trung tâm Phục vụ hành chính công", True, "Phó Giám đốc Trung tâm Phục vụ hành chính công"),
    ("Ban Chỉ huy Quân sự phường", False, "Chỉ huy trưởng Ban Chỉ huy Quân sự phường"),
    ("Trạm Y tế phường", False, "Trưởng Trạm Y tế phường"),
])
def test_heads_are_addressed_by_their_title(unit, deputy, title):
    assert head_title(unit, deputy) == title


def _notice(**fields) -> Notice:
    stamp = datetime(2026, 12, 3, 2, tzinfo=UTC)
    base = dict(id=1, number="45/TB-UBND", issuer="UBND phường Bình Minh", issued_on=date(2026, 12, 3),
                meeting_on=None, kind="conclusion", source_name=None, source_sha256=None, source_file_id=None,
                text="", status="published", created_by=1, leader_id=None, created_at=stamp, updated_at=stamp,
                published_at=stamp, withdrawn_at=None,
                title="Kết luận của Chủ tịch Ủy ban nhân dân phường tại cuộc họp giao ban ngày 02/12/2026")
    return Notice.model_validate(base | fields)


def test_a_delivery_names_the_leader_who_concluded_it_and_whom_to_contact():
    notice = _notice()
    assert concluded_by(notice, None) == "Chủ tịch Ủy ban nhân dân phường"
    assert concluded_by(notice, "Nguyễn Văn Hùng") == "Nguyễn Văn Hùng"
    assert concluded_by(_notice(title="Kế hoạch tổng vệ sinh"), None) is None
    header = render("delivery/header.html.j2", notice=notice, unit_name="Công an phường", part=1, parts=1,
                    tasks=3, contact="Nguyễn <b>Thị</b> Hạnh", concluded_by="Chủ tịch Ủy ban nhân dân phường")
    lines = header.splitlines()
    assert "Lãnh đạo kết luận: Chủ tịch Ủy ban nhân dân phường" in lines
    assert "Liên hệ: đồng chí Nguyễn &lt;b&gt;Thị&lt;/b&gt; Hạnh (Văn phòng UBND)" in lines


def test_the_workbook_caption_is_one_paragraph_within_telegrams_caption_limit():
    data = ReportData(title="BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ",
                      scope="Đơn vị: Phòng <b>Kinh tế</b> & Hạ tầng",
                      start=date(2026, 12, 1), end=date(2026, 12, 31), as_of=date(2026, 12, 15),
                      made_at=datetime(2026, 12, 15, 1, tzinfo=UTC),
                      totals=ReportCounts(done_on_time=2, done_late=1, open_in_term=3, overdue=1,
                                          no_deadline_open=2), units=[])
    caption = render("report/summary.html.j2", data=data)
    assert "\n" not in caption and len(caption) <= 1024
    assert "Phòng &lt;b&gt;Kinh tế&lt;/b&gt; &amp; Hạ tầng, kỳ từ 01/12/2026 đến 31/12/2026" in caption
    assert ("tổng số <b>9</b> nhiệm vụ; đã hoàn thành 3 (đúng hạn 2, quá hạn 1); chưa hoàn thành 4"
            " (trong hạn 3, quá hạn 1); 2 nhiệm vụ không có thời hạn;"
            " tỷ lệ hoàn thành đúng hạn <b>50%</b>") in caption
