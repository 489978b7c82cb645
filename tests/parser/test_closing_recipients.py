"""Orders with no doer of their own go to those the closing line tells to act ("UBND xã thông báo để
Phòng Kinh tế và các thôn biết, thực hiện."). Snippets written for these tests."""

from datetime import date

from bot.parser import parse_notice

_HEAD = """ỦY BAN NHÂN DÂN
XÃ AN THẠNH
Số: 77/TB-UBND
An Thạnh, ngày 12 tháng 6 năm 2026

THÔNG BÁO
Về việc rà soát nhà ở xuống cấp và vận động hiến đất làm đường

"""


def test_subjectless_orders_go_to_the_closing_lines_recipients():
    tasks = parse_notice(
        _HEAD + "Rà soát, thống kê các hộ gia đình có nhà ở xuống cấp, gửi UBND xã trước ngày 25/6/2026.\n\n"
        "Vận động người dân tham gia hiến đất làm đường giao thông nông thôn.\n\n"
        "UBND xã thông báo để Phòng Kinh tế và các thôn biết, thực hiện./.\n"
    ).tasks
    assert [t.units for t in tasks] == [["Phòng Kinh tế", "các thôn"]] * 2
    assert tasks[0].deadline == date(2026, 6, 25)


def test_informed_collectives_are_no_recipients():
    tasks = parse_notice(
        _HEAD + "1. Tổ chức tuyên truyền, vận động người dân đăng ký tham gia bảo hiểm y tế hộ gia đình.\n"
        "UBND xã thông báo để Trạm Y tế xã và các cơ quan, đơn vị có liên quan biết, thực hiện.\n"
    ).tasks
    assert [t.units for t in tasks] == [["Trạm Y tế xã"]]


def test_closing_line_to_generic_collectives_assigns_nothing():
    tasks = parse_notice(
        _HEAD + "Tổ chức tuyên truyền, vận động người dân đăng ký tham gia bảo hiểm y tế hộ gia đình.\n\n"
        "UBND xã thông báo để các cơ quan, đơn vị có liên quan biết, thực hiện.\n"
    ).tasks
    assert tasks == []


def test_a_named_doer_keeps_its_task():
    tasks = parse_notice(
        _HEAD + "1. Công an xã tăng cường tuần tra trên các tuyến đường liên thôn.\n"
        "2. Vận động người dân tham gia hiến đất làm đường giao thông nông thôn.\n"
        "UBND xã thông báo để Phòng Kinh tế và các thôn biết, thực hiện.\n"
    ).tasks
    assert [t.units for t in tasks] == [["Công an xã"], ["Phòng Kinh tế", "các thôn"]]


def test_items_under_topic_headings_go_to_the_recipients_and_headings_do_not():
    tasks = parse_notice(
        _HEAD + "1. Tăng cường công tác tuyên truyền về nghĩa vụ quân sự\n"
        "- Rà soát nguồn công dân trong độ tuổi sẵn sàng nhập ngũ năm 2027.\n"
        "- Tổ chức tuyên truyền Luật Nghĩa vụ quân sự đến từng hộ gia đình.\n"
        "2. Về công tác khám tuyển\n"
        "- Chuẩn bị danh sách công dân khám sơ tuyển trước ngày 30/9/2026.\n"
        "UBND xã thông báo để Ban Chỉ huy Quân sự xã và các thôn biết, thực hiện.\n"
    ).tasks
    assert [t.text.split()[0] for t in tasks] == ["Rà", "Tổ", "Chuẩn"]
    assert all(t.units == ["Ban Chỉ huy Quân sự xã", "các thôn"] for t in tasks)
    assert tasks[2].deadline == date(2026, 9, 30)


def test_closing_request_after_the_summary_formula_names_recipients_too():
    tasks = parse_notice(
        _HEAD + "Vận động người dân tham gia hiến đất làm đường giao thông nông thôn.\n\n"
        "Trên đây là thông báo kết luận của Chủ tịch UBND xã, đề nghị các thôn, Phòng Kinh tế biết, "
        "thực hiện./.\n"
    ).tasks
    assert [t.units for t in tasks] == [["các thôn", "Phòng Kinh tế"]]
