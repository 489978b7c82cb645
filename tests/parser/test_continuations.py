"""Text that carries on a task is part of it: wrapped dash lines, continuation paragraphs."""

from bot.parser import parse_notice

# Hard-wrapped like a PDF or web scrape: every line is about 80 characters.
_WRAPPED = """KẾ HOẠCH
Triển khai số hóa hồ sơ hộ tịch trên địa bàn phường năm 2026

I. MỤC ĐÍCH, YÊU CẦU

Bảo đảm dữ liệu hộ tịch được số hóa đầy đủ, chính xác, phục vụ người dân tra cứu
thuận tiện và đáp ứng yêu cầu kết nối với cơ sở dữ liệu hộ tịch điện tử toàn quốc.

II. TỔ CHỨC THỰC HIỆN

1. Phòng Văn hóa - Xã hội chủ trì rà soát toàn bộ sổ hộ tịch lưu trữ tại phường,
phối hợp với Trung tâm Phục vụ hành chính công và Công an phường, Ban Chỉ huy Quân
- sự phường bố trí nhân lực nhập liệu, hoàn thành trước ngày 30/9/2026; định kỳ
hằng tháng báo cáo tiến độ về Văn phòng HĐND và UBND phường để tổng hợp chung.

2. Trạm Y tế phường cập nhật dữ liệu khai sinh, khai tử phát sinh tại cơ sở y tế
trên địa bàn, gửi Phòng Văn hóa - Xã hội trước ngày 05 hằng tháng để đối chiếu.
"""


def test_a_dash_line_inside_an_unfinished_sentence_continues_the_item():
    tasks = parse_notice(_WRAPPED).tasks
    assert [t.text[:20] for t in tasks] == ["Phòng Văn hóa - Xã h", "Trạm Y tế phường cập"]
    first = tasks[0]
    assert "sự phường bố trí nhân lực" in first.text
    assert first.deadline is not None and first.deadline.isoformat() == "2026-09-30"


def test_a_paragraph_left_at_a_comma_continues_after_a_blank_line():
    text = """1. Về an toàn thực phẩm

- Đề nghị Trạm Y tế phường kiểm tra bếp ăn các trường mầm non, thông báo kết quả cho nhà trường,

Ban đại diện cha mẹ học sinh và người dân cùng giám sát.
"""
    (task,) = parse_notice(text).tasks
    assert task.units == ["Trạm Y tế phường"]
    assert task.text.endswith("cùng giám sát.")
