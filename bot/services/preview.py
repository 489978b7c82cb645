"""What the office sees before publishing: units with their task counts and nearest deadlines, unknown
unit names with the closest known units, tasks nobody was given, tasks the parser was unsure of, and the
sentences that look like orders but gave no task (the safety net)."""

from __future__ import annotations

import zlib
from datetime import date

from pydantic import BaseModel
from rapidfuzz import fuzz, process

from bot.parser.directory_match import match_key
from storage.models import AssignmentRole, Candidate, Notice, Task, Unit
from storage.repositories import Repositories

SUGGESTIONS = 3


class UnitLine(BaseModel):
    unit_id: int
    name: str
    lead: int = 0
    coordinate: int = 0
    nearest_deadline: date | None = None


class UnknownName(BaseModel):
    name: str
    key: int  # stable id of the name for buttons (see name_id)
    tasks: int
    suggestions: list[Unit]


class NoticePreview(BaseModel):
    notice: Notice
    tasks: int
    units: list[UnitLine]
    unknown: list[UnknownName]
    orphans: list[Task]  # tasks with neither a unit nor an unknown name
    # tasks to look at twice: a unit name not in the directory, or a doubt of the parser (Task.flags)
    flagged: list[Task] = []
    candidates: list[Candidate] = []  # open safety-net sentences, in the notice's order


def name_id(name: str) -> int:
    """A button refers to an unknown name by this checksum, not by its position: positions shift as
    names are resolved, so a late press on an old keyboard would hit the wrong name."""
    return zlib.crc32(name.encode())


def find_name(notice: Notice, key: int) -> str | None:
    matches = [name for name in notice.unresolved_names() if name_id(name) == key]
    return matches[0] if len(matches) == 1 else None


def suggest(name: str, units: list[Unit], limit: int = SUGGESTIONS) -> list[Unit]:
    """The known units whose names are closest to `name` (any kind of body: the office decides)."""
    if not units:
        return []
    choices = {unit.id: match_key(unit.name) for unit in units}
    ranked = process.extract(match_key(name), choices, scorer=fuzz.token_set_ratio, limit=limit)
    by_id = {unit.id: unit for unit in units}
    return [by_id[unit_id] for _, _, unit_id in ranked]


def summarise(notice: Notice, units: list[Unit], candidates: list[Candidate] | None = None) -> NoticePreview:
    tasks = notice.tasks or []
    lines: dict[int, UnitLine] = {}
    for task in tasks:
        for unit in task.units:
            line = lines.setdefault(unit.unit_id, UnitLine(unit_id=unit.unit_id, name=unit.unit_name))
            if unit.role is AssignmentRole.lead:
                line.lead += 1
            else:
                line.coordinate += 1
            if task.deadline and (line.nearest_deadline is None or task.deadline < line.nearest_deadline):
                line.nearest_deadline = task.deadline
    unknown = [
        UnknownName(
            name=name, key=name_id(name), suggestions=suggest(name, units),
            tasks=sum(1 for t in tasks if any(u.name == name for u in t.unresolved)),
        )
        for name in notice.unresolved_names()
    ]
    orphans = [t for t in tasks if not t.units and not t.unresolved]
    flagged = [t for t in tasks if t.flags or t.unresolved]
    return NoticePreview(notice=notice, tasks=len(tasks), units=list(lines.values()), unknown=unknown,
                         orphans=orphans, flagged=flagged, candidates=candidates or [])


async def load_preview(repos: Repositories, notice_id: int) -> NoticePreview | None:
    notice = await repos.notices.get_with_tasks(notice_id)
    if notice is None:
        return None
    return summarise(notice, await repos.units.list(), await repos.candidates.open_for_notice(notice_id))
