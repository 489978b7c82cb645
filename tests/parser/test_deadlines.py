"""Deadline and recurrence wording, one snippet per phrasing and per trap (snippets written here)."""

import unicodedata
from datetime import date

import pytest

from bot.parser.deadlines import find_deadline, find_recurrence
from bot.parser.models import Recurrence

REF = date(2025, 11, 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gửi báo cáo về Phòng Nội vụ trước ngày 15/6/2026.", date(2026, 6, 15)),
        ("Hoàn thiện hồ sơ trước ngày 05 tháng 12 năm 2025.", date(2025, 12, 5)),
        ("Trình UBND quận chậm nhất ngày 10/01/2026.", date(2026, 1, 10)),
        ("Tổng hợp danh sách, chậm nhất là vào ngày 22-12-2025.", date(2025, 12, 22)),
        ("Hoàn thành trong tháng 7/2026.", date(2026, 7, 31)),
        ("Rà soát, báo cáo Chủ tịch trong tháng 12 năm 2025.", date(2025, 12, 31)),
        ("Xây dựng quy chế, ban hành trong Quý I năm 2026.", date(2026, 3, 31)),
        ("Thời gian thực hiện: Hoàn thành trong năm 2026.", date(2026, 12, 31)),
        ("Phấn đấu hoàn thành toàn bộ dự án trong năm 2026.", date(2026, 12, 31)),
        ("Thời gian thực hiện: Tháng 12/2025.", date(2025, 12, 31)),
        ("Thời hạn hoàn thành: Quý III/2026", date(2026, 9, 30)),
        ("Nộp hồ sơ trước 12 giờ ngày 28/11/2025.", date(2025, 11, 28)),
        ("Nộp hồ sơ trước 9h30 ngày 28/11/2025.", date(2025, 11, 28)),
        ("Gửi kết quả trước ngày **31/12/2025**.", date(2025, 12, 31)),
        ("Gửi kết quả **trước\nngày 31/12/2025**.", date(2025, 12, 31)),
        # A real typo of real notices: "tháng" where "ngày" was meant.
        ("In lịch, thiệp chúc Tết trước tháng 31/12/2025.", date(2025, 12, 31)),
        ("đảm bảo đến ngày 28/02/2026 phải hoàn thành toàn bộ khối lượng.", date(2026, 2, 28)),
        ("Hoàn thành xong trong\ntháng 01/2026.", date(2026, 1, 31)),
        ("Tổ chức kiểm tra, hạn cuối ngày 19/12/2025.", date(2025, 12, 19)),
        ("Báo cáo Thường trực trước thứ Sáu, ngày 05/12/2025.", date(2025, 12, 5)),
        ("Thời gian thực hiện: 6 tháng đầu năm 2026.", date(2026, 6, 30)),
        ("Hoàn thành trong Quý I, năm 2026.", date(2026, 3, 31)),
        ("Hoàn thành trong tháng 3, năm 2026.", date(2026, 3, 31)),
        ("Gửi văn bản trước 17:00 ngày 05/12/2025.", date(2025, 12, 5)),
        ("Hoàn thành chậm nhất đến ngày 30/6/2026.", date(2026, 6, 30)),
        ("Nộp báo cáo không muộn hơn ngày 15/01/2026.", date(2026, 1, 15)),
        ("Hoàn thành trước 31/12 năm 2025.", date(2025, 12, 31)),
        ("Hoàn thành trước ngày 15/6/26.", date(2026, 6, 15)),
        ("Hoàn thành trong Qúy I/2026.", date(2026, 3, 31)),
    ],
)
def test_stated_deadline_is_found(text, expected):
    assert find_deadline(text, reference=REF) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Quý III/2025", date(2025, 9, 30)),
        ("Quí IV-2025", date(2025, 12, 31)),
        ("Quý 2/2026", date(2026, 6, 30)),
        ("Tháng 12/2025", date(2025, 12, 31)),
        ("31/12/2025", date(2025, 12, 31)),
        ("Năm 2026", date(2026, 12, 31)),
        ("2026", date(2026, 12, 31)),
    ],
)
def test_time_cell_alone_is_a_deadline(cell, expected):
    assert find_deadline(cell, reference=date(2025, 6, 1)) == expected


def test_time_cell_of_a_table_row_is_the_rows_deadline():
    row = "5 | Xây dựng cơ sở dữ liệu dân cư\n| Phòng Văn hóa | UBND các phường\n| Quý IV/2026 |"
    assert find_deadline(row, reference=REF) == date(2026, 12, 31)
    assert find_deadline("5\tLập kế hoạch\tPhòng Nội vụ\tTháng 02/2026", reference=REF) == date(2026, 2, 28)


def test_before_a_period_means_the_day_before_it_starts():
    assert find_deadline("Hoàn thành trước tháng 6/2026.", reference=REF) == date(2026, 5, 31)
    assert find_deadline("Đưa vào sử dụng trước Quý III/2026.", reference=REF) == date(2026, 6, 30)
    assert find_deadline("Hoàn thành trước năm 2027.", reference=REF) == date(2026, 12, 31)
    assert find_deadline("Hoàn thành trước cuối tháng 6/2026.", reference=REF) == date(2026, 6, 30)
    assert find_deadline("Trước tháng 3/2026", reference=REF) == date(2026, 2, 28)


