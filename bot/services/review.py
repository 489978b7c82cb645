"""The office's corrections to a draft beyond units and deadline: turn a candidate sentence into a task
or dismiss it, add a task, remove one, split one in two, rewrite its text, give one unit a role.

Plain values in, models out; None when the draft or task is gone (published, cancelled, replaced) or the
input cannot be used, and then nothing has changed."""

from __future__ import annotations

import itertools
import re
import zlib
from datetime import date, datetime

from bot.parser.deadlines import find_deadline, find_recurrence
from storage.models import AssignmentRole, Candidate, CandidateStatus, Task, UnresolvedUnit
from storage.repositories import Repositories

# A sentence ends at . ! ? before a capital, a digit or a list marker, at ; and at a line break…
_END = re.compile(r"(?<=[.!?;])\s+|\s*\n\s*")
_STARTS = "-+•*"
# …but not after an abbreviation or a list number: "TP. Hồ Chí Minh", "Q. 1", "v.v. Các …", "2. Phòng …".
_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:[A-ZĐ]{1,3}|Tp|v\.v)\.$|(?:^|[.!?;:]\s+|\n\s*)\d{1,2}\.$")
_SPACES = re.compile(r"\s+")
# Telegram delivers a task inside one message; a task the office types is capped well below that.
MAX_TEXT = 3500
# The order a press on a unit in the picker gives it: none -> lead -> coordinate -> none.
_NEXT_ROLE = {None: AssignmentRole.lead, AssignmentRole.lead: AssignmentRole.coordinate,
              AssignmentRole.coordinate: None}


def clean_text(text: str | None) -> str | None:
    """The text the office typed for a task, or None when it is empty or too long to deliver."""
    cleaned = (text or "").strip()
    return cleaned if cleaned and len(cleaned) <= MAX_TEXT else None


def text_check(text: str) -> int:
    """A checksum of a task's text for split buttons, so a press on an old list of sentences (the text
    was edited since) is refused instead of cutting the new text at the wrong place."""
    return zlib.crc32(text.encode())


def split_points(text: str) -> list[int]:
    """Offsets in `text` where a sentence ends and the next begins: where a split may cut."""
    points = []
    for match in _END.finditer(text):
        before, after = text[: match.start()], text[match.end():]
        if not before.strip() or not after.strip():
            continue
        if "\n" not in match.group() and before[-1] != ";" and (
                _ABBREVIATION.search(before) or not (after[0].isupper() or after[0].isdigit()
                                                     or after[0] in _STARTS)):
            continue
        points.append(match.end())
    return points


def sentences(text: str) -> list[str]:
    cuts = [0, *split_points(text), len(text)]
    return [text[a:b].strip() for a, b in itertools.pairwise(cuts)]


async def take_candidate(repos: Repositories, candidate_id: int, *, by: int, now: datetime) -> Task | None:
    """The candidate sentence becomes a task, given to the units it names (names the directory does not
    know wait for the office's choice like any unknown name), with the deadline it states."""
    candidate = await repos.candidates.get(candidate_id)
    notice = await repos.notices.get(candidate.notice_id) if candidate else None
    if candidate is None or notice is None or candidate.status is not CandidateStatus.open:
        return None
    ids = await repos.units.ids_by_name()
    leads = [ids[name] for name in candidate.units if name in ids]
    unknown = [UnresolvedUnit(name=name, role=AssignmentRole.lead)
               for name in candidate.units if name not in ids]
    deadline = find_deadline(candidate.text, reference=notice.meeting_on or notice.issued_on)
    try:
        async with repos.db.transaction():
            task = await repos.tasks.add_draft_task(
                notice.id, candidate.text, leads=leads, unresolved=unknown, deadline=deadline,
                recurrence=find_recurrence(candidate.text), span_start=candidate.span_start, by=by, now=now)
            if task is None or not await repos.candidates.settle(
                    candidate.id, CandidateStatus.taken, task_id=task.id, by=by, now=now):
                raise _Undo
    except _Undo:
        # Settled by a second press meanwhile, or the draft is gone: the task was rolled back with it.
        return None
    return task


class _Undo(Exception):
    """Rolls back the transaction of take_candidate; never escapes this module."""


