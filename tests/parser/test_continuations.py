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



_PDF_LIKE = (
    "II. NHIỆM VỤ THÁNG 10 \n\n"
    "1. Phòng Tài nguyên và Môi \n\n"
    "trường quận \n\n"
    "- Phối hợp Đội Quản lý trật tự đô thị kiểm tra các điểm đổ phế thải trái phép dọc \n\n"
    "kênh Nhiêu Lộc, hoàn thành trước ngày 25/10/2026. \n\n"
    "- Hướng dẫn các hộ kinh doanh phân loại rác thải tại nguồn trên địa bàn 10 \n\n"
    "                                                                          4 \n\n"
    "phường; báo cáo kết quả về UBND quận. \n\n"
    "2. Công an quận bảo đảm an ninh trật tự các sự kiện văn hóa, thể thao trên địa \n\n"
    "bàn quận trong tháng, phối hợp với lực lượng dân quân tự vệ các phường tuần tra \n\n"
    "ban đêm tại các tuyến đường có nhiều tụ điểm tụ tập đua xe trái phép. \n\n"
)


def test_a_wrapped_unit_heading_keeps_its_bullets_and_a_page_number_inside_a_bullet_is_dropped():
    tasks = parse_notice(_PDF_LIKE).tasks
    assert [t.text[:12] for t in tasks] == ["Phối hợp Đội", "Hướng dẫn cá", "Công an quận"]
    assert tasks[0].units == ["Phòng Tài nguyên và Môi trường quận"]
    assert "địa bàn 10 phường" in tasks[1].text
