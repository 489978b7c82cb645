"""Conclusions that answer a locality's proposals: "Về đề nghị …: <answer>". The answer names who
acts; the unit named inside the proposal is not the doer."""

from bot.parser import parse_notice
from bot.parser.models import TaskKind

_HEAD = """THÔNG BÁO
Kết luận của Chủ tịch UBND quận tại buổi làm việc với UBND phường 7

II. VỀ CÁC KIẾN NGHỊ CỦA PHƯỜNG

"""


def test_the_answer_after_a_long_proposal_is_the_task_text():
    text = _HEAD + (
        "1. Về đề nghị Phòng Tài chính - Kế hoạch bổ sung kinh phí sửa chữa trụ sở Khu phố 3, trang bị "
        "thêm máy tính cho bộ phận một cửa; hỗ trợ kinh phí tổ chức Ngày hội Đại đoàn kết toàn dân tộc, "
        "kinh phí duy tu hệ thống thoát nước hẻm 42 và chỉnh trang vỉa hè các tuyến đường nội bộ "
        "năm 2026: giao Phòng Tài chính - Kế hoạch phối hợp Phòng Quản lý đô thị khảo sát, đề xuất "
        "phương án trước ngày 15/7/2026.\n"
    )
    (task,) = parse_notice(text).tasks
    assert task.units == ["Phòng Tài chính - Kế hoạch"]
    assert task.coordinators == ["Phòng Quản lý đô thị"]
    assert task.kind == TaskKind.assign
    assert task.text.startswith("giao Phòng Tài chính")
    assert task.deadline.isoformat() == "2026-07-15"


def test_an_answer_addressed_to_the_proposing_unit_goes_to_it():
    text = _HEAD + (
        "2. Về kiến nghị Phòng Nội vụ tăng biên chế cho phường: UBND phường 7 rà soát vị trí việc làm, "
        "gửi Phòng Nội vụ tổng hợp.\n"
    )
    (task,) = parse_notice(text).tasks
    assert task.units == ["UBND phường 7"]
    assert "UBND phường 7 rà soát" in task.text


def test_a_later_sentence_of_the_answer_can_name_the_doers():
    text = _HEAD + (
        "3. Về đề xuất lắp camera giám sát tại các nút giao: Nội dung này đã có trong kế hoạch năm 2026 "
        "của quận. Công an phường chủ động phối hợp Đội Quản lý trật tự đô thị xác định vị trí lắp đặt.\n"
    )
    (task,) = parse_notice(text).tasks
    assert task.units == ["Công an phường"]
    assert "Công an phường chủ động" in task.text


def test_an_answer_that_only_agrees_assigns_nothing():
    text = _HEAD + "4. Về đề nghị Phòng Y tế hỗ trợ thuốc cho Trạm Y tế phường: Thống nhất như đề xuất.\n"
    assert parse_notice(text).tasks == []
