"""What may stand before a sentence's doer: a framing clause, a connector, the speaker of a
conclusion. Snippets written for these tests."""

from datetime import date

from bot.parser import parse_notice
from bot.parser.models import TaskKind


def tasks_of(text):
    return parse_notice(text).tasks


def test_a_framing_clause_before_the_subject_does_not_hide_the_doer():
    text = """1. Về công tác tiêm chủng
- Căn cứ danh sách trẻ chưa tiêm đủ mũi do các khu phố báo lên, Trạm Y tế phường lập kế hoạch tiêm bù.
- Nhằm bảo đảm an toàn cho học sinh khi tan trường, Công an phường bố trí lực lượng phân luồng giao thông.
"""
    first, second = tasks_of(text)
    assert first.units == ["Trạm Y tế phường"]
    assert first.text.startswith("Căn cứ danh sách")  # the task keeps its framing
    assert second.units == ["Công an phường"]


def test_several_framing_clauses_then_the_speaker_who_assigns():
    text = (
        "Qua kiểm tra thực tế tại hai thôn Đông Hòa, Tây Hòa, trên cơ sở ý kiến của các thành viên đoàn, "
        "bà Lê Thị Hoa - Phó Chủ tịch UBND xã chỉ đạo Ban Chỉ huy Quân sự xã phối hợp với Công an xã "
        "rà soát các điểm sạt lở ven sông.\n"
    )
    (task,) = tasks_of(text)
    assert task.units == ["Ban Chỉ huy Quân sự xã"]
    assert task.coordinators == ["Công an xã"]


def test_a_unit_that_directs_others_keeps_the_task_itself():
    (task,) = tasks_of("2. Sở Giáo dục và Đào tạo chỉ đạo các trường rà soát đội ngũ giáo viên.\n")
    assert task.units == ["Sở Giáo dục và Đào tạo"]


def test_a_clause_with_its_own_subject_is_not_a_framing_clause():
    text = "- Trước 16 giờ thứ Năm hằng tuần các khu phố gửi báo cáo về Văn phòng, Trạm Y tế phường.\n"
    text = "1. Giao các khu phố thực hiện chế độ báo cáo:\n" + text
    (task,) = tasks_of(text)
    assert task.units == ["các khu phố"]


def test_assigned_in_the_passive():
    text = "Theo kết luận, Đội Quản lý trật tự đô thị được giao chủ trì dọn dẹp các điểm tập kết rác.\n"
    (task,) = tasks_of(text)
    assert task.units == ["Đội Quản lý trật tự đô thị"]


def test_a_relative_clause_with_duoc_giao_stays_in_the_group_name():
    text = "3. Các đơn vị được giao chủ trì đề án có trách nhiệm báo cáo tiến độ hằng quý.\n"
    (task,) = tasks_of(text)
    assert task.units == ["Các đơn vị được giao chủ trì đề án"]


def test_the_duty_stressed_for_named_people():
    text = (
        "Tại cuộc họp, Chủ tịch UBND phường nhấn mạnh trách nhiệm của các đồng chí Tổ trưởng tổ dân phố "
        "trong việc vận động người dân đăng ký tài khoản định danh điện tử.\n"
    )
    (task,) = tasks_of(text)
    assert task.units == ["các đồng chí Tổ trưởng tổ dân phố"]
    assert "vận động người dân" in task.text


def test_an_assignment_to_a_lowercase_title_or_collective():
    text = """1. Giao thủ trưởng các đơn vị sự nghiệp thuộc UBND xã
- Kiểm kê tài sản công, hoàn thành trước ngày 15/12/2026.
Kết luận cuộc họp, đồng chí Chủ tịch UBND xã đề nghị cán bộ, công chức xã chấp hành nghiêm giờ làm việc.
"""
    first, second = tasks_of(text)
    assert first.units == ["thủ trưởng các đơn vị sự nghiệp thuộc UBND xã"]
    assert second.units == ["cán bộ, công chức xã"]
    assert second.kind == TaskKind.request


def test_nouns_made_with_giao_are_not_assignments():
    text = (
        "Tại hội nghị giao ban tháng 9, các đại biểu thảo luận việc bàn giao đất cho "
        "Công ty Cấp nước Sông Đà theo hợp đồng giao đất đã ký.\n"
    )
    assert tasks_of(text) == []


def test_a_long_topic_with_its_own_colon_before_the_answer():
    text = (
        "III. Ý KIẾN VỀ CÁC ĐỀ XUẤT\n"
        "4. Về nâng cấp tuyến đường liên xã Phú An - Phú Thạnh, kết hợp mở rộng cống thoát nước dọc tuyến, "
        "lắp đặt hệ thống chiếu sáng và trồng cây xanh hai bên đường nhằm giảm ngập úng cục bộ mỗi mùa mưa "
        "cho các khu dân cư ven tuyến: theo Tờ trình số 15/TTr-UBND: giao Phòng Kinh tế, Hạ tầng và Đô thị "
        "khảo sát, lập dự toán trước ngày 30/9/2026.\n"
        "5. Về kinh phí sửa chữa nhà văn hóa: Huyện cân đối từ nguồn ngân sách năm 2027.\n"
    )
    first, second = tasks_of(text)
    assert first.units == ["Phòng Kinh tế, Hạ tầng và Đô thị"]
    assert first.deadline == date(2026, 9, 30)
    assert second.units == ["Huyện"]


def test_a_list_of_offices_naming_their_type_once_before_a_colon():
    text = "3. Các phòng, ban: Tư pháp, Nội vụ rà soát thủ tục hành chính thuộc lĩnh vực phụ trách.\n"
    (task,) = tasks_of(text)
    assert task.units == ["Phòng Tư pháp", "Phòng Nội vụ"]


def test_a_public_units_name_is_not_cut_at_lap():
    text = "**2. Giao các trường công lập trên địa bàn xã**\n- Rà soát số học sinh bỏ học.\n"
    (task,) = tasks_of(text)
    assert task.units == ["các trường công lập trên địa bàn xã"]
