"""Plain rows for openpyxl's write-only worksheets, written as XML text.

openpyxl's write-only mode still makes a Cell object per value, checks its type and writes it as a small
XML element one call at a time: about 20 µs a cell, so the task list of a big office's year (70,000 rows
of 11 columns) took 7 seconds of CPU by itself. The rows of that list are plain values of four kinds
(text, whole number, date, nothing), so `PlainRowsWorksheet.append_plain` writes them as the sheet's XML
text straight away, into a spool file, and `close` splices that text in before openpyxl's `</sheetData>`.
Everything else — styled header rows, column widths, frozen panes, page setup, the zip file — stays
openpyxl's.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

_EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 date system (its 1900 leap-year bug included)
_BATCH = 2000  # rows turned into text at once before the text is written out
_CACHED_TEXT = 120  # texts up to this long are escaped once (unit names, states, notice labels repeat)


def _inline_text(value: str) -> str:
    text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
    return f"<is><t{space}>{text}</t></is>"


class PlainRowsWorksheet(WriteOnlyWorksheet):
    """A write-only worksheet that also takes rows of plain values (`append_plain`), after its styled
    rows: once plain rows are appended, `append` refuses more.

    Plain rows hold str, int, float, date or None ("" counts as None); dates get the style `date_style`
    (a style id of the workbook, e.g. a styled WriteOnlyCell's `style_id`). Illegal XML control
    characters are dropped, as openpyxl refuses them."""

    def __init__(self, parent: Any, title: str) -> None:
        super().__init__(parent, title)
        self._plain: IO[bytes] | None = None
        self._appended = 0  # rows through openpyxl's own `append`
        self._letters = [get_column_letter(i) for i in range(1, 65)]
        self._text_cells: dict[str, str] = {}

    def append(self, row: Any) -> None:
        if self._plain is not None:
            raise ValueError("plain rows are the sheet's last rows")
        super().append(row)
        self._appended += 1

    def append_plain(self, rows: Iterable[Sequence[object]], *, date_style: int) -> int:
        """Append every row of `rows` (streamed); returns how many were appended."""
        if self._plain is None:
            self._plain = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        number, style, batch = self._appended, str(date_style), []
        for values in rows:
            number += 1
            batch.append(self._row(values, str(number), style))
            if len(batch) == _BATCH:
                self._spool(batch)
        self._spool(batch)
        count = number - self._appended
        self._appended = number
        return count

    def _spool(self, batch: list[str]) -> None:
        assert self._plain is not None
        # one pass over the batch's text: our own markup never holds these characters
        self._plain.write(ILLEGAL_CHARACTERS_RE.sub("", "".join(batch)).encode("utf-8"))
        batch.clear()

    def _row(self, values: Sequence[Any], number: str, date_style: str) -> str:
        parts = [f'<row r="{number}">']
        append, cells = parts.append, self._text_cells
        for letter, value in zip(self._letters, values, strict=False):
            if value is None or value == "":
                continue
            kind = type(value)
            if kind is str:
                inner = cells.get(value)
                if inner is None:
                    inner = _inline_text(value)
                    if len(value) <= _CACHED_TEXT:
                        cells[value] = inner
                append(f'<c r="{letter}{number}" t="inlineStr">{inner}</c>')
            elif kind is int or kind is float:
                append(f'<c r="{letter}{number}"><v>{value!r}</v></c>')
            elif kind is date:
                append(f'<c r="{letter}{number}" s="{date_style}"><v>{(value - _EXCEL_EPOCH).days}</v></c>')
            elif isinstance(value, bool):
                append(f'<c r="{letter}{number}" t="b"><v>{int(value)}</v></c>')
            else:
                raise TypeError(f"plain rows take str, int, float, date or None, not {kind.__name__}")
        append("</row>")
        return "".join(parts)

    def close(self) -> None:
        if self._plain is None:
            super().close()
            return
        super().close()
        path = self._writer.out  # type: ignore[attr-defined]  # set by openpyxl, not in its stubs
        with open(path, "rb") as source:
            written = source.read()  # the header rows and the tail: small
        if b"</sheetData>" in written:
            head, tail = written.split(b"</sheetData>", 1)
        else:  # a sheet without styled rows may come out as an empty element
            head, tail = written.split(b"<sheetData/>", 1)
            head += b"<sheetData>"
        with open(path, "wb") as target:
            target.write(head)
            self._plain.seek(0)
            shutil.copyfileobj(self._plain, target, 1 << 20)
            target.write(b"</sheetData>" + tail)
        self._plain.close()


def add_plain_sheet(workbook: Any, title: str) -> PlainRowsWorksheet:
    """A PlainRowsWorksheet at the end of a write-only workbook (what `create_sheet` does for its own)."""
    sheet = PlainRowsWorksheet(parent=workbook, title=title)
    workbook._add_sheet(sheet)
    return sheet


def save_fast(workbook: Any, path: Path, *, compresslevel: int = 1) -> None:
    """openpyxl's save_workbook with a lighter deflate: level 1 packs a year's task list about three
    times faster than the default 6, for a file about a quarter larger."""
    from openpyxl.writer.excel import ExcelWriter

    workbook.properties.modified = datetime.now(UTC).replace(tzinfo=None)
    with ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True, compresslevel=compresslevel) as archive:
        ExcelWriter(workbook, archive).save()
