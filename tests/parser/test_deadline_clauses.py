"""Whose date is the deadline: the task's own clause, not a later report cycle nor a purpose clause
that another body carries out. Snippets written for these tests."""

from datetime import date

from bot.parser import parse_notice
from tests.parser.commune_head import HEAD


def _task(body: str):
    (task,) = parse_notice(HEAD + body).tasks
    return task


def test_a_later_report_cycle_keeps_the_year_less_deadline():
    task = _task(
        "1. Phòng Kinh tế tổng hợp nhu cầu vốn vay của hộ nghèo trước ngày 10/7; sau đó báo cáo định kỳ "
        "trước ngày 25 hằng tháng.\n"
    )
    assert task.deadline == date(2026, 7, 10)
    assert task.recurrence == "monthly"


def test_a_cycle_after_a_comma_keeps_the_deadline():
    task = _task(
        "1. Trạm Y tế xã lập danh sách trẻ chưa tiêm chủng, gửi UBND xã trước ngày 15/7, định kỳ hằng tháng "
        "cập nhật kết quả tiêm bù.\n"
    )
    assert task.deadline == date(2026, 7, 15)


def test_a_yearly_report_day_is_no_deadline():
    task = _task("1. Các trường học báo cáo kết quả phổ cập giáo dục trước ngày 15/12 hằng năm.\n")
    assert task.deadline is None
    assert task.recurrence == "yearly"


def test_a_purpose_clause_with_a_long_subject_does_not_date_the_task():
    task = _task(
        "4. Ban Chỉ huy Quân sự xã hoàn thiện hồ sơ trước ngày 12/9 để Ban Chỉ huy Quân sự khu vực kiểm tra "
        "trước ngày 20/9.\n"
    )
    assert task.deadline == date(2026, 9, 12)


def test_a_purpose_clause_without_subject_does_not_outdate_the_tasks_own_date():
    task = _task("2. Trạm Y tế xã hoàn thành rà soát trước ngày 10/8 để kịp trình UBND xã trước ngày 20/8.\n")
    assert task.deadline == date(2026, 8, 10)


def test_a_purpose_clause_alone_still_dates_the_task():
    task = _task("3. Phòng Kinh tế đẩy nhanh tiến độ giải ngân để hoàn thành trước ngày 30/11/2026.\n")
    assert task.deadline == date(2026, 11, 30)


def test_a_goal_clause_before_the_order_names_no_deadline_and_hides_no_doer():
    tasks = parse_notice(
        HEAD + "Phấn đấu đến ngày 30/12/2026 hoàn thành cấp giấy chứng nhận quyền sử dụng đất lần đầu, "
        "Chủ tịch UBND xã yêu cầu Phòng Kinh tế rà soát hồ sơ tồn đọng. Các thôn vận động người dân kê khai."
    ).tasks
    assert [t.units for t in tasks] == [["Phòng Kinh tế"], ["Các thôn"]]
    assert [t.deadline for t in tasks] == [None, None]


def test_a_goal_an_item_states_for_itself_is_its_deadline():
    tasks = parse_notice(
        HEAD + "1. Phòng Kinh tế:\n- Phấn đấu đến ngày 30/9/2026 hoàn thành cấp giấy chứng nhận cho các hộ."
    ).tasks
    assert [t.deadline for t in tasks] == [date(2026, 9, 30)]
