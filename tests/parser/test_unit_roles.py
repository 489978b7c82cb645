"""A unit's role in parentheses is no part of its name; an addressee that passes an order on keeps the
task. Snippets written for these tests."""

from bot.parser import parse_notice


def tasks_of(text):
    return parse_notice(text).tasks


def test_a_role_in_parentheses_is_not_part_of_the_name():
    text = """III. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa - Xã hội (Cơ quan thường trực Ban Chỉ đạo công tác gia đình xã) chủ trì theo dõi, \
tổng hợp kết quả thực hiện Kế hoạch.
"""
    (task,) = tasks_of(text)
    assert task.units == ["Phòng Văn hóa - Xã hội"]


def test_the_addressee_that_passes_the_order_on_keeps_the_task():
    text = """Đề nghị UBND các xã, phường:
1. Rà soát các điểm sạt lở ven sông, cắm biển cảnh báo.
2. UBND xã chỉ đạo các thôn tổ chức di dời các hộ ở vùng nguy hiểm đến nơi an toàn.
"""
    tasks = tasks_of(text)
    assert [t.units for t in tasks] == [["UBND các xã, phường"], ["UBND các xã, phường"]]
    assert tasks[1].text.startswith("UBND xã chỉ đạo các thôn")
