"""`dondoc units import FILE`: the directory lands in the database once, however often it is run, from
YAML or from the list clerks keep in Excel or CSV; a list with a bad row imports nothing."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.cli import main as dondoc
from bot.parser.directory import UnitDirectory
from bot.services.units import ImportCounts, directory_specs
from messages.render import render
from storage.db import open_database
from storage.repositories import FIRST_TENANT, Repositories

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "deploy" / "units.example.yaml"
HEADER = ["STT", "Tên đơn vị", "Loại", "Tên khác", "Viết tắt", "Nhóm"]


@pytest.fixture
def units_import(tmp_path, monkeypatch, capsys):
    """`dondoc units import FILE --db tmp/units.sqlite3` in this process: (exit code, stdout, stderr)."""
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("DONDOC_"):
            monkeypatch.delenv(name)

    def run(path: Path) -> tuple[int, str, str]:
        code = dondoc(["units", "import", str(path), "--db", str(tmp_path / "units.sqlite3")])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _units(db_path: Path):
    async def read():
        db = await open_database(db_path, migrate=False)
        try:
            return await Repositories(db, FIRST_TENANT).units.list(active_only=False)
        finally:
            await db.close()

    return [(u.name, u.kind, u.aliases, u.groups) for u in asyncio.run(read())]


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _as_table(directory: UnitDirectory) -> list[list[object]]:
    """The directory as a clerk would type it: one row per unit, lists split by ";" or line breaks."""
    groups = {spec.name: spec.groups for spec in directory_specs(directory)}
    rows: list[list[object]] = [["DANH MỤC ĐƠN VỊ NHẬN NHIỆM VỤ"], [], HEADER]
    for number, unit in enumerate(directory.units, 1):
        rows.append([number, unit.name, unit.kind, "; ".join(unit.aliases), "\n".join(unit.abbreviations),
                     "; ".join(groups[unit.name])])
    return rows


def test_importing_the_example_twice_gives_the_same_units_and_says_nothing_changed(units_import, tmp_path):
    total = len(UnitDirectory.load(EXAMPLE).units)

    first = units_import(EXAMPLE)
    after_first = _units(tmp_path / "units.sqlite3")
    second = units_import(EXAMPLE)

    assert first[0] == second[0] == 0, first[2] + second[2]
    assert first[1] == (
        f'Đã nhập danh mục đơn vị "{EXAMPLE}": {total} đơn vị ({total} mới, 0 cập nhật, 0 không đổi).\n'
    )
    assert second[1] == (
        f'Đã nhập danh mục đơn vị "{EXAMPLE}": {total} đơn vị (0 mới, 0 cập nhật, {total} không đổi).\n'
    )
    assert len(after_first) == total
    assert after_first == _units(tmp_path / "units.sqlite3")


def test_the_example_is_a_commune_after_the_2025_reform():
    directory = UnitDirectory.load(EXAMPLE)
    names = {unit.name for unit in directory.units}
    assert {"Văn phòng HĐND và UBND xã", "Phòng Kinh tế", "Phòng Văn hóa - Xã hội",
            "Trung tâm Phục vụ hành chính công xã", "Công an xã", "Ban Chỉ huy Quân sự xã"} <= names
    assert len(directory.expand("các thôn")) == 6
    assert {u.name for u in directory.expand("các phòng chuyên môn")} == {
        "Văn phòng HĐND và UBND xã", "Phòng Kinh tế", "Phòng Văn hóa - Xã hội"
    }
    assert not any("quận" in name or "huyện" in name for name in names)  # no district level any more


def test_a_list_kept_in_excel_or_csv_gives_the_same_units_as_the_yaml(units_import, tmp_path):
    directory = UnitDirectory.load(EXAMPLE)
    total = len(directory.units)
    table = _as_table(directory)
    xlsx = _xlsx(tmp_path / "don-vi.xlsx", table)
    csv_file = tmp_path / "don-vi.csv"
    csv_lines = [",".join('"' + str(cell).replace('"', '""') + '"' for cell in row) for row in table]
    csv_file.write_text("\n".join(csv_lines) + "\n", encoding="utf-8-sig")  # Excel's "CSV UTF-8"

    from_excel = units_import(xlsx)
    from_csv = units_import(csv_file)
    from_table = _units(tmp_path / "units.sqlite3")
    (tmp_path / "units.sqlite3").unlink()
    assert units_import(EXAMPLE)[0] == 0
    from_yaml = _units(tmp_path / "units.sqlite3")

    assert from_excel == (
        0, f'Đã nhập danh mục đơn vị "{xlsx}": {total} đơn vị ({total} mới, 0 cập nhật, 0 không đổi).\n', ""
    )
    assert from_csv == (
        0, f'Đã nhập danh mục đơn vị "{csv_file}": {total} đơn vị (0 mới, 0 cập nhật, {total} không đổi).\n',
        "",
    )
    # The same units, names, kinds and aliases; each unit in the same groups (a table lists them in the
    # order the file first names them).
    def as_sets(units):
        return [(*unit[:3], set(unit[3])) for unit in units]

    assert as_sets(from_table) == as_sets(from_yaml)
    by_name = {unit[0]: unit[1:] for unit in from_table}
    assert by_name["Ban Chỉ huy Quân sự xã"] == (
        "military", ["Quân sự xã", "BCHQS xã"], ["các phòng, ban, ngành", "Khối lực lượng vũ trang"]
    )


@pytest.mark.parametrize(
    ("header", "delimiter", "encoding"),
    [
        ("name,kind,aliases,abbreviations,groups", ",", "utf-8"),
        ("Tên đơn vị;Loại;Tên khác;Viết tắt;Nhóm", ";", "utf-8-sig"),
        ("TEN DON VI,LOAI,TEN KHAC,VIET TAT,NHOM", ",", "utf-8-sig"),
    ],
    ids=["english", "vietnamese-semicolons-bom", "no-diacritics"],
)
def test_a_csv_reads_its_columns_by_header(units_import, tmp_path, header, delimiter, encoding):
    d = delimiter
    path = tmp_path / "units.csv"
    path.write_text(
        f"{header}\n"
        f'"Phòng Kinh tế, Hạ tầng và Đô thị"{d}department{d}Phòng Kinh tế - Hạ tầng - Đô thị{d}'
        f"Phòng KT-HT-ĐT{d}các phòng chuyên môn\n"
        f"Tổ dân phố 1{d}residential_group{d}{d}{d}\"các tổ dân phố; các phòng, ban, ngành\"\n",
        encoding=encoding,
    )

    code, _out, err = units_import(path)

    assert (code, err) == (0, "")
    assert _units(tmp_path / "units.sqlite3") == [
        ("Phòng Kinh tế, Hạ tầng và Đô thị", "department",
         ["Phòng Kinh tế - Hạ tầng - Đô thị", "Phòng KT-HT-ĐT"], ["các phòng chuyên môn"]),
        ("Tổ dân phố 1", "residential_group", [], ["các tổ dân phố", "các phòng, ban, ngành"]),
    ]


def test_bad_rows_are_listed_by_row_number_and_nothing_is_imported(units_import, tmp_path):
    path = _xlsx(tmp_path / "don-vi.xlsx", [
        ["DANH MỤC ĐƠN VỊ XÃ AN LẠC"],
        [],
        HEADER,
        [1, "Phòng Kinh tế", "department"],
        [2, None, "department", "Phòng Văn hóa và Xã hội"],
        [3, "Công an xã", "police"],
        [4, "Phòng kinh tế", "department"],
        [5, "Thôn Đông", "hamlet", None, None, "Công an xã"],
        [6, "Thôn Tây", "hamlet", None, "Công an xã"],
    ])

    code, out, err = units_import(path)

    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f'Không nhập gì từ "{path}": 4 lỗi, hãy sửa rồi nhập lại.',
        "- Dòng 5: thiếu tên đơn vị.",
        '- Dòng 7: tên "Phòng kinh tế" đã dùng cho đơn vị ở dòng 4.',
        '- Dòng 8: nhóm "Công an xã" trùng tên với đơn vị ở dòng 6.',
        '- Dòng 9: tên "Công an xã" đã dùng cho đơn vị ở dòng 6.',
    ]
    assert not (tmp_path / "units.sqlite3").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cp1258.csv", "Tên đơn vị\nPhòng Kinh tế\n".encode("cp1258", "replace"),
         'Tệp "{path}" không phải CSV mã UTF-8 (tiếng Việt sẽ bị lỗi font): trong Excel chọn Lưu dưới dạng'
         ' "CSV UTF-8", hoặc nhập thẳng tệp .xlsx.'),
        ("address.csv", "Tên đơn vị,Địa chỉ\nPhòng Kinh tế,Thôn Đông\n".encode(),
         'Không nhập "{path}": dòng tiêu đề (dòng 1) có cột không rõ: Địa chỉ. Các cột dùng được: Tên đơn vị'
         " (bắt buộc), Loại, Tên khác, Viết tắt, Nhóm; cột STT và Ghi chú được bỏ qua."),
        ("no-header.csv", "Phòng Kinh tế,department\n".encode(),
         'Không tìm thấy dòng tiêu đề trong "{path}": cần một cột "Tên đơn vị" (hoặc "name") ở một trong 10'
         " dòng đầu; các cột: Tên đơn vị (bắt buộc), Loại, Tên khác, Viết tắt, Nhóm."),
        ("only-header.csv", "Tên đơn vị,Loại\n\n".encode(),
         'Không nhập "{path}": không có đơn vị nào dưới dòng tiêu đề.'),
        ("old.xls", b"\xd0\xcf\x11\xe0",
         'Không đọc được "{path}": tệp .xls (Excel 97-2003) chưa được hỗ trợ; hãy mở bằng Excel và lưu lại'
         ' dạng .xlsx hoặc "CSV UTF-8".'),
        ("renamed.xlsx", b"Ten don vi\n",
         'Không đọc được "{path}" như một tệp Excel .xlsx: tệp hỏng hoặc không phải bảng tính; hãy lưu lại'
         " bằng Excel."),
    ],
)
def test_a_file_that_cannot_be_read_as_a_unit_list_is_one_clear_line(units_import, tmp_path, name, content,
                                                                      message):
    path = tmp_path / name
    path.write_bytes(content)

    code, out, err = units_import(path)

    assert (code, out, err) == (1, "", message.format(path=path) + "\n")
    assert not (tmp_path / "units.sqlite3").exists()


def test_an_edited_directory_updates_changed_units_and_keeps_the_others(units_import, tmp_path):
    small = tmp_path / "small.yaml"
    small.write_text(
        "units:\n  - name: Phòng Kinh tế\n    kind: department\n  - name: Thôn Đông\n    kind: hamlet\n",
        encoding="utf-8",
    )
    assert units_import(small)[0] == 0
    small.write_text(
        "units:\n  - name: Phòng Kinh tế\n    kind: department\n    abbreviations: [PKT]\n"
        "  - name: Thôn Tây\n    kind: hamlet\n",
        encoding="utf-8",
    )

    _code, out, _err = units_import(small)

    assert out.splitlines() == [
        f'Đã nhập danh mục đơn vị "{small}": 2 đơn vị (1 mới, 1 cập nhật, 0 không đổi).',
        "1 đơn vị đã có trong cơ sở dữ liệu nhưng không có trong tệp; giữ nguyên.",
    ]
    units = {name: aliases for name, _kind, aliases, _groups in _units(tmp_path / "units.sqlite3")}
    assert units == {"Phòng Kinh tế": ["PKT"], "Thôn Đông": [], "Thôn Tây": []}


def test_a_missing_or_broken_yaml_directory_is_one_clear_line_and_changes_nothing(units_import, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("units: [\n", encoding="utf-8")

    missing = units_import(tmp_path / "nope.yaml")
    invalid = units_import(broken)

    assert missing == (1, "", f'Không tìm thấy danh mục đơn vị "{tmp_path / "nope.yaml"}".\n')
    assert invalid == (1, "", f'Danh mục đơn vị "{broken}" không phải tệp YAML hợp lệ.\n')
    assert not (tmp_path / "units.sqlite3").exists()


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
