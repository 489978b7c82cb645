"""What the preview needs from the parser: where each task came from in the text, the flags that ask
the office to look twice, and the safety net of order-like sentences that gave no task."""

import unicodedata
from datetime import date

from bot.parser import parse_notice
from bot.parser.directory import UnitDirectory, UnitEntry
from bot.parser.models import Recurrence, TaskFlag


def test_a_tasks_span_is_its_text_in_the_notice_markup_and_line_breaks_included():
    text = """THÔNG BÁO
Kết luận của Chủ tịch UBND phường Hòa Minh

**1. Giao Phòng Văn hóa - Xã hội** rà soát danh sách hộ cận nghèo,
hoàn thành trước ngày 15/10/2026.
2. Giao Trạm Y tế phường tổ chức khám sức khỏe cho người cao tuổi.
"""
    first, second = parse_notice(text).tasks
    start, end = first.span
    assert text[start:end].startswith("Giao Phòng Văn hóa - Xã hội**")
    assert text[start:end].endswith("15/10/2026.")
    assert text[slice(*second.span)] == "Giao Trạm Y tế phường tổ chức khám sức khỏe cho người cao tuổi."


def test_spans_index_the_text_as_passed_even_when_it_was_not_composed():
    composed = "1. Giao Phòng Tư pháp hướng dẫn hòa giải ở cơ sở.\n2. Giao Công an phường tuần tra ban đêm.\n"
    decomposed = unicodedata.normalize("NFD", composed)
    (_, second) = parse_notice(decomposed).tasks
    assert unicodedata.normalize("NFC", decomposed[slice(*second.span)]).startswith("Giao Công an")


def test_flags_for_a_guessed_year_a_guessed_recurrence_and_a_very_long_task():
    text = """Thủ Dầu Một, ngày 02 tháng 3 năm 2026
1. Giao Phòng Kinh tế kiểm tra giá cả thị trường, báo cáo trước ngày 20/3.
2. Giao Phòng Nội vụ định kỳ báo cáo tình hình cán bộ.
3. Giao Phòng Tài chính - Kế hoạch cân đối nguồn vốn, hoàn thành trước ngày 30/6/2026.
4. Giao Văn phòng HĐND và UBND phường tổng hợp """ + "ý kiến của các khu phố, " * 150 + "báo cáo.\n"
    first, second, third, fourth = parse_notice(text).tasks
    assert first.deadline == date(2026, 3, 20)
    assert first.flags == [TaskFlag.year_inferred]
    assert second.recurrence == Recurrence.periodic
    assert second.flags == [TaskFlag.recurrence_guessed]
    assert third.flags == []
    assert TaskFlag.long_text in fourth.flags


_NOTICE = """THÔNG BÁO
Kết luận cuộc họp giao ban tháng 10 năm 2026

1. Giao Phòng Văn hóa - Xã hội rà soát hồ sơ trợ cấp xã hội.
2. Về công tác chuẩn bị Tết
Các đơn vị đã triển khai nhiều hoạt động trong năm qua, đáp ứng yêu cầu của cấp trên.
Trên cơ sở kết quả khảo sát, đề nghị Hội Cựu chiến binh phường vận động hội viên đóng góp quỹ vì người \
nghèo, \
hoàn thành trong tháng 12 năm 2026.
3. Nhà văn hóa khu phố Tân Lập
- Sửa chữa mái tôn.
"""


def test_the_safety_net_offers_order_like_sentences_that_gave_no_task():
    parsed = parse_notice(_NOTICE)
    assert [t.units for t in parsed.tasks] == [["Phòng Văn hóa - Xã hội"], ["Hội Cựu chiến binh phường"]]
    # nothing that gave a task, and not what was done ("đã triển khai", "đáp ứng yêu cầu")
    assert parsed.unclaimed == []


def test_a_missed_order_is_offered_with_the_unit_it_names():
    text = """2. Về công tác vệ sinh môi trường
Bên cạnh việc ra quân, Chủ tịch UBND xã đặc biệt yêu cầu Đoàn Thanh niên xã xung kích thu gom rác thải nhựa \
tại các bến sông.
"""
    parsed = parse_notice(text)
    if parsed.tasks:  # the prose rules may read it; then it is no longer unclaimed
        assert parsed.unclaimed == []
        return
    (item,) = parsed.unclaimed
    assert item.units == ["Đoàn Thanh niên xã"]
    assert text[slice(*item.span)].startswith("Bên cạnh việc ra quân")


def test_a_news_lead_set_aside_as_a_summary_is_offered_to_the_office():
    text = """Cư Jút: đẩy nhanh tiêm vắc xin cho đàn gia cầm

Phó Chủ tịch UBND huyện Cư Jút yêu cầu Trạm Chăn nuôi và Thú y đẩy nhanh tiêm vắc xin cúm gia cầm.
Kết luận buổi kiểm tra, giao Trạm Chăn nuôi và Thú y hoàn thành tiêm vắc xin cúm gia cầm trước ngày 20/5/2026.
"""
    parsed = parse_notice(text)
    assert len(parsed.tasks) == 1
    (summary,) = parsed.unclaimed
    assert summary.units == ["Trạm Chăn nuôi và Thú y"]
    assert summary.text.startswith("Phó Chủ tịch UBND huyện Cư Jút yêu cầu")


def test_a_unit_heading_whose_items_gave_no_task_is_offered():
    text = """III. PHÂN CÔNG
1. Phòng Kinh tế:
- Rà soát các hộ kinh doanh cá thể.
2. Hội Liên hiệp Phụ nữ phường
- 100% chi hội có mô hình tiết kiệm.
"""
    parsed = parse_notice(text)
    assert [t.units for t in parsed.tasks] == [["Phòng Kinh tế"]]
    (item,) = parsed.unclaimed
    assert item.units == ["Hội Liên hiệp Phụ nữ phường"]


def test_the_safety_net_names_directory_units_when_it_can():
    directory = UnitDirectory(units=[UnitEntry(name="Trung tâm Y tế khu vực Bến Cát", kind="center")])
    text = "Chủ tịch UBND thị xã đã chỉ đạo, đồng thời đề nghị TTYT khu vực Bến Cát phối hợp khám sàng lọc. "
    text += "Tuy nhiên số liệu còn chậm.\n"
    parsed = parse_notice(text, directory=directory)
    units = [unit for item in (*parsed.unclaimed, *parsed.tasks) for unit in item.units]
    assert units == ["Trung tâm Y tế khu vực Bến Cát"]
