"""Hamlets and residential groups as doers: written in lowercase before their proper name, sharing
one title or one plural head, and singled out by "riêng". Snippets written for these tests."""

from datetime import date

from bot.parser import parse_notice
from bot.parser.directory import UnitDirectory
from tests.parser.commune_head import HEAD


def _tasks(body: str):
    return parse_notice(HEAD + body).tasks


def test_shared_title_heads_every_hamlet_it_lists():
    tasks = _tasks(
        "1. Trưởng thôn Đông, thôn Tây và thôn Nam vận động người dân di dời vật kiến trúc khỏi hành lang "
        "an toàn giao thông.\n"
    )
    assert [t.units for t in tasks] == [["Trưởng thôn Đông", "Trưởng thôn Tây", "Trưởng thôn Nam"]]
    assert tasks[0].text.startswith("Trưởng thôn Đông")


def test_lowercase_title_after_a_cue_also_distributes():
    tasks = _tasks(
        "Đồng chí Chủ tịch UBND xã yêu cầu trưởng ấp Bắc, ấp Trung và ấp Hạ rà soát các hộ chưa đóng góp "
        "quỹ phòng chống thiên tai.\n"
    )
    assert [t.units for t in tasks] == [["trưởng ấp Bắc", "trưởng ấp Trung", "trưởng ấp Hạ"]]


def test_plural_head_names_each_hamlet():
    tasks = _tasks("2. Các thôn Đông, Tây khẩn trương hoàn thành việc bầu trưởng thôn trước ngày 30/6/2026.")
    assert [t.units for t in tasks] == [["thôn Đông", "thôn Tây"]]
    assert tasks[0].deadline == date(2026, 6, 30)


def test_plural_of_hamlets_keeps_its_verb_out_of_the_name():
    tasks = _tasks("3. Các tổ dân phố tổ chức ra quân tổng vệ sinh môi trường vào sáng Chủ nhật.\n")
    assert [t.units for t in tasks] == [["Các tổ dân phố"]]
    assert tasks[0].text.startswith("Các tổ dân phố tổ chức ra quân")


def test_exception_clause_for_one_hamlet_is_its_own_task():
    tasks = _tasks(
        "1. Các thôn tổ chức ra quân tổng vệ sinh môi trường vào ngày 20/6/2026; riêng thôn Đông chủ trì "
        "dọn dẹp khu vực chợ trung tâm trước ngày 25/6/2026.\n"
    )
    assert [t.units for t in tasks] == [["Các thôn"], ["thôn Đông"]]
    assert [t.deadline for t in tasks] == [None, date(2026, 6, 25)]
    assert tasks[1].text.startswith("riêng thôn Đông chủ trì dọn dẹp")


def test_exception_for_a_named_school_after_a_semicolon():
    tasks = _tasks(
        "2. Trường Mầm non xã rà soát cơ sở vật chất trước năm học mới; riêng Trường Tiểu học Hòa Bình "
        "bổ sung phòng học bộ môn trước ngày 15/8/2026.\n"
    )
    assert [t.units for t in tasks] == [["Trường Mầm non xã"], ["Trường Tiểu học Hòa Bình"]]
    assert tasks[1].deadline == date(2026, 8, 15)


def test_exception_after_a_comma_is_its_own_task():
    tasks = _tasks(
        "2. Các trường học tổ chức khai giảng năm học mới vào ngày 05/9/2026, riêng Trường Mầm non Hòa Bình "
        "hoàn thành sửa chữa phòng học trước ngày 30/8/2026.\n"
    )
    assert [t.units for t in tasks] == [["Các trường học"], ["Trường Mầm non Hòa Bình"]]
    assert tasks[0].text == "Các trường học tổ chức khai giảng năm học mới vào ngày 05/9/2026"
    assert [t.deadline for t in tasks] == [None, date(2026, 8, 30)]


def test_exception_for_a_subset_of_hamlets():
    tasks = _tasks(
        "1. Các thôn chủ động phương án phòng chống lụt bão; riêng các thôn vùng trũng sơ tán người dân "
        "trước ngày 15/9/2026.\n"
    )
    assert [t.units for t in tasks] == [["Các thôn"], ["các thôn vùng trũng"]]


def test_heading_of_heads_of_hamlets_gives_each_its_items():
    tasks = _tasks(
        "2. Trưởng thôn Đông, thôn Tây, thôn Nam:\n"
        "- Vận động người dân di dời vật kiến trúc khỏi hành lang giao thông.\n"
        "- Thống kê các hộ chưa nộp quỹ phòng chống thiên tai.\n"
    )
    assert [t.units for t in tasks] == [["Trưởng thôn Đông", "Trưởng thôn Tây", "Trưởng thôn Nam"]] * 2


def test_heading_naming_hamlets_once_is_no_task():
    tasks = _tasks("3. Các thôn: Đông, Tây và Nam\n- Tổ chức ra quân làm đường giao thông nông thôn.\n")
    assert [t.units for t in tasks] == [["thôn Đông", "thôn Tây", "thôn Nam"]]
    assert tasks[0].text == "Tổ chức ra quân làm đường giao thông nông thôn."


def test_heads_of_hamlets_resolve_to_the_hamlets_of_the_directory():
    directory = UnitDirectory.from_yaml_text(
        "level_words: [xã]\n"
        "units:\n"
        "  - {name: Thôn Đông, kind: hamlet}\n"
        "  - {name: Thôn Tây, kind: hamlet}\n"
        "  - {name: Thôn Nam, kind: hamlet}\n"
    )
    parsed = parse_notice(
        HEAD + "1. Trưởng thôn Đông, thôn Tây và thôn Nam vận động người dân di dời vật kiến trúc.\n",
        directory=directory,
    )
    assert [t.units for t in parsed.tasks] == [["Thôn Đông", "Thôn Tây", "Thôn Nam"]]
    assert parsed.unknown_units == []
