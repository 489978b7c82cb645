"""Which dates are a task's deadline when they stand in a heading, a lead, a purpose clause, next to an
event, count days from the issue date, or come without a year in a news item. Snippets written for
these tests."""

from datetime import date

from bot.parser import parse_notice
from bot.parser.models import TaskFlag

_HEADER = """Số: 31/TB-UBND
Xã Bình Minh, ngày 04 tháng 11 năm 2026
THÔNG BÁO
"""


def tasks_of(text):
    return parse_notice(text).tasks


def test_a_cut_off_or_a_cited_notice_in_a_heading_dates_none_of_its_items():
    text = _HEADER + """1. Các nhiệm vụ chưa hoàn thành đến ngày 30/11/2026:
a) Phòng Kinh tế rà soát hồ sơ giao đất còn tồn đọng.
b) Phòng Văn hóa - Xã hội chi trả trợ cấp còn chậm cho các đối tượng.
2. Về các nhiệm vụ quá hạn theo Thông báo số 45/TB-UBND đến ngày 15/11/2026:
a) Công an xã hoàn thiện hồ sơ cư trú của các hộ mới chuyển đến.
"""
    assert [t.deadline for t in tasks_of(text)] == [None, None, None]


def test_a_heading_that_makes_the_date_its_items_own_still_dates_them():
    text = _HEADER + """1. Các đơn vị hoàn thành trước ngày 20/11/2026 các nội dung sau:
a) Phòng Kinh tế báo cáo tiến độ thu ngân sách quý IV.
b) Trạm Y tế xã báo cáo tình hình dịch sốt xuất huyết.
"""
    assert [t.deadline for t in tasks_of(text)] == [date(2026, 11, 20)] * 2


def test_a_date_right_after_an_event_is_the_deadline_an_event_alone_is_none():
    text = _HEADER + """1. Các trường hoàn thành sửa chữa bàn ghế trước ngày khai giảng 05/9.
2. Hội Cựu giáo chức xã tổ chức gặp mặt trước Lễ kỷ niệm Ngày Nhà giáo Việt Nam ngày 20/11.
3. Ban Chỉ huy Quân sự xã hoàn thành hồ sơ nhập ngũ trước Tết.
"""
    assert [t.deadline for t in tasks_of(text)] == [date(2027, 9, 5), date(2026, 11, 20), None]


def test_a_leading_purpose_clause_keeps_its_date_to_itself():
    text = _HEADER + """1. Để kịp tổng hợp báo cáo UBND tỉnh trước ngày 25/11, Phòng Kinh tế lấy mẫu đất \
tại các vùng trồng, gửi kết quả về UBND xã trước ngày 12/11.
"""
    (task,) = tasks_of(text)
    assert task.units == ["Phòng Kinh tế"]
    assert task.deadline == date(2026, 11, 12)


def test_days_counted_from_the_issue_date():
    # 04/11/2026 is a Wednesday: five working days later is Wednesday 11/11; ten calendar days is
    # Saturday 14/11, which moves to Monday 16/11.
    text = _HEADER + """1. Văn phòng HĐND và UBND xã trình hồ sơ chậm nhất 05 ngày làm việc kể từ ngày \
ban hành Thông báo này.
2. Phòng Kinh tế nộp báo cáo trong thời hạn 10 ngày kể từ ngày ký.
"""
    assert [t.deadline for t in tasks_of(text)] == [date(2026, 11, 11), date(2026, 11, 16)]


def test_working_days_skip_the_national_day_holiday():
    text = """Số: 40/TB-UBND
Xã Bình Minh, ngày 28 tháng 8 năm 2026
THÔNG BÁO
1. Phòng Kinh tế báo cáo chậm nhất 03 ngày làm việc kể từ ngày ban hành.
"""
    # Friday 28/8; 31/8 and 1-2/9 are the National Day holiday (2026): 3, 4 and 7/9 are the working days
    (task,) = tasks_of(text)
    assert task.deadline == date(2026, 9, 7)


def test_a_school_year_gives_year_less_dates_their_year():
    text = """Chiều 19/8, UBND xã Hòa Bình họp triển khai nhiệm vụ năm học 2026 - 2027.
Kết luận cuộc họp, đồng chí Chủ tịch UBND xã yêu cầu Trạm Y tế xã khám sức khỏe học sinh trước ngày \
30/9. Các trường tổ chức sơ kết học kỳ I trước ngày 15/01.
"""
    tasks = tasks_of(text)
    assert [t.deadline for t in tasks] == [date(2026, 9, 30), date(2027, 1, 15)]
    assert all(TaskFlag.year_inferred in t.flags for t in tasks)


def test_a_publication_date_gives_year_less_dates_their_year():
    text = """UBND phường Tân An ra quân tổng vệ sinh
Ngày đăng: 03/10/2026 | 16:20
Sáng 02/10, UBND phường tổ chức ra quân tổng vệ sinh môi trường.
Kết luận buổi ra quân, đồng chí Chủ tịch UBND phường yêu cầu các tổ dân phố duy trì tổng vệ sinh, \
báo cáo kết quả trước ngày 25/10.
"""
    (task,) = tasks_of(text)
    assert task.deadline == date(2026, 10, 25)
    assert TaskFlag.year_inferred in task.flags
