"""Assignment tables (appendices): columns found by their header words, one task per row."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.parser.deadlines import find_deadline, find_recurrence
from bot.parser.models import ParsedTask, TaskKind
from bot.parser.structure import Row, split_marker
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


def header_columns(cells: list[str]) -> Columns | None:
    cols = Columns(len(cells))
    for i, cell in enumerate(cells):
        c = cell.strip()
        if _NUMBER.match(c):
            cols.number = i
        elif _TIME.search(c) and len(c) < 60 and cols.time is None:
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
    return cols


def _cell(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def _task_text(text: str) -> str:
    style, _label, body = split_marker(text)
    return body if style in ("dash", "plus", "bullet") else text


def table_tasks(rows: list[Row], reference: date | None) -> list[ParsedTask]:
    tasks: list[ParsedTask] = []
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
        time_cell = _cell(cells, cols.time)
        deadline = find_deadline(time_cell, reference=reference) if time_cell else None
        if deadline is None:
            deadline = find_deadline(text, reference=reference)
        recurrence = find_recurrence(time_cell) if time_cell else None
        if recurrence is None:
            recurrence = find_recurrence(text)
        label = number.rstrip(".") if number else ""
        section = "PL." + (label if roman else ".".join(p for p in (group, label) if p))
        tasks.append(
            ParsedTask(
                text=text,
                units=split_units(lead_cell),
                coordinators=split_units(coord_cell),
                kind=TaskKind.request if text.lower().startswith("đề nghị") else TaskKind.assign,
                deadline=deadline,
                recurrence=recurrence,
                section=section,
            )
        )
    return tasks
