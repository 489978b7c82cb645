"""The presses on a delivered notice's messages: a head's "Đã nhận" and "Tải văn bản gốc", and the
office's /chuanhan list. Each press is checked here, against the database, before anything changes."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel

from bot.services.intake import PHOTO_SOURCE_NAME
from storage.models import Notice, NoticeStatus
from storage.repositories import Repositories


class PressOutcome(StrEnum):
    done = "done"
    stale = "stale"  # the notice, unit or file is gone, or the notice is not (yet) delivered
    owner = "owner"  # the person heads none of the units the press is about


class Acknowledgement(BaseModel):
    outcome: PressOutcome
    unit_name: str = ""
    count: int = 0  # assignments acknowledged by this press (0: done before)


async def acknowledge(
    repos: Repositories, notice_id: int, unit_id: int, *, person_id: int, head_unit_ids: frozenset[int],
    now: datetime,
) -> Acknowledgement:
    """Đã nhận: every new assignment of the unit in the published notice becomes acknowledged."""
    notice = await repos.notices.get(notice_id)
    if notice is None or notice.status is not NoticeStatus.published:
        return Acknowledgement(outcome=PressOutcome.stale)
    unit = await repos.units.get(unit_id)
    if unit is None or not await repos.assignments.unit_in_notice(notice_id, unit_id):
        return Acknowledgement(outcome=PressOutcome.stale)
    if unit_id not in head_unit_ids:
        return Acknowledgement(outcome=PressOutcome.owner, unit_name=unit.name)
    changed = await repos.assignments.acknowledge_notice_for_unit(notice_id, unit_id, person_id, now)
    return Acknowledgement(outcome=PressOutcome.done, unit_name=unit.name, count=len(changed))


class SourceFile(BaseModel):
    outcome: PressOutcome
    kind: str = "document"  # how Telegram takes it back: "photo" or "document"
    file_id: str = ""
    file_name: str | None = None


async def source_file(
    repos: Repositories, notice_id: int, *, is_office: bool, head_unit_ids: frozenset[int]
) -> SourceFile:
    """Tải văn bản gốc: the stored file of a delivered notice, for the office or a head of its units."""
    notice = await repos.notices.get(notice_id)
    if notice is None or notice.status is NoticeStatus.draft or not notice.source_file_id:
        return SourceFile(outcome=PressOutcome.stale)
    units = {a.unit_id for a in await repos.assignments.for_notice(notice.id)}
    if not is_office and not units & head_unit_ids:
        return SourceFile(outcome=PressOutcome.owner)
    # A notice sent as a Telegram photo can only be resent as a photo.
    kind = "photo" if notice.source_name == PHOTO_SOURCE_NAME else "document"
    return SourceFile(outcome=PressOutcome.done, kind=kind, file_id=notice.source_file_id,
                      file_name=notice.source_name)


class NotAcknowledged(BaseModel):
    found: bool  # False: no delivered notice has the number asked for
    groups: list[tuple[Notice, list[tuple[str, int]]]]  # notice, [(unit name, tasks not acknowledged)]


async def not_acknowledged(repos: Repositories, number: str | None) -> NotAcknowledged:
    """/chuanhan: the units that have not pressed Đã nhận, of every delivered notice or of the one
    numbered `number`."""
    notice_id = None
    if number is not None:
        found = [n for n in await repos.notices.find_by_number(number) if n.status is NoticeStatus.published]
        if not found:
            return NotAcknowledged(found=False, groups=[])
        notice_id = found[0].id
    counts: dict[int, dict[str, int]] = {}
    for a in await repos.assignments.not_acknowledged(notice_id):
        units = counts.setdefault(a.notice_id, {})
        units[a.unit_name] = units.get(a.unit_name, 0) + 1
    groups = []
    for nid, units in counts.items():
        notice = await repos.notices.get(nid)
        assert notice is not None  # not_acknowledged lists assignments of existing notices
        groups.append((notice, list(units.items())))
    return NotAcknowledged(found=True, groups=groups)