def test_month_and_quarter_ends_follow_the_calendar():
    assert find_deadline("Hoàn thành trong tháng 2/2028.", reference=REF) == date(2028, 2, 29)
    assert find_deadline("Hoàn thành trong tháng 2/2027.", reference=REF) == date(2027, 2, 28)
    assert find_deadline("Hoàn thành trong tháng 4/2026.", reference=REF) == date(2026, 4, 30)
    assert find_deadline("Thực hiện trong Quý II/2026.", reference=REF) == date(2026, 6, 30)
    assert find_deadline("Thực hiện trong Quý I/2028.", reference=REF) == date(2028, 3, 31)


def test_year_less_date_takes_the_reference_year():
    assert find_deadline("Báo cáo trước 30/6.", reference=date(2026, 6, 3)) == date(2026, 6, 30)
    assert find_deadline("Báo cáo trước ngày 28-10.", reference=date(2025, 9, 1)) == date(2025, 10, 28)
    assert find_deadline("Báo cáo trước ngày 15 tháng 12.", reference=REF) == date(2025, 12, 15)


def test_year_less_date_before_the_reference_rolls_to_next_year():
    assert find_deadline("Báo cáo trước ngày 10/01.", reference=date(2025, 12, 20)) == date(2026, 1, 10)
    assert find_deadline("Hoàn thành trong tháng 3.", reference=date(2025, 12, 20)) == date(2026, 3, 31)
    assert find_deadline("Xong trước 29/2.", reference=date(2027, 3, 10)) == date(2028, 2, 29)


def test_year_less_date_without_reference_borrows_a_nearby_year():
    text = "Kế hoạch năm 2026: gửi dự thảo trước ngày 15/3."
    assert find_deadline(text, reference=None) == date(2026, 3, 15)
    assert find_deadline("Gửi dự thảo trước ngày 15/3.", reference=None) is None


def test_several_milestones_give_the_final_completion_date():
    text = (
        "Đến ngày 15/12/2025 hoàn thành 50% khối lượng; chậm nhất trong tháng 01/2026 bàn giao mặt "
        "bằng; đến ngày 30/4/2026 phải hoàn thành toàn bộ công trình."
    )
    assert find_deadline(text, reference=REF) == date(2026, 4, 30)
    two = "Sửa chữa nhà hoàn thành trước ngày 20/12/2025; xây mới hoàn thành trước ngày 28/02/2026."
    assert find_deadline(two, reference=REF) == date(2026, 2, 28)


@pytest.mark.parametrize(
    "text",
    [
        # dates of cited documents
        "Triển khai Kế hoạch số 15/KH-UBND ngày 02/01/2026 của UBND quận.",
        "Thực hiện theo Quyết định số 123/QĐ-UBND ngày 05 tháng 3 năm 2025 của UBND tỉnh.",
        "Căn cứ Công văn số 77/UBND-VP ngày 12/11/2025, đề nghị các đơn vị phối hợp.",
        # ranges the task covers
        "Rà soát đơn thư tiếp nhận từ ngày 01/7/2025 đến ngày 31/5/2026, báo cáo UBND.",
        "Thời gian thực hiện: Từ 01/12/2025.",
        "Thời gian: Quý IV/2025 - Quý II/2026",
        "Thời gian thực hiện: Năm 2026 và các năm tiếp theo.",
        # data cut-offs
        "Từ ngày 01/12/2025 đến ngày 15/01/2026 hoàn thành đợt ra quân.",
        "Thống kê số liệu đến hết tháng 5/2026.",
        "Báo cáo số liệu tính đến ngày 30/11/2025.",
        # anniversaries, event days and time windows on the event day
        "Tổ chức các hoạt động nhân dịp Quốc khánh 2/9.",
        "Treo cờ Tổ quốc từ trước 06 giờ đến 22 giờ ngày 01 tháng 01 năm 2026.",
        "Tổ chức lễ khởi công vào ngày 19/12/2025.",
        "Thời gian: 08 giờ 00, ngày 20/12/2025; địa điểm: Hội trường UBND phường.",
        # effective dates
        "Quy định này có hiệu lực từ ngày 01/01/2026.",
        # report-cycle days are recurrence, not a one-off deadline
        "Báo cáo tiến độ trước ngày 15 hằng tháng.",
        "Gửi báo cáo trước ngày 10 tháng 01 hàng năm.",
        "Định kỳ trước ngày 01/6 và 15/11 hằng năm báo cáo kết quả.",
        "Định kỳ báo cáo UBND hằng năm (trước ngày 15 tháng 11).",
        # relative deadlines have no calendar date
        "Thời hạn hoàn thành chậm nhất 05 ngày làm việc kể từ ngày ban hành Quyết định.",
        # ongoing work
        "Thời gian thực hiện: Thường xuyên.",
        # a target year, not a completion date
        "Phấn đấu đến năm 2030 đạt 100% hộ dân sử dụng nước sạch.",
        "Phối hợp tổ chức phiên đấu giá trong năm 2026.",
        "Điều chuyển số vốn không có khả năng giải ngân trong năm 2026.",
        # the past, and an extension granted to someone else
        "Nhân rộng mô hình các xã đã hoàn thành trước ngày 30/12/2025.",
        "Thời gian thực hiện: 2026 - 2030.",
    ],
)
def test_dates_that_are_not_deadlines(text):
    assert find_deadline(text, reference=REF) is None


