"""Notice text -> a flat list of blocks: paragraphs (with their list marker) and table rows.

Readers and pasted text disagree on line breaks: PDF and web scrapes hard-wrap paragraphs (sometimes
with a blank line after every wrapped line), docx gives one paragraph per line. Paragraphs are rebuilt
here from list markers, sentence ends, letter case and the width of wrapped lines (wrapping.py).
Every block remembers where it lies in the source text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.parser.markers import clean_inline, split_marker
from bot.parser.wrapping import is_bold, is_table_line, joins, wrap_width

_PAGE_NUMBER = re.compile(r"\d{1,3}")
_RULE = re.compile(r"[-: ]*")  # a markdown table's |---|---| line
_BODY_CELL = 1000  # characters; no task-table cell is this long
_LONG_CELL_LINES = 30  # no table cell runs this many lines: it is body text after the table


@dataclass(frozen=True)
class Line:
    start: int  # offset of the line in the source text
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text.rstrip())


@dataclass
class Para:
    text: str  # cleaned: no markdown emphasis, marker included
    bold: bool = False
    style: str | None = None  # marker style, see markers.py
    label: str = ""  # "2.8", "IV", "a", "1" ...
    body: str = ""  # text after the marker
    start: int = 0  # [start, end) of the paragraph's lines in the source text
    end: int = 0


@dataclass
class Row:
    cells: list[str] = field(default_factory=list)
    table: int = 0  # index of the table region; rows of one region share it
    start: int = 0
    end: int = 0


Block = Para | Row


def source_lines(text: str) -> list[Line]:
    lines, offset = [], 0
    for raw in text.split("\n"):
        lines.append(Line(offset, raw))
        offset += len(raw) + 1
    return lines


def blocks(text: str) -> list[Block]:
    """Rebuild paragraphs and table rows from (already normalised) notice text."""
    return _blocks(source_lines(text))


def _para(raw: list[Line]) -> Para | None:
    cleaned = clean_inline(" ".join(line.text.strip() for line in raw))
    if not cleaned:
        return None
    style, label, body = split_marker(cleaned)
    start = raw[0].start + len(raw[0].text) - len(raw[0].text.lstrip())
    return Para(cleaned, is_bold(raw[0].text), style, label, body, start, raw[-1].end)


def _blocks(lines: list[Line]) -> list[Block]:
    texts = [line.text for line in lines]
    width = wrap_width(texts)
    items: list[Block] = []
    raw: list[Line] = []  # physical lines of the paragraph being built
    raw_length = 0  # their stripped length, kept as lines come rather than summed again for each
    prev_blank = False
    table_index = 0
    i = 0

    def flush() -> None:
        nonlocal raw_length
        raw_length = 0
        if raw:
            para = _para(raw)
            if para is not None:
                items.append(para)
            raw.clear()

    while i < len(lines):
        line = lines[i]
        text = line.text
        stripped = text.strip()
        if stripped == "|":
            flush()
            table_index += 1
            i = _lone_pipe_table(lines, i, items, table_index)
            prev_blank = False
            continue
        if is_table_line(text):
            flush()
            if not (items and isinstance(items[-1], Row)):
                table_index += 1
            parts = text.split("\t") if "\t" in text else text.strip().strip("|").split("|")
            cells = [clean_inline(c) for c in parts]
            if not all(_RULE.fullmatch(c) for c in cells):
                items.append(Row(cells, table_index, line.start, line.end))
            i += 1
            continue
        if not stripped:
            prev_blank = True
            i += 1
            continue
        if _PAGE_NUMBER.fullmatch(stripped) and raw and not raw[-1].text.rstrip().endswith((".", ":")):
            i += 1  # a page number printed inside a paragraph that goes on to the next page
            continue
        if raw and joins(raw[0].text, raw[-1].text, text, width, not prev_blank, raw_length):
            raw.append(line)
        else:
            flush()
            raw.append(line)
        raw_length += len(stripped)
        prev_blank = False
        i += 1
    flush()
    return items


def _lone_pipe_table(lines: list[Line], i: int, items: list[Block], table_index: int) -> int:
    """Cells one per line (or several wrapped lines) between lone '|' lines; '|' '|' ends a row.

    Text after the last '|' that no '|' closes is not a cell: it is the body of the notice.
    """
    cells: list[str] = []
    cell: list[Line] = []
    row_start = lines[i].start
    cell_start = i
    saw_cell_in_row = False
    while i < len(lines):
        stripped = lines[i].text.strip()
        if stripped == "|":
            if cell and sum(len(line.text) for line in cell) > _BODY_CELL:
                # A letter laid out in a table ("Kính gửi: | <the whole letter>"): its text is the body,
                # placed between the cells before it and the signature cells after it.
                if cells:
                    items.append(Row(cells, table_index, row_start, cell[0].start))
                    cells = []
                items.extend(item for item in _blocks(cell) if isinstance(item, Para))
                cell = []
                saw_cell_in_row = False
                row_start = lines[i].start
            elif cell:
                cells.append(clean_inline(" ".join(line.text.strip() for line in cell)))
                cell = []
                saw_cell_in_row = True
            elif saw_cell_in_row:
                items.append(Row(cells, table_index, row_start, lines[i].end))
                cells, saw_cell_in_row = [], False
                row_start = lines[i].start
            i += 1
            cell_start = i
            continue
        if not stripped:
            if cell:
                break
            nxt = next((ln.text.strip() for ln in lines[i + 1 :] if ln.text.strip()), "")
            if nxt != "|":
                break
            i += 1
            cell_start = i
            continue
        cell.append(lines[i])
        if len(cell) > _LONG_CELL_LINES:
            break
        i += 1
    if cells:
        items.append(Row(cells, table_index, row_start, lines[max(i - 1, 0)].end))
    return cell_start if cell else i
