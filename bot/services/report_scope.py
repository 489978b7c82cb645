"""What one report covers (a period, and optionally one unit or one notice), and its encoding in a
button's callback data as four integers: unit id, notice id (0 for none), start and end as yyyymmdd."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel


def _day(value: int) -> date | None:
    return None if value == 0 else date(value // 10000, value // 100 % 100, value % 100)


class ReportScope(BaseModel):
    start: date | None
    end: date
    unit_id: int | None = None
    notice_id: int | None = None

    def ids(self) -> tuple[int, int, int, int]:
        start = int(self.start.strftime("%Y%m%d")) if self.start else 0
        return self.unit_id or 0, self.notice_id or 0, start, int(self.end.strftime("%Y%m%d"))

    @classmethod
    def from_ids(cls, ids: tuple[int, ...]) -> ReportScope | None:
        """None for anything that is not four valid numbers (a forged button)."""
        try:
            unit_id, notice_id, start, end = ids
            end_day = _day(end)
            if end_day is None:
                return None
            return cls(start=_day(start), end=end_day, unit_id=unit_id or None, notice_id=notice_id or None)
        except ValueError:
            return None
