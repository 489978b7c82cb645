"""Doers whose noun or predicate no word list holds, and statements about a unit that assign it nothing.
Snippets written for these tests."""

from datetime import date

from bot.parser import parse_notice


def tasks_of(text):
    return parse_notice(text).tasks


_PLAN = """KẾ HOẠCH
Phòng, chống đuối nước trẻ em hè năm 2027
III. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa - Xã hội là cơ quan thường trực, hướng dẫn, đôn đốc các đơn vị triển khai; tổng hợp \
kết quả báo cáo UBND xã trước ngày 31/8/2027.
2. Trạm Y tế xã là đầu mối tập huấn kỹ năng sơ cứu cho giáo viên và phụ huynh.
3. Trưởng các thôn chịu trách nhiệm cắm biển cảnh báo tại các ao, hồ, khúc sông nguy hiểm.
4. Các chi hội phụ nữ vận động hội viên trông giữ trẻ trong dịp nghỉ hè.
5. Các trường tự tổ chức dạy bơi an toàn cho học sinh.
6. Các cơ quan, đơn vị có trách nhiệm triển khai thực hiện Kế hoạch này.
"""


def test_subjects_and_predicates_outside_the_word_lists_are_doers():
    tasks = tasks_of(_PLAN)
    assert [t.units for t in tasks] == [
        ["Phòng Văn hóa - Xã hội"],
        ["Trạm Y tế xã"],
        ["Trưởng các thôn"],
        ["Các chi hội phụ nữ"],
        ["Các trường"],
    ]
    assert tasks[0].deadline == date(2027, 8, 31)


def test_the_generic_closing_duty_stays_out():
    assert not any("Kế hoạch này" in t.text for t in tasks_of(_PLAN))


def test_plural_nouns_of_things_are_not_doers():
    text = """1. Giao Phòng Kinh tế rà soát các công trình thủy lợi xuống cấp.
2. Các hồ sơ đề nghị hỗ trợ gửi về Phòng Kinh tế trước ngày 10/6/2027.
3. Những trường hợp đã được hỗ trợ năm 2026 không lập lại hồ sơ.
"""
    assert [t.units for t in tasks_of(text)] == [["Phòng Kinh tế"]]


def test_a_units_status_is_not_a_task():
    text = """Điều 3. Tổ chức thực hiện
1. Trung tâm Phục vụ hành chính công chịu sự chỉ đạo, quản lý trực tiếp của UBND xã.
2. Ban Quản lý dự án có chức năng tham mưu cho UBND xã về quản lý đầu tư xây dựng.
3. Trung tâm Phục vụ hành chính công niêm yết công khai các thủ tục hành chính tại trụ sở.
"""
    (task,) = tasks_of(text)
    assert task.text.startswith("Trung tâm Phục vụ hành chính công niêm yết")


def test_who_applies_a_price_table_is_a_standing_rule_not_a_task():
    text = """QUYẾT ĐỊNH
Ban hành giá dịch vụ trông giữ xe tại các chợ trên địa bàn xã
Điều 2. Tổ chức thực hiện
1. Các tổ chức, cá nhân được giao quản lý chợ áp dụng mức giá ban hành kèm theo Quyết định này.
2. Giao Phòng Kinh tế hướng dẫn, kiểm tra việc niêm yết và thu đúng mức giá quy định.
"""
    assert [t.units for t in tasks_of(text)] == [["Phòng Kinh tế"]]
