"""A unit directory from the list clerks keep in Excel (.xlsx) or export as CSV: one row per unit.

Columns, found by their header (any order, any case, with or without diacritics):
  name (Tên đơn vị, required) · kind (Loại) · aliases (Tên khác) · abbreviations (Viết tắt) · groups (Nhóm)
"STT" and "Ghi chú" columns are allowed and ignored, and title rows above the header are skipped.
A cell holding several names separates them with ";" or line breaks, never commas: unit and group names
contain commas ("Phòng Kinh tế, Hạ tầng và Đô thị", "các phòng, ban, ngành"). A unit's groups are the
groups it belongs to; a group is every unit that names it.

Every bad row is reported with its row number as the spreadsheet shows it, and a file with any bad row
gives no directory at all, so an import never loads half a list.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from pydantic import BaseModel

from bot.parser.directory import DirectoryError, UnitDirectory
from bot.parser.directory_match import match_key

COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "ten don vi", "ten", "don vi"),
    "kind": ("kind", "loai", "loai don vi"),
    "aliases": ("aliases", "ten khac", "ten goi khac"),
    "abbreviations": ("abbreviations", "viet tat", "ten viet tat"),
    "groups": ("groups", "nhom", "thuoc nhom"),
}
IGNORED_COLUMNS = ("stt", "tt", "so thu tu", "ghi chu", "note", "notes")
# A title and a blank line or two above the header are common; a header further down is not a header.
_HEADER_SEARCH_ROWS = 10


class RowProblem(BaseModel):
    row: int  # as the spreadsheet numbers it (a header in the first row makes the first unit row 2)
    problem: str  # missing_name, duplicate_name, group_is_unit
    value: str = ""
    other_row: int | None = None


class UnitTableError(DirectoryError):
    """reason: not_found, not_utf8, not_xlsx, xls, no_header, unknown_columns, duplicate_column, empty,
    rows (see `problems`), invalid."""

    def __init__(self, reason: str, detail: str = "", *, row: int | None = None,
                 columns: Sequence[str] = (), problems: Sequence[RowProblem] = ()) -> None:
        super().__init__(reason, detail)
        self.row = row
        self.columns = list(columns)
        self.problems = list(problems)


def load_units(path: Path) -> UnitDirectory:
    """The directory in `path`: .xlsx and .csv as tables, anything else as YAML (deploy/units.example.yaml).
    Raises DirectoryError (UnitTableError for a table) when it cannot be used."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise UnitTableError("xls")
    if suffix == ".xlsx":
        return from_rows(_xlsx_rows(path))
    if suffix == ".csv":
        return from_rows(_csv_rows(path))
    return UnitDirectory.load(path)


def _plain(text: str) -> str:
    # Headers typed with or without diacritics, "Tên đơn vị" or "TEN DON VI".
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().replace(":", " ").split())


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores "1" typed in a cell as 1.0
    if isinstance(value, datetime | date):
        value = value.strftime("%d/%m/%Y")
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _names(cell: str) -> list[str]:
    parts = (" ".join(part.split()) for line in cell.split("\n") for part in line.split(";"))
    return [part for part in parts if part]


def _xlsx_rows(path: Path) -> list[list[str]]:
    try:
        book = load_workbook(path, data_only=True)
    except FileNotFoundError as error:
        raise UnitTableError("not_found", str(error)) from error
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UnitTableError("not_xlsx", str(error)) from error
    sheet = book.active if book.active is not None else book.worksheets[0]
    return [[_cell(value) for value in row] for row in sheet.iter_rows(min_row=1, values_only=True)]


def _csv_rows(path: Path) -> list[list[str]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a BOM
    except FileNotFoundError as error:
        raise UnitTableError("not_found", str(error)) from error
    except UnicodeDecodeError as error:
        # Excel's plain "CSV" is the Windows code page (1258 for Vietnamese), not UTF-8.
        raise UnitTableError("not_utf8", str(error)) from error
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)  # ";" where the list separator is ";"
    return [[_cell(value) for value in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _header(rows: Sequence[Sequence[str]]) -> tuple[int, dict[str, int]]:
    """(row index, field -> column index) of the first row naming the name column."""
    by_header = {header: field for field, headers in COLUMNS.items() for header in headers}
    for index, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        plain = [_plain(cell) for cell in row]
        if not any(by_header.get(cell) == "name" for cell in plain):
            continue
        columns: dict[str, int] = {}
        unknown, twice = [], []
        for position, (cell, written) in enumerate(zip(plain, row, strict=True)):
            if not cell or cell in IGNORED_COLUMNS:
                continue
            field = by_header.get(cell)
            if field is None:
                unknown.append(written)
            elif field in columns:
                twice.append(written)
            else:
                columns[field] = position
        if unknown:
            raise UnitTableError("unknown_columns", row=index + 1, columns=unknown)
        if twice:
            raise UnitTableError("duplicate_column", row=index + 1, columns=twice)
        return index, columns
    raise UnitTableError("no_header")


def from_rows(rows: Sequence[Sequence[str]]) -> UnitDirectory:
    """The directory a table describes (rows of cell texts, the header among the first rows)."""
    header, columns = _header(rows)
    units: list[dict[str, object]] = []
    members: dict[str, list[str]] = {}  # group name as first written -> unit names
    owners: dict[str, tuple[int, str]] = {}  # name key -> (row, unit name) of every unit name/alias
    group_rows: dict[str, tuple[int, str]] = {}  # group key -> first row naming it
    problems: list[RowProblem] = []

    def field(row: Sequence[str], name: str) -> str:
        position = columns.get(name)
        return row[position] if position is not None and position < len(row) else ""

    for number, row in _numbered(rows, start=header + 1):
        name = " ".join(field(row, "name").split())
        if not name:
            problems.append(RowProblem(row=number, problem="missing_name"))
            continue
        aliases, abbreviations = _names(field(row, "aliases")), _names(field(row, "abbreviations"))
        for written in (name, *aliases, *abbreviations):
            owner = owners.setdefault(match_key(written), (number, name))
            if owner[0] != number:
                problems.append(RowProblem(row=number, problem="duplicate_name", value=written,
                                           other_row=owner[0]))
        for group in _names(field(row, "groups")):
            first = group_rows.setdefault(match_key(group), (number, group))
            members.setdefault(first[1], []).append(name)
        units.append({"name": name, "kind": field(row, "kind").strip() or "other",
                      "aliases": aliases, "abbreviations": abbreviations})
    for key, (number, group) in group_rows.items():
        if key in owners:
            problems.append(RowProblem(row=number, problem="group_is_unit", value=group,
                                       other_row=owners[key][0]))
    if problems:
        raise UnitTableError("rows", problems=sorted(problems, key=lambda p: p.row))
    if not units:
        raise UnitTableError("empty")
    groups = [{"name": group, "members": names} for group, names in members.items()]
    try:
        return UnitDirectory.from_data({"units": units, "groups": groups})
    except DirectoryError as error:
        # A clash the row checks above cannot see (names equal once the level word is dropped).
        raise UnitTableError("invalid", error.detail) from error


def _numbered(rows: Sequence[Sequence[str]], start: int) -> Iterable[tuple[int, Sequence[str]]]:
    """Rows below the header with their spreadsheet numbers, blank rows left out."""
    for index in range(start, len(rows)):
        if any(cell.strip() for cell in rows[index]):
            yield index + 1, rows[index]