def test_date_long_before_the_reference_is_not_a_deadline():
    assert find_deadline("Hoàn thành trước ngày 10/10/2025.", reference=REF) is None


def test_month_already_over_is_not_a_deadline():
    assert find_deadline("Phát huy kết quả trong tháng 5/2026.", reference=date(2026, 6, 3)) is None


def test_deadline_between_meeting_and_issue_is_kept():
    # The meeting was on 20/11, but the notice may carry its issue date as reference.
    assert find_deadline("Báo cáo trước ngày 24/11/2025.", reference=date(2025, 11, 27)) == date(2025, 11, 24)


def test_decomposed_unicode_is_read_like_composed():
    text = unicodedata.normalize("NFD", "Hoàn thành trước ngày 15/12/2025; báo cáo hằng quý.")
    assert find_deadline(text, reference=REF) == date(2025, 12, 15)
    assert find_recurrence(text) is Recurrence.quarterly


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hằng tuần báo cáo tiến độ giải ngân.", Recurrence.weekly),
        ("Cập nhật kết quả hàng tuần về Văn phòng.", Recurrence.weekly),
        ("Báo cáo trước 10 giờ thứ Hai hàng tuần.", Recurrence.weekly),
        ("Định kỳ hằng tháng báo cáo UBND phường.", Recurrence.monthly),
        ("Tổng hợp, báo cáo hàng tháng.", Recurrence.monthly),
        ("Gửi số liệu trước ngày 20 hằng tháng.", Recurrence.monthly),
        ("Kiểm tra, báo cáo hằng quý.", Recurrence.quarterly),
        ("Hàng quý, hàng năm báo cáo Sở Tài chính.", Recurrence.quarterly),
        ("Tổ chức tập huấn hằng năm.", Recurrence.yearly),
        ("Thời gian thực hiện: Hàng năm.", Recurrence.yearly),
        ("Gửi báo cáo trước ngày 10 tháng 01 hàng năm.", Recurrence.yearly),
        ("Báo cáo tình hình hằng ngày và đột xuất khi có yêu cầu.", Recurrence.daily),
        ("Tổ chức kiểm tra định kỳ hoặc đột xuất.", Recurrence.periodic),
        ("Định kỳ báo cáo kết quả về UBND quận.", Recurrence.periodic),
        ("Báo cáo định kỳ 06 tháng và năm.", Recurrence.periodic),
        ("Định kỳ trước ngày 01/6 và 15/11 hằng năm báo cáo kết quả.", Recurrence.periodic),
    ],
)
def test_recurrence_wording(text, expected):
    assert find_recurrence(text) is expected


@pytest.mark.parametrize(
    "text",
    [
        "Thời gian thực hiện: Thường xuyên.",
        "Hoàn thành trước ngày 15/12/2025.",
        "Đạt tỷ lệ theo Nghị quyết hằng năm của HĐND thành phố.",
        "Bố trí kinh phí trong dự toán ngân sách hàng năm.",
        "Bảo đảm hàng hóa phục vụ đời sống hàng ngày của người dân.",
        "Chi trả trợ cấp xã hội hằng tháng qua tài khoản.",
        "Báo cáo kết quả 6 tháng đầu năm 2026.",
        "Tổ chức phiên họp thường kỳ của UBND.",
    ],
)
def test_no_recurrence(text):
    assert find_recurrence(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kiểm tra vệ sinh 02 lần/tuần.", Recurrence.weekly),
        ("Họp giao ban mỗi tháng một lần.", Recurrence.monthly),
        ("Rà soát danh sách 3 tháng một lần.", Recurrence.quarterly),
        ("Tổ chức tập huấn ít nhất 01 lần/năm.", Recurrence.yearly),
        ("Đánh giá 6 tháng một lần.", Recurrence.periodic),
        ("Tổng kiểm tra hai năm một lần.", Recurrence.periodic),
    ],
)
def test_counted_cycles(text, expected):
    assert find_recurrence(text) is expected


def test_a_period_reached_before_completion_is_the_deadline():
    text = "Phấn đấu đến cuối năm 2026 hoàn thành các tiêu chí khu dân cư kiểu mẫu."
    assert find_deadline(text, reference=REF) == date(2026, 12, 31)


def test_the_period_a_plan_covers_is_not_a_deadline():
    text = "Đối với nhiệm vụ trong tháng 12.2025, yêu cầu các ngành tập trung thu hoạch vụ mùa."
    assert find_deadline(text, reference=REF) is None
