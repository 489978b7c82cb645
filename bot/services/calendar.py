"""Working days and the send window: Vietnamese public holidays, weekends, and days off an admin adds.

Holidays come from the `holidays` package (Tết, Hùng Kings' day, 30/4, 1/5, 2/9 and the day next to it,
and the substitute days off the government announces). A Saturday the government turns into a working day
in exchange for a bridge holiday (`weekend_workdays`, e.g. 22/08/2026) counts as a working day, because the
offices are open; an admin's extra day off always wins.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

from bot.config import ReminderPolicy

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# Tết alone is up to nine days in a row; two months of search is far beyond any real run of days off.
_MAX_SCAN_DAYS = 60
# The working-day index grows by at least this much, so a sweep over years of assignments builds it once.
_INDEX_MARGIN_DAYS = 400


class NoWorkingDayError(RuntimeError):
    """Raised when no working day exists within the scan range (an admin marked months off)."""


class WorkCalendar:
    def __init__(
        self,
        *,
        days_off: Iterable[date] = (),
        tz: ZoneInfo = VN_TZ,
        window_start: time = time(7, 30),
        window_end: time = time(17, 0),
    ) -> None:
        self.days_off = frozenset(days_off)
        self.tz = tz
        self.window_start = window_start
        self.window_end = window_end
        # expand=True fills in each year on first lookup, so any year works without listing them.
        self._holidays = holidays.country_holidays("VN", expand=True)
        self._cache: dict[date, bool] = {}
        # Sorted ordinals of the working days in [_lo, _hi]: counting and stepping are a bisect, not a
        # day-by-day walk (the sweep does this for every open assignment every minute).
        self._lo = self._hi = 0
        self._workdays: list[int] = []

    @classmethod
    def from_policy(
        cls, policy: ReminderPolicy, *, days_off: Iterable[date] = (), tz: ZoneInfo = VN_TZ
    ) -> WorkCalendar:
        return cls(
            days_off={*policy.extra_days_off, *days_off},
            tz=tz,
            window_start=policy.window_start,
            window_end=policy.window_end,
        )

    def holiday_name(self, day: date) -> str | None:
        return self._holidays.get(day)

    def is_working_day(self, day: date) -> bool:
        cached = self._cache.get(day)
        if cached is None:
            if day in self.days_off or day in self._holidays:
                cached = False
            elif day.weekday() >= 5:
                cached = day in self._holidays.weekend_workdays
            else:
                cached = True
            self._cache[day] = cached
        return cached

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        return self.working_day_on_or_after(day + timedelta(days=1))

    def working_day_on_or_after(self, day: date) -> date:
        for offset in range(_MAX_SCAN_DAYS):
            candidate = day + timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        raise NoWorkingDayError(f"no working day within {_MAX_SCAN_DAYS} days after {day}")

    def working_day_on_or_before(self, day: date) -> date:
        for offset in range(_MAX_SCAN_DAYS):
            candidate = day - timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        raise NoWorkingDayError(f"no working day within {_MAX_SCAN_DAYS} days before {day}")

    def _index(self, first: date, second: date) -> list[int]:
        lo, hi = sorted((first.toordinal(), second.toordinal()))
        lo, hi = lo - _MAX_SCAN_DAYS, hi + _MAX_SCAN_DAYS
        if lo < self._lo or hi > self._hi:
            lo = min(lo, self._lo or lo) - _INDEX_MARGIN_DAYS
            hi = max(hi, self._hi) + _INDEX_MARGIN_DAYS
            self._workdays = [o for o in range(lo, hi + 1) if self.is_working_day(date.fromordinal(o))]
            self._lo, self._hi = lo, hi
        return self._workdays

    def add_working_days(self, day: date, n: int) -> date:
        """The n-th working day after `day` (before it when n < 0); `day` itself when n == 0."""
        if n == 0:
            return day
        # Make sure the index reaches n working days away (at most ~2 calendar days per working day + Tết).
        reach = timedelta(days=2 * abs(n) + _MAX_SCAN_DAYS)
        workdays = self._index(day, day - reach if n < 0 else day + reach)
        if n > 0:
            return date.fromordinal(workdays[bisect_right(workdays, day.toordinal()) + n - 1])
        return date.fromordinal(workdays[bisect_left(workdays, day.toordinal()) + n])

    def working_days_between(self, start: date, end: date) -> int:
        """Working days d with start < d <= end; negative when end is before start."""
        workdays = self._index(start, end)
        return bisect_right(workdays, end.toordinal()) - bisect_right(workdays, start.toordinal())

    def local(self, now: datetime) -> datetime:
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        return now.astimezone(self.tz)

    def local_date(self, now: datetime) -> date:
        return self.local(now).date()

    def in_window(self, now: datetime) -> bool:
        local = self.local(now)
        return self.is_working_day(local.date()) and self.window_start <= local.time() < self.window_end

    def window_open(self, day: date) -> datetime:
        """The window opening on `day`, as an aware UTC datetime."""
        return datetime.combine(day, self.window_start, tzinfo=self.tz).astimezone(UTC)

    def next_window_open(self, now: datetime) -> datetime:
        """`now` if the window is open, else the next opening (today's, or the next working day's)."""
        if self.in_window(now):
            return now.astimezone(UTC)
        local = self.local(now)
        if self.is_working_day(local.date()) and local.time() < self.window_start:
            return self.window_open(local.date())
        return self.window_open(self.next_working_day(local.date()))
