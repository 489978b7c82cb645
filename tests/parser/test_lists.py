"""Headings, lead sentences and the lists under them: who the items belong to. Snippets written for
these tests, one per layout."""

from datetime import date

from bot.parser import parse_notice
from bot.parser.models import Recurrence


def tasks_of(text):
    return parse_notice(text).tasks


def test_a_marker_alone_on_its_line_after_a_capitals_heading_starts_the_unit_heading():
    text = """**II. NHIỆM VỤ
CỤ THỂ**
**1.
Trung tâm Văn hóa - Thể thao phường:**
- Tổ chức giải bóng chuyền hơi cho người cao tuổi, hoàn thành trước ngày 30/7/2026.
**2.
Đội Quản lý trật tự đô thị phường:**
- Ra quân dẹp các điểm buôn bán lấn chiếm lòng đường.
"""
    first, second = tasks_of(text)
    assert first.units == ["Trung tâm Văn hóa - Thể thao phường"]
    assert first.section == "II.1"
    assert first.deadline == date(2026, 7, 30)
    assert second.units == ["Đội Quản lý trật tự đô thị phường"]


def test_a_lead_sentence_governs_the_numbered_items_after_it():
    text = """III. KIẾN NGHỊ ĐỐI VỚI XÃ
Đề nghị Ủy ban nhân dân xã Phước Hưng tập trung thực hiện các nội dung trọng tâm sau:
1. Hoàn thành bàn giao mặt bằng tuyến đê biển trước ngày 15/8/2026.
2. Củng cố tổ hòa giải ở các ấp.
"""
    tasks = tasks_of(text)
    assert [t.text[:18] for t in tasks] == ["Hoàn thành bàn gia", "Củng cố tổ hòa giả"]
    assert all(t.units == ["Ủy ban nhân dân xã Phước Hưng"] for t in tasks)
    assert tasks[0].deadline == date(2026, 8, 15)


def test_a_lead_sentence_over_unit_headings_is_only_a_preamble():
    text = """UBND tỉnh yêu cầu các sở, ngành, UBND các xã, phường thực hiện các nhiệm vụ sau:
1. Sở Y tế:
- Bảo đảm thuốc, vật tư y tế cho vùng bị ngập.
2. Nguyên tắc chung
- Ưu tiên hỗ trợ người già, trẻ em.
"""
    (task,) = tasks_of(text)
    assert task.units == ["Sở Y tế"]


def test_a_numbered_item_after_bullets_is_their_headings_sibling():
    text = """1. Phòng Tư pháp:
- Rà soát các văn bản hết hiệu lực.
2. Phòng Nội vụ:
- Kiện toàn tổ chức bộ máy.
"""
    first, second = tasks_of(text)
    assert first.units == ["Phòng Tư pháp"]
    assert second.units == ["Phòng Nội vụ"]
    assert second.section == "2"


def test_a_numbered_title_with_labelled_fields_is_one_task():
    text = """**1. Tổng vệ sinh các tuyến kênh, mương nội đồng**
- Đơn vị chủ trì: Hợp tác xã Nông nghiệp Tân Hiệp.
- Đơn vị phối hợp: Đoàn Thanh niên xã.
- Thời gian thực hiện: Quý III/2026.
**2. Tập huấn kỹ thuật trồng lúa hữu cơ**
- Nội dung tập huấn gồm:
+ Làm đất, gieo sạ;
+ Quản lý dịch hại.
- Đơn vị thực hiện: Trạm Khuyến nông huyện.
"""
    first, second = tasks_of(text)
    assert first.text.startswith("Tổng vệ sinh các tuyến kênh")
    assert first.units == ["Hợp tác xã Nông nghiệp Tân Hiệp"]
    assert first.coordinators == ["Đoàn Thanh niên xã"]
    assert first.deadline == date(2026, 9, 30)
    assert second.text.startswith("Tập huấn kỹ thuật trồng lúa hữu cơ")
    assert "Quản lý dịch hại" in second.text
    assert second.units == ["Trạm Khuyến nông huyện"]


def test_a_task_announcing_its_content_keeps_the_items_as_content():
    text = """2. Giao Phòng Kinh tế báo cáo UBND phường trước ngày 10/10/2026 gồm các nội dung:
(1) Số hộ kinh doanh đã chuyển sang hóa đơn điện tử.
(2) Những khó khăn, vướng mắc.
"""
    (task,) = tasks_of(text)
    assert task.units == ["Phòng Kinh tế"]
    assert "Những khó khăn" in task.text
    assert task.deadline == date(2026, 10, 10)


def test_a_heading_naming_its_addressee_in_lowercase():
    text = """**3. Giao thủ trưởng các phòng chuyên môn thuộc Ủy ban nhân dân xã**
- Cập nhật hồ sơ công chức trên phần mềm quản lý, hằng tháng.
"""
    (task,) = tasks_of(text)
    assert task.units == ["thủ trưởng các phòng chuyên môn thuộc Ủy ban nhân dân xã"]
    assert task.recurrence == Recurrence.monthly


