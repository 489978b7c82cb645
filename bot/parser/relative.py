"""Deadlines counted from the notice's issue date: "chậm nhất 05 ngày làm việc kể từ ngày ban hành",
"trong thời hạn 10 ngày kể từ ngày ký".

"ngày làm việc" counts working days (no weekends, no Vietnamese public holidays, the Saturdays the
government turns into working days counted); plain "ngày" counts calendar days, and a period that ends
on a day off ends on the next working day (Bộ luật Dân sự 2015, Điều 148). Counting starts the day
after the issue date.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

import holidays

_RELATIVE = re.compile(
    r"(?:chậm nhất|muộn nhất|trong (?:thời hạn|vòng|thời gian)|trong|không quá|sau)\s+(?:là\s+)?"
    r"(?P<count>\d{1,3})\s+ngày(?P<working>\s+làm việc)?\s*,?\s*(?:tính\s+)?kể từ\s+(?:ngày\s+)?"
    r"(?:ban hành|ký|văn bản|thông báo|kế hoạch|công văn|quyết định)"
)
_LONGEST_SCAN = 400  # days; no relative deadline runs past this


@lru_cache(maxsize=1)
def _calendar() -> holidays.HolidayBase:
    return holidays.country_holidays("VN", expand=True)


def _working(day: date) -> bool:
    days_off = _calendar()
    if day in days_off:
        return False
    return day.weekday() < 5 or day in days_off.weekend_workdays


def relative_deadline(text: str, issued: date | None) -> date | None:
    """The date a "… ngày (làm việc) kể từ ngày ban hành" deadline in normalised `text` falls on."""
    if issued is None:
        return None
    m = _RELATIVE.search(text)
    if m is None:
        return None
    count = int(m.group("count"))
    if count == 0 or count > _LONGEST_SCAN:
        return None
    if m.group("working"):
        day, left = issued, count
        while left:
            day += timedelta(days=1)
            left -= _working(day)
        return day
    day = issued + timedelta(days=count)
    while not _working(day) and day - issued < timedelta(days=_LONGEST_SCAN):
        day += timedelta(days=1)
    return day
