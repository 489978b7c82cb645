"""Who answers for a failure ("… chịu trách nhiệm trước Chủ tịch UBND xã") is a consequence stated, not a
task; a duty to act ("chịu trách nhiệm rà soát …") still is. Snippets written for these tests."""

from bot.parser import parse_notice

_HEAD = """ỦY BAN NHÂN DÂN
XÃ TÂN HIỆP
Số: 63/TB-UBND
Tân Hiệp, ngày 14 tháng 7 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch UBND xã về công tác quản lý trật tự xây dựng

1. Phòng Kinh tế rà soát các công trình xây dựng không phép trên địa bàn xã.
"""


def _units(item: str) -> list[list[str]]:
    return [t.units for t in parse_notice(_HEAD + item).tasks]


def test_heads_answering_to_the_chairman_is_no_task():
    item = "2. Thủ trưởng các đơn vị chịu trách nhiệm trước Chủ tịch UBND xã nếu để xảy ra chậm trễ.\n"
    assert _units(item) == [["Phòng Kinh tế"]]


def test_conditional_liability_is_no_task():
    item = "2. Đơn vị nào để chậm trễ thì Thủ trưởng đơn vị đó phải chịu trách nhiệm trước Chủ tịch UBND xã."
    assert _units(item) == [["Phòng Kinh tế"]]


def test_a_duty_to_act_is_a_task():
    item = "2. Công an xã chịu trách nhiệm xử lý các trường hợp tập kết vật liệu trên lòng đường.\n"
    assert _units(item) == [["Phòng Kinh tế"], ["Công an xã"]]
