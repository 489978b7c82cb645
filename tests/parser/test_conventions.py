"""The conventions decided for debatable sentences (see the parser's README notes in the modules):
a purpose clause is not a task; a news lead that restates a directive given in full later is not a
task; an exception sentence ("Riêng X …") is a task of its own. Snippets written for these tests."""

from datetime import date

from bot.parser import parse_notice


def tasks_of(text):
    return parse_notice(text).tasks


_LETTER = """V/v tổng hợp nhu cầu kinh phí hỗ trợ học sinh năm học 2026-2027

Thủ Đức, ngày 05 tháng 8 năm 2026

UBND thành phố yêu cầu UBND các phường gửi danh sách học sinh thuộc hộ nghèo về Phòng Giáo dục trước ngày \
20/8 để phòng tổng hợp, trình UBND thành phố phê duyệt trước ngày 31/8. Riêng UBND phường Linh Xuân gửi \
danh sách trước ngày 15/8.
"""


def test_a_purpose_clause_with_its_own_subject_neither_is_a_task_nor_lends_its_date():
    first, exception = tasks_of(_LETTER)
    assert first.units == ["UBND các phường"]
    assert first.deadline == date(2026, 8, 20)  # not the purpose clause's 31/8
    assert exception.units == ["UBND phường Linh Xuân"]
    assert exception.deadline == date(2026, 8, 15)


def test_a_purpose_without_a_subject_keeps_its_date():
    (task,) = tasks_of("1. Giao Phòng Nội vụ khẩn trương rà soát hồ sơ để hoàn thành trước ngày 10/10/2026.")
    assert task.deadline == date(2026, 10, 10)


def test_a_news_lead_restating_the_directive_below_is_not_a_second_task():
    text = """Krông Búk: khẩn trương phòng chống bệnh viêm da nổi cục trên trâu bò

Chủ tịch UBND huyện Krông Búk yêu cầu Trạm Chăn nuôi và Thú y tập trung tiêm vắc xin viêm da nổi cục cho \
đàn bò.
Tại buổi kiểm tra sáng 10/4/2026, lãnh đạo huyện ghi nhận tỷ lệ tiêm mới đạt 48%.
Kết luận buổi kiểm tra, giao Trạm Chăn nuôi và Thú y rà soát đàn bò chưa tiêm, hoàn thành tiêm vắc xin \
trước ngày 30/4/2026.
"""
    (task,) = tasks_of(text)
    assert task.text.startswith("Kết luận buổi kiểm tra, giao Trạm Chăn nuôi")
    assert task.deadline == date(2026, 4, 30)


def test_two_tasks_for_one_unit_on_different_things_are_both_kept():
    text = """Chủ tịch UBND xã yêu cầu Công an xã bảo đảm an ninh trật tự dịp lễ hội đình làng.
Tại cuộc họp, các đại biểu thống nhất kế hoạch tổ chức lễ hội.
Giao Công an xã phối hợp với Ban Chỉ huy Quân sự xã kiểm tra phòng cháy tại chợ trước ngày 05/5/2026.
"""
    assert len(tasks_of(text)) == 2
