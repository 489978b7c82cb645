"""Date expressions in Vietnamese administrative text, and the text normalisation they need.

A *mention* is one written date or period ("15/6/2026", "ngày 05 tháng 12 năm 2025",
"tháng 7/2026", "Quý III/2025", "năm 2025", or a year-less "30/6"). Whether a mention is a
deadline is decided in `deadlines.py`; this module only finds and resolves them.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache


class Span(StrEnum):
    day = "day"
    month = "month"
    quarter = "quarter"
    half = "half"
    year = "year"


# Months a period spans, counting back from its last month.
_LENGTH = {Span.day: 1, Span.month: 1, Span.quarter: 3, Span.half: 6, Span.year: 12}


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    span: Span
    year: int | None
    month: int | None = None
    day: int | None = None

    def resolve(self, year: int | None = None) -> date | None:
        """The last day the mention covers; `year` fills in a missing year."""
        y = self.year or year
        if y is None or not 1900 <= y <= 2200:
            return None
        if self.span is Span.year:
            return date(y, 12, 31)
        if self.month is None or not 1 <= self.month <= 12:
            return None
        last = calendar.monthrange(y, self.month)[1]
        if self.span is Span.day:
            if self.day is None or not 1 <= self.day <= 31:
                return None
            # A 31st in a 30-day month is a slip of the pen for the month's last day.
            return date(y, self.month, min(self.day, last))
        return date(y, self.month, last)

    def resolve_before(self, year: int | None = None) -> date | None:
        """The day before the period starts: "trước tháng 6/2026" is 31/5/2026."""
        end = self.resolve(year)
        if end is None or self.span is Span.day:
            return end
        first_month = (self.month or 12) - _LENGTH[self.span] + 1
        return date(end.year, first_month, 1) - timedelta(days=1)


_MARKUP = re.compile(r"[*`_]+")
_QUY = re.compile(r"\bq(?:uí|úy|ui)\b")
_HANG = re.compile(r"\bhàng(?=\s+(?:ngày|tuần|tháng|quý|năm)\b)")
_UY = re.compile(r"\buỷ\b")
_SPACES = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """NFC, lower case, markup and line breaks removed, spelling variants unified."""
    text = unicodedata.normalize("NFC", text).lower()
    text = _MARKUP.sub(" ", text)
    text = text.replace("’", "'").replace("–", "-").replace("—", "-")
    text = _QUY.sub("quý", text)
    # "hàng năm" and "hằng năm" are both in use; one spelling keeps patterns short.
    text = _HANG.sub("hằng", text)
    text = _UY.sub("ủy", text)
    return _SPACES.sub(" ", text).strip()


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"((?:19|20|21)\d{2})"
_PATTERNS: list[tuple[Span, re.Pattern[str]]] = [
    # 15/6/2026, 15-6-2026, 15.6.2026
    (Span.day, re.compile(r"(?<![\d/.-])(\d{1,2}) ?([/.-]) ?(\d{1,2}) ?\2 ?" + _YEAR + r"(?!\d)")),
    # 15/6/26 (a two-digit year, only with slashes)
    (Span.day, re.compile(r"(?<![\d/.-])(\d{1,2}) ?/ ?(\d{1,2}) ?/ ?(\d{2})(?![\d/])")),
    # 31/12 năm 2025
    (Span.day, re.compile(r"(?<![\d/.-])(\d{1,2}) ?[/.-] ?(\d{1,2}) ?,? ?năm " + _YEAR + r"(?!\d)")),
    # ngày 05 tháng 12 năm 2025
    (Span.day, re.compile(r"(?<!\d)(\d{1,2}) tháng (\d{1,2}) ?(?:,? ?năm|/|-|,) ?" + _YEAR + r"(?!\d)")),
    # tháng 7/2026, tháng 12 năm 2025, tháng 01-2026
    (Span.month, re.compile(r"tháng (\d{1,2}) ?(?:,? ?năm|/|-|,) ?" + _YEAR + r"(?!\d)")),
    # Quý III/2025, Quý IV-2025, Quý I năm 2026, quý 2/2026
    (Span.quarter, re.compile(r"quý (iv|iii|ii|i|[1-4])\b ?(?:(?:,? ?năm|/|-|,) ?" + _YEAR + r"(?!\d))?")),
    # 6 tháng đầu năm 2026, sáu tháng cuối năm 2025
    (Span.half, re.compile(r"(?:0?6|sáu) tháng (đầu|cuối) năm " + _YEAR + r"(?!\d)")),
    # năm 2025
    (Span.year, re.compile(r"năm " + _YEAR + r"(?![\d/])")),
    # ngày 15 tháng 11 (no year)
    (Span.day, re.compile(r"ngày (\d{1,2}) tháng (\d{1,2})(?![\d/])")),
    # 30/6, 28-10 (no year; not a document number "01/KH" nor a decimal)
    (Span.day, re.compile(r"(?<![\d/.-])(\d{1,2}) ?[/-] ?(\d{1,2})(?![\d/]| ?[/-] ?\d)")),
    # tháng 12 (no year)
    (Span.month, re.compile(r"tháng (\d{1,2})(?![\d/])(?! ?(?:năm|-|,) ?\d)")),
]


def _mention(span: Span, match: re.Match[str]) -> Mention:
    groups = [g for g in match.groups() if g is not None and g not in "/.-"]
    s, e = match.start(), match.end()
    if span is Span.year:
        return Mention(s, e, span, int(groups[0]))
    if span is Span.half:
        return Mention(s, e, span, int(groups[1]), month=6 if groups[0] == "đầu" else 12)
    if span is Span.quarter:
        quarter = _ROMAN.get(groups[0]) or int(groups[0])
        year = int(groups[1]) if len(groups) > 1 else None
        return Mention(s, e, span, year, month=quarter * 3)
    if span is Span.month:
        year = int(groups[1]) if len(groups) > 1 else None
        return Mention(s, e, span, year, month=int(groups[0]))
    year = int(groups[2]) if len(groups) > 2 else None
    if year is not None and year < 100:
        year += 2000
    return Mention(s, e, span, year, month=int(groups[1]), day=int(groups[0]))


def find_mentions(text: str) -> list[Mention]:
    """Every date or period in already-normalised `text`, left to right, not overlapping."""
    if "quý" not in text and not _DIGIT.search(text):
        return []  # every pattern but the quarter's needs a digit: skip eleven scans of plain prose
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for span, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            s, e = match.start(), match.end()
            if any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            found.append(_mention(span, match))
    return sorted(found, key=lambda m: m.start)


def roll_forward(mention: Mention, reference: date, *, before: bool = False) -> date | None:
    """A year-less date or month: the first such day on or after the reference date."""
    resolve = mention.resolve_before if before else mention.resolve
    this_year = resolve(reference.year)
    if this_year is None or this_year >= reference:
        return this_year
    return resolve(reference.year + 1)
