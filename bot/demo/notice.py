"""The demo's sample notice: dated relative to the day the demo runs, uploaded as a real .docx.

The text ships as `sample_notice.txt` with `${…}` placeholders so that the deadlines are always ahead of
"today" (a fixed date would turn every task overdue a month after release).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from string import Template

from docx import Document

FILE_NAME = "45-TB-UBND-ket-luan-giao-ban.docx"
UNITS_FILE = "units.yaml"

# Deadlines in calendar days after the notice; a weekend date moves to the Monday after it.
_DEADLINES = {
    "deadline_sidewalk": 7,
    "deadline_allowance": 5,
    "deadline_dengue": 14,
    "deadline_patrol": 10,
    "deadline_data": 21,
    "deadline_market": 12,
    "deadline_procedures": 4,
}


@dataclass(frozen=True)
class SampleNotice:
    text: str
    docx: bytes
    file_name: str = FILE_NAME


def _working_day(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _previous_working_day(day: date) -> date:
    day -= timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def notice_text(today: date) -> str:
    values = {
        "issued_day": f"{today.day:02d}",
        "issued_month": f"{today.month:02d}",
        "issued_year": str(today.year),
        "meeting_on": _previous_working_day(today).strftime("%d/%m/%Y"),
    }
    for name, days in _DEADLINES.items():
        values[name] = _working_day(today + timedelta(days=days)).strftime("%d/%m/%Y")
    template = resources.files(__package__).joinpath("sample_notice.txt").read_text(encoding="utf-8")
    return Template(template).substitute(values)


def as_docx(text: str) -> bytes:
    """One paragraph per line, as a clerk's Word file has it."""
    document = Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def sample_notice(today: date) -> SampleNotice:
    text = notice_text(today)
    return SampleNotice(text=text, docx=as_docx(text))


def units_file() -> Path:
    """The demo's ward directory, as a real path (UnitDirectory.load takes a path)."""
    return Path(str(resources.files(__package__).joinpath(UNITS_FILE)))
