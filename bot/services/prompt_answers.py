"""What the office types in answer to a prompt about a task: a deadline ("30/6/2026", or "không" for
none), the units by name, or a whole task it missed, read with the tenant's unit directory."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel

from bot.parser import parse_notice
from bot.services.intake import unit_directory
from storage.repositories import Repositories

_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")
_NO_DEADLINE = {"không", "khong", "bỏ", "bo", "-"}
_COORDINATE = re.compile(r"^\s*phối\s+hợp\s*:\s*", re.IGNORECASE)


def parse_deadline(text: str) -> date | Literal[False] | None:
    """A date, None to clear the deadline, or False when the text is not understood."""
    if text.strip().casefold() in _NO_DEADLINE:
        return None
    found = _DATE.match(text)
    if found is None:
        return False
    try:
        return date(int(found[3]), int(found[2]), int(found[1]))
    except ValueError:
        return False


class UnitsAnswer(BaseModel):
    leads: list[int]
    coordinators: list[int]
    unknown: list[str]  # names not in the directory

    @property
    def problem(self) -> str | None:
        """Why the answer cannot be used (review_reply.html.j2's note), or None."""
        return "unknown_units" if self.unknown else "no_units" if not self.leads else None


async def read_units(repos: Repositories, text: str) -> UnitsAnswer:
    """The units of the office's answer: one or more lines, units separated by commas or semicolons,
    coordinators after "Phối hợp:"."""
    directory = await unit_directory(repos)
    ids = await repos.units.ids_by_name()
    answer = UnitsAnswer(leads=[], coordinators=[], unknown=[])
    for line in text.splitlines():
        target = answer.coordinators if _COORDINATE.match(line) else answer.leads
        for part in _COORDINATE.sub("", line).split(";"):
            # A unit's own name may hold a comma ("Phòng Kinh tế, Hạ tầng và Đô thị"): a whole part
            # that names a unit is that unit; otherwise the commas separate units.
            names = [part] if directory.match(part) is not None else part.split(",")
            for name in names:
                if not name.strip():
                    continue
                entry = directory.match(name)
                if entry is None:
                    answer.unknown.append(name.strip())
                else:
                    target.append(ids[entry.name])
    return answer


class MissedTask(BaseModel):
    text: str
    deadline: date | None
    recurrence: str | None
    leads: list[int]
    coordinators: list[int]


async def read_missed_task(repos: Repositories, text: str) -> MissedTask | None:
    """A task the office missed, written as in a notice: the parser finds its units and deadline. None
    when no known unit is named to lead it."""
    text = " ".join(text.split())
    directory = await unit_directory(repos)
    parsed = parse_notice(text, directory=directory)
    if not parsed.tasks:
        # one sentence without the notice's cue word ("Giao …", "Đề nghị …"): read it as an assignment
        parsed = parse_notice(f"Giao {text}", directory=directory)
    ids = await repos.units.ids_by_name()
    task = parsed.tasks[0] if parsed.tasks else None
    leads = [ids[name] for name in (task.units if task else []) if name in ids]
    if task is None or not leads:
        return None
    return MissedTask(text=text, deadline=task.deadline, leads=leads,
                      recurrence=task.recurrence.value if task.recurrence else None,
                      coordinators=[ids[name] for name in task.coordinators if name in ids])
