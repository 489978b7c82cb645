"""Plain notice text -> a flat list of paragraphs and table rows.

Readers and pasted text disagree on line breaks: PDF and web scrapes hard-wrap paragraphs (sometimes
with a blank line after every wrapped line), docx gives one paragraph per line. Paragraphs are rebuilt
here from list markers, sentence ends, letter case and the width of wrapped lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.parser.markers import clean_inline, normalize, split_marker
from bot.parser.wrapping import is_bold, is_table_line, joins, wrap_width

__all__ = ["Item", "Para", "Row", "clean_inline", "normalize", "paragraphs", "split_marker"]

_PAGE_NUMBER = re.compile(r"\d{1,3}")
_BODY_CELL = 1000  # characters; no task-table cell is this long


@dataclass
class Para:
    text: str  # cleaned: no markdown emphasis, marker included
    bold: bool = False
    style: str | None = None  # marker style, see markers.py
    label: str = ""  # "2.8", "IV", "a", "1" ...
    body: str = ""  # text after the marker


@dataclass
class Row:
    cells: list[str] = field(default_factory=list)
    table: int = 0  # index of the table region; rows of one region share it


Item = Para | Row


def paragraphs(text: str) -> list[Item]:
    """Rebuild paragraphs and table rows from notice text."""
    lines = normalize(text).split("\n")
    width = wrap_width(lines)
    items: list[Item] = []
    raw: list[str] = []  # physical lines of the paragraph being built
    prev_blank = False
    table_index = 0
    i = 0

    def flush() -> None:
        if raw:
            joined = " ".join(part.strip() for part in raw)
            cleaned = clean_inline(joined)
            if cleaned:
                style, label, body = split_marker(cleaned)
                items.append(Para(cleaned, is_bold(raw[0]), style, label, body))
            raw.clear()

    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped == "|":
            flush()
            table_index += 1
            i = _lone_pipe_table(lines, i, items, table_index)
            prev_blank = False
            continue
        if is_table_line(line):
            flush()
            if not (items and isinstance(items[-1], Row)):
                table_index += 1
            cells = [
                c for c in (line.strip().strip("|").split("|") if "\t" not in line else line.split("\t"))
            ]
            cells = [clean_inline(c) for c in cells]
            if not all(re.fullmatch(r"[-: ]*", c) for c in cells):
                items.append(Row(cells, table_index))
            i += 1
            continue
        if not stripped:
            prev_blank = True
            i += 1
            continue
        if _PAGE_NUMBER.fullmatch(stripped) and raw and not raw[-1].rstrip().endswith((".", ":")):
            i += 1  # a page number printed inside a paragraph that goes on to the next page
            continue
        if raw and joins(raw[0], raw[-1], line, width, not prev_blank, sum(len(r.strip()) for r in raw)):
            raw.append(line)
        else:
            flush()
            raw.append(line)
        prev_blank = False
        i += 1
    flush()
    return items


def _lone_pipe_table(lines: list[str], i: int, items: list[Item], table_index: int) -> int:
    """Cells one per line (or several wrapped lines) between lone '|' lines; '|' '|' ends a row.

    Text after the last '|' that no '|' closes is not a cell: it is the body of the notice.
    """
    cells: list[str] = []
    cell: list[str] = []
    cell_start = i
    saw_cell_in_row = False
    while i < len(lines):
        stripped = lines[i].strip()
        if stripped == "|":
            if cell and sum(len(line) for line in cell) > _BODY_CELL:
                # A letter laid out in a table ("Kính gửi: | <the whole letter>"): its text is the body,
                # placed between the cells before it and the signature cells after it.
                if cells:
                    items.append(Row(cells, table_index))
                    cells = []
                items.extend(item for item in paragraphs("\n".join(cell)) if isinstance(item, Para))
                cell = []
                saw_cell_in_row = False
            elif cell:
                cells.append(clean_inline(" ".join(cell)))
                cell = []
                saw_cell_in_row = True
            elif saw_cell_in_row:
                items.append(Row(cells, table_index))
                cells, saw_cell_in_row = [], False
            i += 1
            cell_start = i
            continue
        if not stripped:
            if cell:
                break
            nxt = next((ln.strip() for ln in lines[i + 1 :] if ln.strip()), "")
            if nxt != "|":
                break
            i += 1
            cell_start = i
            continue
        cell.append(stripped)
        if len(cell) > 30:  # no table cell runs this long: it is body text after the table
            break
        i += 1
    if cells:
        items.append(Row(cells, table_index))
    return cell_start if cell else i
