"""`dondoc units import FILE`: the directory lands in the database once, however often it is run."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.parser.directory import UnitDirectory
from bot.services.units import ImportCounts, directory_specs
from messages.render import render
from storage.db import open_database
from storage.repositories import Repositories
from tests.cli import dondoc

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "deploy" / "units.example.yaml"


async def _units(db_path: Path):
    db = await open_database(db_path, migrate=False)
    try:
        return await Repositories(db).units.list(active_only=False)
    finally:
        await db.close()


def test_importing_the_example_twice_gives_the_same_units_and_says_nothing_changed(tmp_path):
    db_path = tmp_path / "units.sqlite3"
    total = len(UnitDirectory.load(EXAMPLE).units)

    first = dondoc("units", "import", str(EXAMPLE), "--db", str(db_path))
    after_first = asyncio.run(_units(db_path))
    second = dondoc("units", "import", str(EXAMPLE), "--db", str(db_path))
    after_second = asyncio.run(_units(db_path))

    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert first.stdout.strip() == (
        f'Đã nhập danh mục đơn vị "{EXAMPLE}": {total} đơn vị ({total} mới, 0 cập nhật, 0 không đổi).'
    )
    assert second.stdout.strip() == (
        f'Đã nhập danh mục đơn vị "{EXAMPLE}": {total} đơn vị (0 mới, 0 cập nhật, {total} không đổi).'
    )
    assert len(after_first) == total
    assert [(u.id, u.name, u.kind, u.aliases, u.groups) for u in after_first] == [
        (u.id, u.name, u.kind, u.aliases, u.groups) for u in after_second
    ]


def test_an_edited_directory_updates_changed_units_and_keeps_the_others(tmp_path):
    db_path = tmp_path / "units.sqlite3"
    small = tmp_path / "small.yaml"
    small.write_text(
        "units:\n  - name: Phòng Nội vụ\n    kind: department\n  - name: Phường 1\n    kind: ward\n",
        encoding="utf-8",
    )
    assert dondoc("units", "import", str(small), "--db", str(db_path)).returncode == 0
    small.write_text(
        "units:\n  - name: Phòng Nội vụ\n    kind: department\n    abbreviations: [PNV]\n"
        "  - name: Phường 2\n    kind: ward\n",
        encoding="utf-8",
    )

    result = dondoc("units", "import", str(small), "--db", str(db_path))

    assert result.stdout.splitlines() == [
        f'Đã nhập danh mục đơn vị "{small}": 2 đơn vị (1 mới, 1 cập nhật, 0 không đổi).',
        "1 đơn vị đã có trong cơ sở dữ liệu nhưng không có trong tệp; giữ nguyên.",
    ]
    units = {u.name: u for u in asyncio.run(_units(db_path))}
    assert units["Phòng Nội vụ"].aliases == ["PNV"]
    assert set(units) == {"Phòng Nội vụ", "Phường 1", "Phường 2"}


def test_a_missing_or_broken_directory_is_one_clear_line_and_changes_nothing(tmp_path):
    db_path = tmp_path / "units.sqlite3"
    broken = tmp_path / "broken.yaml"
    broken.write_text("units: [\n", encoding="utf-8")

    missing = dondoc("units", "import", str(tmp_path / "nope.yaml"), "--db", str(db_path))
    invalid = dondoc("units", "import", str(broken), "--db", str(db_path))

    assert missing.returncode == invalid.returncode == 1
    assert missing.stderr.strip() == f'Không tìm thấy danh mục đơn vị "{tmp_path / "nope.yaml"}".'
    assert invalid.stderr.strip() == f'Danh mục đơn vị "{broken}" không phải tệp YAML hợp lệ.'
    assert not db_path.exists()


def test_groups_of_the_directory_are_recorded_on_their_member_units():
    specs = {spec.name: spec for spec in directory_specs(UnitDirectory.load(EXAMPLE))}
    directory = UnitDirectory.load(EXAMPLE)
    for group in directory.groups:
        for member in directory.expand(group.name):
            assert group.name in specs[member.name].groups
    with_abbreviation = next(u for u in directory.units if u.abbreviations)
    assert set(with_abbreviation.abbreviations) <= set(specs[with_abbreviation.name].aliases)


def test_units_imported_template_is_vietnamese_text_without_escaping():
    counts = ImportCounts(added=1, updated=2, unchanged=3, not_in_file=0)
    text = render("cli/units_imported.txt.j2", path="đơn vị <b>&.yaml", counts=counts, total=6)
    assert text == 'Đã nhập danh mục đơn vị "đơn vị <b>&.yaml": 6 đơn vị (1 mới, 2 cập nhật, 3 không đổi).'
