"""Find a task's deadline and recurrence in Vietnamese notice text."""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date

from bot.parser.models import Recurrence

_DMY = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)")
_DEADLINE_CUE = re.compile(r"(trước|chậm nhất|hoàn thành|hạn)", re.IGNORECASE)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def find_deadline(text: str, *, reference: date | None) -> date | None:
    text = _nfc(text)
    found: list[date] = []
    for match in _DMY.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        if not _DEADLINE_CUE.search(before):
            continue
        day, month, year = (int(g) for g in match.groups())
        if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
            found.append(date(year, month, day))
    return max(found) if found else None


def find_recurrence(text: str) -> Recurrence | None:
    low = _nfc(text).lower()
    for word, rec in (
        ("ngày", Recurrence.daily),
        ("tuần", Recurrence.weekly),
        ("tháng", Recurrence.monthly),
        ("quý", Recurrence.quarterly),
        ("năm", Recurrence.yearly),
    ):
        if re.search(rf"h[ằà]ng {word}", low):
            return rec
    if "định kỳ" in low:
        return Recurrence.periodic
    return None
