"""Reporting periods as people name them: "tuần này", "tháng này", "quý này", "năm nay", or two dates.

`split_period(text, today)` takes the period off the front of a command's argument and returns the rest
(a unit or a notice number), so `/tonghop quý này Công an phường` and `/baocao 01/10/2026 31/12/2026` read
naturally. Pure: dates in, dates out.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel

PeriodKind = Literal["week", "month", "quarter", "year", "dates"]

_WORDS: tuple[tuple[PeriodKind, re.Pattern[str]], ...] = (
    ("week", re.compile(r"^\s*tu[aầ]n\s+n[aà]y\b", re.IGNORECASE)),
    ("month", re.compile(r"^\s*th[aá]ng\s+n[aà]y\b", re.IGNORECASE)),
    ("quarter", re.compile(r"^\s*qu[yý]\s+n[aà]y\b", re.IGNORECASE)),
    ("year", re.compile(r"^\s*n[aă]m\s+nay\b", re.IGNORECASE)),
)
_DATE = r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})"
_DATES = re.compile(rf"^\s*(?:từ\s+)?{_DATE}\s*(?:-|–|—|đến|tới)?\s*{_DATE}\b", re.IGNORECASE)


class Period(BaseModel):
    kind: PeriodKind
    start: date
    end: date


class PeriodProblem(BaseModel):
    """Dates that were typed but cannot make a period (an impossible date, or the end before the start)."""

    text: str


def current(kind: PeriodKind, today: date) -> Period:
    """This week (from Monday), month, quarter or year, up to today."""
    if kind == "week":
        start = today - timedelta(days=today.weekday())
    elif kind == "month":
        start = today.replace(day=1)
    elif kind == "quarter":
        start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    else:
        start = date(today.year, 1, 1)
    return Period(kind=kind if kind != "dates" else "month", start=start, end=today)


def split_period(text: str, today: date) -> tuple[Period | PeriodProblem | None, str]:
    """(the period named at the start of `text`, or None; the rest of the text)."""
    for kind, pattern in _WORDS:
        match = pattern.match(text)
        if match:
            return current(kind, today), text[match.end():].strip()
    match = _DATES.match(text)
    if match is None:
        return None, text.strip()
    try:
        start = date(int(match[3]), int(match[2]), int(match[1]))
        end = date(int(match[6]), int(match[5]), int(match[4]))
    except ValueError:
        return PeriodProblem(text=match[0].strip()), text[match.end():].strip()
    if end < start:
        return PeriodProblem(text=match[0].strip()), text[match.end():].strip()
    return Period(kind="dates", start=start, end=end), text[match.end():].strip()
