"""What `/tonghop <đơn vị | số thông báo>` asks about, and for which period.

The argument is a notice number first ("37/TB-UBND", ignoring case and spaces), then a unit, matched the
way the office's unit commands match one (bot.services.units.match_unit: exact or near spelling, then a
unique name containing the words typed). Several matching units, or only close names, are offered back
rather than guessed.
"""

from __future__ import annotations

from datetime import date
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from bot.services.units import match_unit
from storage.models import Notice, NoticeStatus, Unit
from storage.repositories import Repositories


class DigestTarget(BaseModel):
    kind: Literal["all", "unit", "notice", "unknown", "ambiguous"]
    query: str = ""
    unit: Unit | None = None
    notice: Notice | None = None
    # Unit names to offer: every match when ambiguous, the closest spellings when unknown.
    candidates: list[str] = Field(default_factory=list)


async def _find_notice(repos: Repositories, text: str) -> Notice | None:
    found = await repos.notices.find_by_number(text)
    # A number reused over the years: the latest published notice; a draft is never a digest target.
    return next((n for n in found if n.status == NoticeStatus.published), None)


async def resolve_target(repos: Repositories, text: str) -> DigestTarget:
    query = " ".join(text.split())
    if not query:
        return DigestTarget(kind="all")
    notice = await _find_notice(repos, query)
    if notice is not None:
        return DigestTarget(kind="notice", query=query, notice=notice)
    match = match_unit(await repos.units.list(), query)
    if match.unit is not None:
        return DigestTarget(kind="unit", query=query, unit=match.unit)
    return DigestTarget(kind="ambiguous" if match.ambiguous else "unknown", query=query,
                        candidates=[unit.name for unit in match.candidates])


def digest_period(target: DigestTarget, today: date, tz: ZoneInfo) -> tuple[date | None, date]:
    """The reporting period: a notice's whole life (from its publication), otherwise the current month so
    far — the month is how the office reports to the committee."""
    notice = target.notice
    if target.kind == "notice" and notice is not None:
        start = notice.published_at.astimezone(tz).date() if notice.published_at else notice.issued_on
        return (min(start, today) if start else None), today
    return today.replace(day=1), today
