"""What the parser must not turn into tasks."""

from bot.parser import parse_notice


def test_a_news_article_assigns_nothing():
    text = """Sáng 12/3, UBND quận đã tổ chức làm việc với Phòng Y tế và Trung tâm Y tế quận.
Quang cảnh buổi làm việc với Phòng Y tế quận
Tại buổi làm việc, các đơn vị đã báo cáo kết quả công tác năm 2025 và phương hướng năm 2026.
Các đơn vị cũng đã trình bày kế hoạch hoạt động trong năm.
"""
    assert parse_notice(text).tasks == []


def test_preamble_assessment_and_targets_are_not_tasks():
    text = """Ngày 05/3/2026, UBND phường tổ chức phiên họp thường kỳ.

Các phòng, ban, ngành cần nghiêm túc quán triệt các mục tiêu năm 2026.

I. ĐÁNH GIÁ KẾT QUẢ THÁNG 2

1. Công an phường đã bảo đảm an ninh trật tự trong dịp Tết.

II. MỤC TIÊU, CHỈ TIÊU

1. Phòng Kinh tế phấn đấu thu ngân sách đạt 105% dự toán.

2. Chỉ tiêu

- 100% hồ sơ được giải quyết đúng hạn.
"""
    assert parse_notice(text).tasks == []


def test_purposes_and_requirements_are_not_tasks():
    text = """I. MỤC ĐÍCH, YÊU CẦU

1. Mục đích

- Các phòng, ban, đơn vị thực hiện đồng bộ các giải pháp cải cách hành chính.

2. Yêu cầu

- Thủ trưởng các cơ quan trực tiếp chỉ đạo, kiểm tra việc thực hiện.
"""
    assert parse_notice(text).tasks == []


def test_recipients_signature_and_closing_are_not_tasks():
    text = """1. Giao Phòng Tư pháp rà soát văn bản hết hiệu lực.

Trên đây là kết luận của Chủ tịch UBND phường, đề nghị các cơ quan, đơn vị nghiêm túc thực hiện./.

Nơi nhận:
- Thường trực Đảng ủy phường;
- Các phòng, ban, đơn vị;
- Lưu: VT.

CHỦ TỊCH

Nguyễn Văn An
"""
    tasks = parse_notice(text).tasks
    assert [t.units for t in tasks] == [["Phòng Tư pháp"]]


def test_unit_less_items_without_any_assignment_are_not_tasks():
    text = """II. NHIỆM VỤ, GIẢI PHÁP

1. Đẩy mạnh chuyển đổi số

a) Xây dựng nền tảng dữ liệu dùng chung của tỉnh.

b) Tổ chức tập huấn kỹ năng số cho người dân.
"""
    assert parse_notice(text).tasks == []


def test_encouragements_and_liability_statements_are_not_tasks():
    text = """5. Các doanh nghiệp trên địa bàn phường

- Khuyến khích sử dụng năng lượng tái tạo trong sản xuất.

- Chịu trách nhiệm trước pháp luật về tính chính xác của số liệu kê khai.

- Thực hiện phân loại rác thải tại nguồn.
"""
    (task,) = parse_notice(text).tasks
    assert task.text.startswith("Thực hiện phân loại rác")


def test_a_quoted_statute_at_the_end_of_an_article_assigns_nothing():
    text = """Giao UBND phường Tân An khẩn trương bàn giao mặt bằng dự án.

Căn cứ Điều 81 Luật Thủy sản 2017 quy định nghĩa vụ của tổ chức quản lý cảng cá như sau:

- Tổ chức quản lý cảng cá tổ chức thống kê sản lượng thủy sản qua cảng.
"""
    (task,) = parse_notice(text).tasks
    assert task.units == ["UBND phường Tân An"]


def test_footnotes_and_captions_after_numbered_headings_are_not_tasks():
    text = """2. Giao Phòng Giáo dục và Đào tạo kiểm tra cơ sở vật chất các trường học¹.

¹ Quyết định số 12/QĐ-UBND ngày 02/01/2026 của UBND quận
"""
    tasks = parse_notice(text).tasks
    assert len(tasks) == 1
    assert tasks[0].deadline is None


def test_the_notification_formula_is_not_a_task():
    text = """1. Giao Sở Xây dựng hoàn thiện hồ sơ dự án.

Văn phòng UBND quận thông báo để các cơ quan, đơn vị liên quan biết, thực hiện./.
"""
    (task,) = parse_notice(text).tasks
    assert task.units == ["Sở Xây dựng"]


def test_execution_boilerplate_of_a_decision_is_not_a_task():
    text = """Điều 3. Chánh Văn phòng UBND quận, Trưởng phòng Tài chính - Kế hoạch, Chủ tịch UBND các phường
và các tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./.
"""
    assert parse_notice(text).tasks == []


def test_a_header_line_run_into_the_document_number_is_not_a_task():
    text = """UBND PHƯỜNG TÂN HƯNG
Số: 41/TB-UBND

THÔNG BÁO
Ý kiến chỉ đạo của Chủ tịch UBND phường

Giao Trạm Y tế phường phun hóa chất diệt muỗi tại các khu phố có ca sốt xuất huyết.
"""
    (task,) = parse_notice(text).tasks
    assert task.units == ["Trạm Y tế phường"]


def test_a_closing_request_to_all_units_after_a_task_is_not_a_second_task():
    text = """1. Phòng Nội vụ tổng hợp kết quả thi đua; Chủ tịch UBND phường yêu cầu Thủ trưởng các đơn vị """
    text += "nghiêm túc thực hiện.\n"
    (task,) = parse_notice(text).tasks
    assert task.units == ["Phòng Nội vụ"]


def test_a_numbered_item_opening_with_yeu_cau_and_a_unit_is_a_task_not_a_requirements_heading():
    text = """II. YÊU CẦU
1. Yêu cầu
- Bảo đảm đúng tiến độ.
III. TỔ CHỨC THỰC HIỆN
3. Yêu cầu Trung tâm Dịch vụ nông nghiệp cử cán bộ kỹ thuật hướng dẫn các hộ dân.
"""
    (task,) = parse_notice(text).tasks
    assert task.units == ["Trung tâm Dịch vụ nông nghiệp"]
