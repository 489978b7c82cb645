"""A news article's headline ("UBND xã X: Triển khai …") is its title, not a task; a one-line order
pasted alone still is. Snippets written for these tests."""

from bot.parser import parse_notice

_ARTICLE = """UBND xã Tân Lập: Triển khai công tác phòng, chống dịch tả lợn châu Phi

Chiều 12/8/2026, UBND xã Tân Lập họp triển khai các biện pháp phòng, chống dịch.

Chủ tịch UBND xã yêu cầu Công an xã chủ trì, phối hợp với Ban Chỉ huy Quân sự xã lập chốt kiểm soát việc \
vận chuyển gia súc ra vào địa bàn.
"""


def test_headline_naming_a_unit_is_no_task():
    tasks = parse_notice(_ARTICLE).tasks
    assert [t.units for t in tasks] == [["Công an xã"]]


def test_a_one_line_order_without_full_stop_is_a_task():
    tasks = parse_notice("Giao Phòng Kinh tế rà soát hồ sơ tồn đọng trước ngày 20/12/2026").tasks
    assert [t.units for t in tasks] == [["Phòng Kinh tế"]]


def test_orders_typed_line_under_line_without_full_stops_are_all_tasks():
    tasks = parse_notice(
        "Giao Phòng Kinh tế rà soát hồ sơ tồn đọng trước ngày 20/12/2026\n\n"
        "Giao Trạm Y tế xã kiểm tra an toàn thực phẩm tại các bếp ăn tập thể\n"
    ).tasks
    assert [t.units for t in tasks] == [["Phòng Kinh tế"], ["Trạm Y tế xã"]]
