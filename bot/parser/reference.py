"""The dates a notice's deadlines are read against: its meeting or issue date, and for news items that
carry neither, what the text itself says about when it was written and which period it plans for.

A year-less deadline ("trước ngày 30/9") takes its year from, in order: the meeting or issue date; a
dateline with a year ("Sáng 12/3/2026, …"); the school year the text is about ("năm học 2026 - 2027":
September to December in 2026, January to August in 2027); the publication date ("Ngày đăng:
28/10/2026"); the latest year the text names for the coming period (not a horizon such as "đến năm
2030"). All but the first two only supply a year (the reference is not firm) and the task is flagged
`year_inferred` for the office to check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.parser.models import NoticeMeta

# A dateline opening a paragraph, as news and relayed directives write it: "Ngày 08/4/2026, UBND
# huyện …", "Sáng 12/3/2026, …", "Chiều ngày 06/4/2023, …".
_DATELINE = re.compile(
    r"^\W*(?:(?:Sáng|Chiều|Tối|Trưa)\s+)?(?:ngày\s+)?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\b",
    re.IGNORECASE | re.MULTILINE,
)
# When a portal published the item: "Ngày đăng: 28/10/2026", "Cập nhật lúc 09:15 28/10/2026",
# "28/10/2026 | 20:48".
_PUBLISHED = re.compile(
    r"(?:Ngày đăng|Đăng ngày|Ngày cập nhật|Cập nhật|Ngày xuất bản|Thời gian đăng)\s*:?\s*(?:lúc\s*)?"
    r"(?:\d{1,2}:\d{2}(?::\d{2})?\s*,?\s*)?(?:ngày\s+)?(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"
    r"|(\d{1,2})/(\d{1,2})/(\d{4})\s*[|,-]?\s*\d{1,2}:\d{2}",
    re.IGNORECASE,
)
_SCHOOL_YEAR = re.compile(r"năm học\s+(\d{4})\s*[-–]\s*(\d{4})", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d/])năm\s+(\d{4})(?![\d/])", re.IGNORECASE)
# A year that is a horizon or a span's end, not the period the text plans for.
_HORIZON = re.compile(
    r"(?:đến|tới|tầm nhìn|giai đoạn|nhiệm kỳ|định hướng|\d{4}\s*[-–])\s*(?:hết\s+)?$", re.IGNORECASE
)
_HEAD = 3000  # characters: where datelines and publication lines are
# A notice published weeks after its meeting may still set deadlines just before the publication.
_PUBLICATION_LAG = timedelta(days=30)


@dataclass(frozen=True)
class Reference:
    """`on`: the date year-less deadlines roll forward from; `firm`: it is the notice's own date
    (dates long before it are past), not a year read from the text; `issued`: the issue date, from
    which "… ngày làm việc kể từ ngày ban hành" counts; `school_year`: the first year of the school
    year the text is about."""

    on: date | None
    firm: bool
    issued: date | None = None
    school_year: int | None = None


def _dmy(groups: tuple[str | None, ...]) -> date | None:
    values = [int(g) for g in groups if g]
    if len(values) < 3:
        return None
    day, month, year = values[:3]
    try:
        return date(year, month, day)
    except ValueError:
        return None


def reference_date(meta: NoticeMeta, text: str) -> Reference:
    school = _SCHOOL_YEAR.search(text)
    school_year = None
    if school and int(school.group(2)) == int(school.group(1)) + 1:
        school_year = int(school.group(1))
    if meta.meeting_on or meta.issued_on:
        return Reference(meta.meeting_on or meta.issued_on, True, meta.issued_on, school_year)
    dateline = _DATELINE.search(text[:_HEAD])
    found = _dmy(dateline.groups()) if dateline else None
    if found is not None:
        return Reference(found, True, None, school_year)
    published = _PUBLISHED.search(text[:_HEAD])
    found = _dmy(published.groups()) if published else None
    if found is not None:
        return Reference(found - _PUBLICATION_LAG, False, None, school_year)
    years = [
        int(m.group(1))
        for m in _YEAR.finditer(text)
        if not _HORIZON.search(text[max(0, m.start() - 30) : m.start()])
    ]
    return Reference(date(max(years), 1, 1) if years else None, False, None, school_year)