def test_the_generic_closing_duty_is_not_a_task():
    text = """5. Giao Phòng Văn hóa - Xã hội lập danh sách hộ nghèo trước ngày 05/01/2027.
6. Các phòng, ban, đơn vị thuộc UBND xã có trách nhiệm tổ chức thực hiện Kế hoạch này.
Đề nghị thủ trưởng các cơ quan, đơn vị nghiêm túc triển khai thực hiện Thông báo này./.
"""
    (task,) = tasks_of(text)
    assert task.units == ["Phòng Văn hóa - Xã hội"]


def test_a_subject_that_guides_others_then_lists_what_they_do():
    text = """3. Trạm Y tế phường hướng dẫn các cơ sở kinh doanh thực phẩm thực hiện:
- Lưu mẫu thức ăn đủ 24 giờ.
- Khám sức khỏe định kỳ cho người chế biến trước ngày 30/11/2026.
"""
    first, second = tasks_of(text)
    assert first.text.startswith("Lưu mẫu thức ăn") and first.deadline is None
    assert second.deadline == date(2026, 11, 30)
    assert first.units == second.units == ["Trạm Y tế phường"]


def test_requirements_addressed_to_a_unit_then_a_quoted_statute():
    text = """Kết luận nêu yêu cầu đối với Trung tâm Phát triển quỹ đất huyện trong việc bồi thường như sau:
- Hoàn thành kiểm đếm tài sản trước ngày 12/8/2026.
- Phối hợp với UBND xã niêm yết phương án bồi thường.
Căn cứ Điều 87 Luật Đất đai quy định như sau:
- Tổ chức làm nhiệm vụ bồi thường lập phương án bồi thường.
"""
    first, second = tasks_of(text)
    assert first.units == second.units == ["Trung tâm Phát triển quỹ đất huyện"]
    assert first.deadline == date(2026, 8, 12)


def test_what_befalls_violators_is_not_a_task():
    text = """2. Về an toàn thực phẩm dịp Trung thu
- Giao Trạm Y tế phường kiểm tra các cơ sở sản xuất bánh Trung thu.
- Các cơ sở sản xuất vi phạm quy định về an toàn thực phẩm sẽ bị xử lý theo quy định của pháp luật.
"""
    (task,) = tasks_of(text)
    assert task.units == ["Trạm Y tế phường"]


def test_a_heading_without_a_verb_among_unit_headings_is_a_unit_heading():
    text = """III. TỔ CHỨC THỰC HIỆN
1. Ủy ban nhân dân xã
- Chỉ đạo các thôn ra quân phát quang hành lang tuyến đường liên thôn.
2. Các tổ hợp tác nuôi trồng thủy sản ven sông Hậu
- Gia cố bờ ao trước mùa lũ.
- Phối hợp với Trạm Khuyến nông theo dõi chất lượng nước.
3. Nguyên tắc phối hợp
- Bảo đảm thông tin kịp thời giữa các bên.
"""
    tasks = tasks_of(text)
    assert [t.units for t in tasks] == [
        ["Ủy ban nhân dân xã"],
        ["Các tổ hợp tác nuôi trồng thủy sản ven sông Hậu"],
        ["Các tổ hợp tác nuôi trồng thủy sản ven sông Hậu"],
    ]
    assert tasks[2].coordinators == ["Trạm Khuyến nông"]


def test_a_bullet_naming_a_school_level_ends_the_name_before_its_verb():
    text = """2. Phòng Văn hóa - Xã hội:
- Các trường tiểu học giám sát việc đưa đón học sinh và báo cáo hằng tháng.
"""
    (task,) = tasks_of(text)
    assert task.units == ["Các trường tiểu học"]
    assert task.recurrence == Recurrence.monthly


def test_a_table_header_scraped_into_the_signature_row():
    text = """|
Nơi nhận:
- Như trên;
- Lưu: VT.
|
TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Lê Văn Tám
|
PHỤ LỤC NHIỆM VỤ (Kèm theo Kế hoạch số 12/KH-UBND ngày 02/02/2026)
|
TT
|
Nội dung
|
Cơ quan chủ trì
|
Thời gian
|
|
1
|
Cắm mốc giới hành lang kênh Bà Bèo
|
Phòng Kinh tế
|
Tháng 5/2026
|
|
"""
    (task,) = tasks_of(text)
    assert task.units == ["Phòng Kinh tế"]
    assert task.deadline == date(2026, 5, 31)


def test_a_letter_asking_its_recipients_for_items_that_name_their_doers():
    text = """Kính gửi:
- Trạm Y tế phường;
- Ban điều hành các khu phố.

Thực hiện Công văn số 88/SYT-NVY của Sở Y tế, UBND phường đề nghị các đơn vị thực hiện một số nội dung sau:
1. Trạm Y tế phường tổ chức giám sát ca bệnh, xử lý ổ dịch trong vòng 48 giờ.
2. Ban điều hành các khu phố vận động người dân diệt lăng quăng hằng tuần.
"""
    tasks = tasks_of(text)
    assert [t.units for t in tasks] == [["Trạm Y tế phường"], ["Ban điều hành các khu phố"]]
