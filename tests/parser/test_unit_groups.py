"""Unit lists that name the unit type once ("Các sở: A, B và C") expand to whole unit names."""

import pytest

from bot.parser import parse_notice
from bot.parser.known_names import NO_NAMES
from bot.parser.units import split_units, subject_split


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("Các sở: Tài chính, Nội vụ và Tư pháp", ["Sở Tài chính", "Sở Nội vụ", "Sở Tư pháp"]),
        (
            "Các sở: Giáo dục và Đào tạo, Y tế; Khoa học và Công nghệ",
            ["Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Khoa học và Công nghệ"],
        ),
        ("các Bộ: Công an, Quốc phòng", ["Bộ Công an", "Bộ Quốc phòng"]),
        ("Các sở: Công thương, Công an tỉnh", ["Sở Công thương", "Công an tỉnh"]),
        ("UBND các phường: Tân Định, Đa Kao", ["UBND phường Tân Định", "UBND phường Đa Kao"]),
        (
            "Các phòng: Nội vụ, Tư pháp và UBND các phường",
            ["Phòng Nội vụ", "Phòng Tư pháp", "UBND các phường"],
        ),
        ("các sở, ban, ngành", ["các sở, ban, ngành"]),
    ],
)
def test_a_list_naming_its_type_once_gives_one_unit_per_name(text, units):
    assert split_units(text) == units


def test_listed_units_before_a_colon_lead_the_task_after_it():
    text = """1. Nhiệm vụ trọng tâm

1.1. Các sở: Xây dựng, Tài chính và UBND các phường: Rà soát quỹ nhà tạm cư, báo cáo trước ngày 20/5/2026.
"""
    (task,) = parse_notice(text).tasks
    assert task.units == ["Sở Xây dựng", "Sở Tài chính", "UBND các phường"]
    assert task.text.startswith("Rà soát quỹ nhà tạm cư")


def test_named_doers_are_a_task_even_under_a_general_requirements_heading():
    text = """1. Yêu cầu chung:

1.1. Quán triệt nghiêm túc các quy định về phòng cháy.

1.2. Các phòng: Kinh tế, Nội vụ: Kiểm tra việc niêm yết giá tại các chợ trên địa bàn phường.
"""
    (task,) = parse_notice(text).tasks
    assert task.units == ["Phòng Kinh tế", "Phòng Nội vụ"]
    assert task.text.startswith("Kiểm tra việc niêm yết giá")


def test_places_named_after_a_locality_noun_stay_with_the_unit_before_them():
    text = """Thủ tướng Chính phủ yêu cầu:

1. Chủ tịch Ủy ban nhân dân các tỉnh, trọng tâm là các tỉnh: Sơn La, Lai Châu và Điện Biên:

a) Sơ tán ngay các hộ dân khỏi khu vực có nguy cơ sạt lở.
"""
    (task,) = parse_notice(text).tasks
    assert task.text.startswith("Sơ tán ngay")
    assert task.units[0].startswith("Chủ tịch Ủy ban nhân dân các tỉnh")


def test_names_announced_by_a_colon_on_the_next_line_stay_in_the_heading():
    text = """Thủ tướng Chính phủ yêu cầu:
1. Chủ tịch Ủy ban nhân dân các tỉnh, trọng tâm là các tỉnh:
Sơn La, Lai Châu và Điện Biên:
a) Sơ tán ngay các hộ dân khỏi khu vực có nguy cơ sạt lở.
"""
    (task,) = parse_notice(text).tasks
    assert task.text.startswith("Sơ tán ngay")


def test_a_group_heading_over_sub_items_keeps_the_clause_saying_which_group():
    text = """III. TỔ CHỨC THỰC HIỆN

4. Đề nghị các doanh nghiệp cung cấp nước sạch trên địa bàn

a) Kiểm tra chất lượng nước tại các trạm bơm tăng áp.

b) Thông báo lịch cắt nước cho người dân trước 48 giờ.
"""
    tasks = parse_notice(text).tasks
    assert [t.text[:20] for t in tasks] == ["Kiểm tra chất lượng ", "Thông báo lịch cắt n"]
    assert all(t.units == ["các doanh nghiệp cung cấp nước sạch trên địa bàn"] for t in tasks)


def test_a_named_unit_heading_with_a_verb_over_sub_items_stays_a_task_for_that_unit():
    text = """III. TỔ CHỨC THỰC HIỆN

4. Giao Phòng Kinh tế kiểm tra an toàn thực phẩm dịp Tết

a) Kiểm tra các bếp ăn tập thể.

b) Kiểm tra các cơ sở sản xuất bánh mứt.
"""
    tasks = parse_notice(text).tasks
    assert {tuple(t.units) for t in tasks} == {("Phòng Kinh tế",)}


@pytest.mark.parametrize(
    ("sentence", "units"),
    [
        ("Phòng Kinh tế kiểm tra an toàn thực phẩm", ["Phòng Kinh tế"]),
        ("Sở Xây dựng quản lý chặt chẽ vật liệu san lấp", ["Sở Xây dựng"]),
        ("Trung tâm Văn hóa - Thể thao tổ chức giải chạy", ["Trung tâm Văn hóa - Thể thao"]),
        (
            "Ban Quản lý dự án đầu tư xây dựng khu vực quận kiểm tra hồ sơ",
            ["Ban Quản lý dự án đầu tư xây dựng khu vực quận"],
        ),
    ],
)
def test_a_verb_that_can_sit_in_names_ends_a_proper_name(sentence, units):
    found = subject_split(sentence, NO_NAMES)
    assert found is not None and found[0] == units