async def dismiss_candidate(
    repos: Repositories, candidate_id: int, *, by: int, now: datetime
) -> Candidate | None:
    candidate = await repos.candidates.get(candidate_id)
    if candidate is None or not await repos.candidates.settle(candidate_id, CandidateStatus.dismissed, by=by,
                                                             now=now):
        return None
    return candidate


async def add_task(repos: Repositories, notice_id: int, text: str, *, by: int, now: datetime) -> Task | None:
    """A task the office pastes: no units or deadline yet (the picker and the deadline prompt follow)."""
    cleaned = clean_text(text)
    if cleaned is None:
        return None
    return await repos.tasks.add_draft_task(notice_id, cleaned, by=by, now=now)


async def split_at(
    repos: Repositories, task: Task, cut: int, check: int, *, by: int, now: datetime
) -> tuple[Task, Task] | None:
    """Split after the cut-th sentence boundary of the task's text, if the text is still the one the
    office saw (check)."""
    points = split_points(task.text)
    if text_check(task.text) != check or not 1 <= cut <= len(points):
        return None
    offset = points[cut - 1]
    first, second = task.text[:offset].strip(), task.text[offset:].strip()
    start = None if task.span_start is None else task.span_start + offset
    return await repos.tasks.split_draft_task(task.id, first, second, second_start=start, by=by, now=now)


def _cut_out(text: str, part: str) -> tuple[str, int] | None:
    """`text` without `part` (compared with runs of spaces as one space) and where part started in the
    normalised text; None when part is not a proper piece of text."""
    flat, piece = _SPACES.sub(" ", text).strip(), _SPACES.sub(" ", part).strip()
    where = flat.find(piece) if piece else -1
    if where < 0:
        return None
    rest = (flat[:where].rstrip(" ;,") + " " + flat[where + len(piece):].lstrip(" ;,.")).strip()
    return (rest, where) if rest else None


async def split_off(
    repos: Repositories, task: Task, pasted: str, *, by: int, now: datetime
) -> tuple[Task, Task] | None:
    """The office pasted the part of the task that is a second task: it is cut out and follows."""
    second = clean_text(pasted)
    found = _cut_out(task.text, second) if second else None
    if second is None or found is None:
        return None
    first, where = found
    start = None if task.span_start is None else task.span_start + where
    return await repos.tasks.split_draft_task(task.id, first, _SPACES.sub(" ", second), second_start=start,
                                              by=by, now=now)


async def set_deadline(repos: Repositories, task_id: int, deadline: date | None, *, by: int, now: datetime
                       ) -> Task | None:
    return await repos.tasks.set_task_deadline(task_id, deadline, by=by, now=now)


async def set_units(repos: Repositories, task_id: int, leads: list[int], coordinators: list[int], *, by: int,
                    now: datetime) -> Task | None:
    return await repos.tasks.set_task_units(task_id, leads, coordinators, by=by, now=now)


async def remove_task(repos: Repositories, task_id: int, *, by: int, now: datetime) -> Task | None:
    """The task as it was before it was removed from the draft."""
    return await repos.tasks.remove_draft_task(task_id, by=by, now=now)


async def cancel_draft(repos: Repositories, notice_id: int, *, by: int, now: datetime) -> bool:
    """Hủy: the draft and its tasks are deleted. False when it is no longer a draft."""
    return await repos.notices.delete_draft(notice_id, by=by, now=now)


async def edit_text(repos: Repositories, task_id: int, text: str, *, by: int, now: datetime) -> Task | None:
    cleaned = clean_text(text)
    if cleaned is None:
        return None
    return await repos.tasks.set_draft_task_text(task_id, cleaned, by=by, now=now)


async def toggle_unit(
    repos: Repositories, task: Task, unit_id: int, *, by: int, now: datetime
) -> Task | None:
    """The picker's press on a unit: none -> lead -> coordinate -> none."""
    unit = await repos.units.get(unit_id)
    if unit is None or not unit.active:
        return None
    current = next((u.role for u in task.units if u.unit_id == unit_id), None)
    return await repos.tasks.set_draft_unit_role(task.id, unit_id, _NEXT_ROLE[current], by=by, now=now)
