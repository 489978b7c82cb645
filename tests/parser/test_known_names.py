"""A unit name spelled out whole elsewhere (recipients list, unit directory) ends a sentence's
subject before any verb, even one the parser has never seen."""

from bot.parser import parse_notice
from bot.parser.directory import UnitDirectory, UnitEntry

BODY = """II. TỔ CHỨC THỰC HIỆN

1. Phòng Văn hóa và Thông tin phường quảng bá lễ hội đường phố trên các nền tảng số.

2. Trung tâm Văn hóa - Thể thao phường dàn dựng chương trình nghệ thuật khai mạc.
"""


def test_a_name_from_the_recipients_list_ends_the_subject():
    text = BODY + "\nNơi nhận:\n- Phòng Văn hóa và Thông tin;\n- Trung tâm Văn hóa - Thể thao;\n- Lưu: VT.\n"
    first, second = parse_notice(text).tasks
    assert first.units == ["Phòng Văn hóa và Thông tin phường"]  # "phường" carries the name on
    assert second.units == ["Trung tâm Văn hóa - Thể thao phường"]


def test_a_name_from_the_unit_directory_ends_the_subject():
    text = "1. Đội Quản lý trật tự đô thị xuống đường dẹp bỏ quán xá lấn chiếm lòng đường.\n"
    directory = UnitDirectory(units=[UnitEntry(name="Đội Quản lý trật tự đô thị", kind="team")])
    (task,) = parse_notice(text, directory=directory).tasks
    assert task.units == ["Đội Quản lý trật tự đô thị"]
    without = parse_notice(text).tasks
    assert without == [] or without[0].units != ["Đội Quản lý trật tự đô thị"]
