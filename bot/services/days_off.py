"""/ngaynghi dd/mm/yyyy [lý do]: an admin adds a day without reminders or digests (a bridge day, a local
event). Weekends and public holidays are already off; a past day changes nothing."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

import holidays
from pydantic import BaseModel

from bot.config import Settings
from bot.services.reminders import work_calendar
from storage.repositories import Repositories


class DayOffOutcome(BaseModel):
    outcome: Literal["added", "known", "already_off", "past", "usage"]
    day: date | None = None
    reason: str = ""
    holiday: str | None = None


def _holiday_vi(day: date) -> str | None:
    # The calendar's names are English; people read the Vietnamese ones.
    return holidays.country_holidays("VN", language="vi", years=day.year).get(day)


def parse_day(text: str) -> date | None:
    try:
        return datetime.strptime(text.strip(), "%d/%m/%Y").date()  # noqa: DTZ007 - a calendar day
    except ValueError:
        return None


async def add_day_off(
    repos: Repositories, settings: Settings, args: list[str], by: int, now: datetime
) -> DayOffOutcome:
    day = parse_day(args[0]) if args else None
    if day is None:
        return DayOffOutcome(outcome="usage")
    reason = " ".join(args[1:]).strip()[:200]
    if day < now.astimezone(settings.tz).date():
        return DayOffOutcome(outcome="past", day=day, reason=reason)
    calendar = await work_calendar(repos, settings)
    if not calendar.is_working_day(day):
        known = any(d.day == day for d in await repos.reminders.days_off(day, day))
        if known:
            return DayOffOutcome(outcome="known", day=day, reason=reason)
        return DayOffOutcome(outcome="already_off", day=day, reason=reason, holiday=_holiday_vi(day))
    await repos.reminders.add_day_off(day, reason, added_by=by, now=now)
    return DayOffOutcome(outcome="added", day=day, reason=reason)
