"""The bot matches unit names exactly as `dondoc parse --units` does: the directory rebuilt from the
database after `dondoc units import` resolves every name the directory file resolves."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.parser import parse_notice
from bot.parser.directory import UnitDirectory
from bot.services.intake import unit_directory
from bot.services.units import import_directory

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)

# A ward after the 2025 reform, written for this test: the level word "phường" ends some names and may
# be left off others. (A group's aliases are not stored in the database: only its name is, on its members.)
WARD = """
level_words: [phường]
units:
  - {name: Văn phòng HĐND và UBND phường, kind: office, aliases: [Văn phòng UBND phường]}
  - {name: Phòng Văn hóa - Xã hội, kind: department}
  - {name: "Phòng Kinh tế, Hạ tầng và Đô thị", kind: department, abbreviations: [Phòng KT-HT-ĐT]}
  - {name: Trung tâm Phục vụ hành chính công phường, kind: center}
  - {name: Trung tâm Cung ứng dịch vụ công phường, kind: center}
  - {name: Công an phường, kind: police}
  - {name: Trạm Y tế phường, kind: center}
groups:
  - name: các phòng chuyên môn
    kinds: [department]
"""

NOTICE = """THÔNG BÁO
Kết luận của Chủ tịch UBND phường An Khánh tại cuộc họp giao ban ngày 02/3/2026

1. Phòng Văn hóa - Xã hội phường rà soát danh sách hộ cận nghèo, hoàn thành trước ngày 20/3/2026.
2. Trung tâm Phục vụ hành chính công chủ trì, phối hợp Trung tâm Cung ứng dịch vụ công số hóa hồ sơ.
3. Giao các phòng chuyên môn cập nhật dữ liệu dân cư.
4. Phòng KT-HT-ĐT kiểm tra các công trình xây dựng không phép.
5. Giao Hợp tác xã Rau sạch An Khánh đăng ký nhãn hiệu tập thể.
"""


def _assignments(parsed):
    return [(task.units, task.coordinators) for task in parsed.tasks], parsed.unknown_units


async def test_a_ward_directory_loaded_into_the_bot_resolves_what_the_file_resolves(repos, tmp_path):
    path = tmp_path / "units.yaml"
    path.write_text(WARD, encoding="utf-8")
    from_file = UnitDirectory.load(path)
    await import_directory(repos, from_file, now=NOW)
    from_database = await unit_directory(repos)

    by_file = parse_notice(NOTICE, directory=from_file)
    by_bot = parse_notice(NOTICE, directory=from_database)

    assert _assignments(by_bot) == _assignments(by_file)
    tasks, unknown = _assignments(by_bot)
    assert tasks[0] == (["Phòng Văn hóa - Xã hội"], [])
    assert tasks[1] == (
        ["Trung tâm Phục vụ hành chính công phường"], ["Trung tâm Cung ứng dịch vụ công phường"]
    )
    assert tasks[2] == (["Phòng Văn hóa - Xã hội", "Phòng Kinh tế, Hạ tầng và Đô thị"], [])
    assert tasks[3] == (["Phòng Kinh tế, Hạ tầng và Đô thị"], [])
    assert unknown == ["Hợp tác xã Rau sạch An Khánh"]  # unknown to the directory, kept whole