def test_a_company_name_with_a_verb_like_word_is_not_a_sentence():
    assert subject_split("Công ty TNHH Tập đoàn xây dựng Hòa Phát Đạt", NO_NAMES) is None


def test_a_unit_heading_typed_in_capitals_gives_its_bullets_to_that_unit():
    text = """II. NHIỆM VỤ THÁNG 8

3. PHÒNG VĂN HÓA - XÃ HỘI PHƯỜNG

- Tổ chức Lễ khai giảng năm học mới an toàn, tiết kiệm.

4. CÔNG AN PHƯỜNG TÂN ĐỊNH

- Bảo đảm an ninh trật tự tại các điểm trường.
"""
    tasks = parse_notice(text).tasks
    assert [t.units for t in tasks] == [["Phòng Văn hóa - Xã hội phường"], ["Công an phường Tân Định"]]


@pytest.mark.parametrize(
    ("sentence", "units", "rest"),
    [
        ("Trạm Y tế phường nắm bắt tình hình dịch bệnh", ["Trạm Y tế phường"], "nắm bắt"),
        ("UBND phường Đa Kao quán xuyến việc trực Tết", ["UBND phường Đa Kao"], "quán xuyến"),
        ("Ban Chỉ huy Quân sự phường 7 rèn luyện dân quân", ["Ban Chỉ huy Quân sự phường 7"], "rèn luyện"),
        ("UBND các phường trên địa bàn quận rà soát", ["UBND các phường trên địa bàn quận"], "rà soát"),
        ("Bí thư Quận ủy, Chủ tịch UBND quận chỉ đạo", ["Bí thư Quận ủy", "Chủ tịch UBND quận"], "chỉ đạo"),
        ("Chi nhánh Ngân hàng Chính sách xã hội quận giải ngân", None, "giải ngân"),
    ],
)
def test_a_level_word_closes_a_unit_name_before_any_verb(sentence, units, rest):
    found = subject_split(sentence, NO_NAMES)
    assert found is not None and found[1].startswith(rest)
    if units is not None:
        assert found[0] == units


def test_a_force_named_in_lowercase_after_giao_is_the_doer():
    text = """1. UBND các phường

- Giao lực lượng Công an phường làm nòng cốt giữ gìn trật tự tại các chợ đêm.
"""
    (task,) = parse_notice(text).tasks
    assert task.units == ["lực lượng Công an phường"]


def test_a_range_of_places_stays_in_the_unit_name():
    found = subject_split("Chủ tịch UBND các huyện từ Mường Tè đến Phong Thổ chỉ đạo sơ tán dân", NO_NAMES)
    assert found is not None
    assert found[0] == ["Chủ tịch UBND các huyện từ Mường Tè đến Phong Thổ"]


@pytest.mark.parametrize(
    ("cell", "units"),
    [
        ("Phòng Tư pháp Công an phường", ["Phòng Tư pháp", "Công an phường"]),
        ("Trung tâm Y tế Phòng Văn hóa - Xã hội", ["Trung tâm Y tế", "Phòng Văn hóa - Xã hội"]),
        ("Giám đốc Trung tâm Y tế quận", ["Giám đốc Trung tâm Y tế quận"]),
        ("Chánh Văn phòng UBND phường", ["Chánh Văn phòng UBND phường"]),
        ("Thứ trưởng Bộ Nội vụ", ["Thứ trưởng Bộ Nội vụ"]),
    ],
)
def test_two_unit_names_with_a_lost_comma_are_two_units_but_a_title_stays(cell, units):
    assert split_units(cell) == units


def test_a_passive_clause_stays_inside_a_group_name():
    found = subject_split("Các đơn vị được phân công chủ trì có trách nhiệm lập dự toán kinh phí", NO_NAMES)
    assert found is not None and found[0] == ["Các đơn vị được phân công"]


def test_a_role_note_in_parentheses_is_not_part_of_the_unit_but_a_named_unit_is():
    assert split_units("Phòng Y tế (cơ quan thường trực Ban Chỉ đạo)") == ["Phòng Y tế"]
    assert split_units("Hội đồng Thi đua - Khen thưởng (Phòng Nội vụ)") == [
        "Hội đồng Thi đua - Khen thưởng (Phòng Nội vụ)"
    ]


@pytest.mark.parametrize(
    "heading",
    [
        "Giao UBND các phường Bến Thành, Cầu Kho và Phường 5 phối hợp thực hiện:",
        "Giao UBND các phường: Bến Thành, Cầu Kho, Phường 5 phối hợp thực hiện:",
    ],
)
def test_named_wards_before_a_verb_each_get_the_bullets(heading):
    text = f"**{heading}**\n\n- Rà soát danh sách hộ cận nghèo hằng quý.\n"
    (task,) = parse_notice(text).tasks
    assert task.units == ["UBND phường Bến Thành", "UBND phường Cầu Kho", "UBND Phường 5"]
    assert task.text.startswith("Rà soát danh sách")
