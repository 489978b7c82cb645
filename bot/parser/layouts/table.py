"""Assignment tables (appendices): columns found by their header words, one task per row.

A table region is read on its own, apart from the outline of the paragraphs around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.parser.address import Addressee
from bot.parser.blocks import Para, Row
from bot.parser.layouts.base import Candidate, Fields
from bot.parser.markers import split_marker
from bot.parser.models import TaskKind
from bot.parser.units import split_units

_CONTENT = re.compile(r"nội dung|nhiệm vụ|công việc|hoạt động|tên đề án|giải pháp", re.IGNORECASE)
_NOT_TASKS = re.compile(r"thủ tục|tiêu chí|chỉ tiêu|mức giá|đơn giá", re.IGNORECASE)
_LEAD = re.compile(r"chủ trì", re.IGNORECASE)
_COORD = re.compile(r"phối hợp", re.IGNORECASE)
_DOER = re.compile(r"(?:cơ quan|đơn vị)\s*(?:thực hiện|thực hiện chính|đảm nhận)|thực hiện$", re.IGNORECASE)
_TIME = re.compile(r"thời gian|thời hạn|tiến độ|hoàn thành|thời điểm", re.IGNORECASE)
_NUMBER = re.compile(r"^(?:TT|STT|Số TT)$", re.IGNORECASE)
_GROUP = re.compile(r"^([IVX]+)\.?\s*(.*)$")


@dataclass
class Columns:
    size: int
    number: int | None = None
    content: int | None = None
    lead: int | None = None
    coord: int | None = None
    doer: int | None = None
    time: int | None = None


_HEADER_CELL = 60  # characters; a column header is a label, never a sentence


def header_columns(cells: list[str]) -> Columns | None:
    """The header row's columns. Cells before its first header cell are not the table's: a signature
    block or an appendix title scraped into the same row ("Nơi nhận … | PHỤ LỤC … | STT | Nội dung …")."""
    cols = Columns(len(cells))
    for i, cell in enumerate(cells):
        c = cell.strip()
        if len(c) >= _HEADER_CELL:
            continue
        if _NUMBER.match(c):
            cols.number = i
        elif _TIME.search(c) and cols.time is None:
            cols.time = i
        elif _LEAD.search(c) and cols.lead is None:
            cols.lead = i
        elif _COORD.search(c) and cols.coord is None:
            cols.coord = i
        elif _CONTENT.search(c) and cols.content is None and not _NOT_TASKS.search(c):
            cols.content = i
        elif _DOER.search(c) and cols.doer is None:
            cols.doer = i
    if cols.content is None or (cols.lead is None and cols.doer is None):
        return None
    indexes = (cols.number, cols.content, cols.lead, cols.coord, cols.doer, cols.time)
    first = min(i for i in indexes if i is not None)
    if first:
        shifted = (None if i is None else i - first for i in indexes)
        cols = Columns(cols.size - first, *shifted)
    return cols


def _cell(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def _task_text(text: str) -> str:
    style, _label, body = split_marker(text)
    return body if style in ("dash", "plus", "bullet") else text


def table_tasks(rows: list[Row]) -> list[Candidate]:
    tasks: list[Candidate] = []
    cols: Columns | None = None
    group = ""
    above = ""  # the lead cell of the row above: a vertically merged cell leaves the next ones empty
    for row in rows:
        cells = row.cells
        found = header_columns(cells)
        if found:
            cols = found
            continue
        if cols is None:
            continue
        if len(cells) <= 2 < cols.size:
            # A group title spanning the table ("I. NÂNG CAO NHẬN THỨC").
            m = _GROUP.match(cells[0]) if cells else None
            if m:
                group = m.group(1)
            above = ""
            continue
        cells = cells + [""] * (cols.size - len(cells))  # trailing empty cells lost with trailing tabs
        number = _cell(cells, cols.number)
        text = _task_text(_cell(cells, cols.content))
        lead_cell = _cell(cells, cols.lead) if cols.lead is not None else _cell(cells, cols.doer)
        coord_cell = _cell(cells, cols.coord)
        if cols.lead is not None and cols.doer is not None and not coord_cell:
            coord_cell = _cell(cells, cols.doer)
        roman = _GROUP.match(number)
        if roman and roman.group(1):
            group = roman.group(1)
            above = ""  # a merged cell never runs into a new group
        if text and text == lead_cell:
            above = ""
            continue  # a merged group-title row repeats its title in every cell
        lead_cell = lead_cell or above
        above = lead_cell
        if not text or not lead_cell:
            continue
        label = number.rstrip(".") if number else ""
        section = "PL." + (label if roman else ".".join(p for p in (group, label) if p))
        kind = TaskKind.request if text.lower().startswith("đề nghị") else TaskKind.assign
        who = Addressee(split_units(lead_cell), split_units(coord_cell), kind, text)
        tasks.append(
            Candidate(
                text=text,
                addressee=who,
                start=row.start,
                end=row.end,
                section=section,
                fields=Fields(time=_cell(cells, cols.time)),
                layout="table",
                time_first=True,
            )
        )
    return tasks


def table_regions(blocks: list[Para | Row]) -> list[list[Row]]:
    """Consecutive table rows, merged while only blank space separates them."""
    groups: list[list[Row]] = []
    previous_was_row = False
    for item in blocks:
        if isinstance(item, Row):
            if previous_was_row or (groups and _continues(groups[-1], item)):
                groups[-1].append(item)
            else:
                groups.append([item])
            previous_was_row = True
        else:
            previous_was_row = False
    return groups


def _continues(group: list[Row], row: Row) -> bool:
    return bool(group) and len(group[-1].cells) == len(row.cells) and len(row.cells) > 2
