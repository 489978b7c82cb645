"""One item or paragraph, several doers: each doer named in a clause of its own gets a task."""

from datetime import date

from bot.parser import parse_notice


def tasks_of(text):
    return parse_notice(text).tasks


def test_a_second_doer_after_a_semicolon_gets_its_own_task():
    text = (
        "4. Về sửa chữa trường tiểu học Hòa Lợi: giao Ban Quản lý dự án đầu tư xây dựng khu vực lập hồ sơ "
        "quyết toán trong tháng 10 năm 2026; Phòng Tài chính - Kế hoạch thẩm định quyết toán khi nhận đủ "
        "hồ sơ.\n"
    )
    first, second = tasks_of(text)
    assert first.units == ["Ban Quản lý dự án đầu tư xây dựng khu vực"]
    assert first.deadline == date(2026, 10, 31)
    assert second.units == ["Phòng Tài chính - Kế hoạch"]
    assert second.text.startswith("Phòng Tài chính - Kế hoạch thẩm định")
    assert second.deadline is None


def test_a_semicolon_that_continues_a_list_of_units_starts_no_task():
    text = "2. Phòng Nội vụ đôn đốc các phòng, ban; UBND các khu phố báo cáo kết quả thi đua.\n"
    (task,) = tasks_of(text)
    assert task.units == ["Phòng Nội vụ"]


def test_a_later_sentence_for_another_unit_inside_a_bullet():
    text = """1. Các phòng chuyên môn:
- Rà soát thủ tục hành chính thuộc lĩnh vực phụ trách, gửi Văn phòng trước ngày 05/11/2026. Trên cơ sở đó, \
Văn phòng HĐND và UBND phường tổng hợp, trình Chủ tịch trước ngày 12/11/2026.
"""
    first, second = tasks_of(text)
    assert first.units == ["Các phòng chuyên môn"]
    assert first.deadline == date(2026, 11, 5)
    assert second.units == ["Văn phòng HĐND và UBND phường"]
    assert second.deadline == date(2026, 11, 12)


def test_the_same_doer_named_again_keeps_one_task():
    text = (
        "3. Trạm Y tế phường kiểm tra bếp ăn các trường mầm non. Trạm Y tế phường báo cáo kết quả "
        "hằng tháng.\n"
    )
    (task,) = tasks_of(text)
    assert task.units == ["Trạm Y tế phường"]


def test_a_conclusion_run_on_in_one_paragraph():
    text = (
        "Chủ tịch UBND xã kết luận như sau: Đề nghị Hội Nông dân xã vận động bà con thu hoạch lúa sớm; "
        "giao Ban Chỉ huy Quân sự xã chuẩn bị lực lượng ứng trực bão; Trạm Y tế xã phun thuốc diệt muỗi "
        "tại các thôn có ca sốt xuất huyết.\n"
    )
    tasks = tasks_of(text)
    assert [t.units for t in tasks] == [["Hội Nông dân xã"], ["Ban Chỉ huy Quân sự xã"], ["Trạm Y tế xã"]]
    assert tasks[0].text.startswith("Đề nghị Hội Nông dân xã")


def test_a_closing_request_to_every_unit_after_a_task_adds_nothing():
    text = "1. Phòng Văn hóa - Xã hội tổ chức Ngày hội Gia đình; đề nghị các đơn vị nghiêm túc thực hiện.\n"
    (task,) = tasks_of(text)
    assert task.units == ["Phòng Văn hóa - Xã hội"]
