"""Marking an assignment done (with an optional note and evidence) and the office returning it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from bot.services.head_assignments import owned
from bot.services.progress import Report
from storage.models import Assignment, NewOutboxMessage, Person, RoleName
from storage.repositories import Repositories


class DoneOutcome(StrEnum):
    done = "done"
    already = "already"  # done before (a second press, or two heads at once)
    owner = "owner"
    stale = "stale"


class DoneResult(BaseModel):
    outcome: DoneOutcome
    assignment: Assignment | None = None


async def complete(
    repos: Repositories, *, assignment_id: int, person_id: int, head_unit_ids: frozenset[int],
    report: Report | None, now: datetime,
) -> DoneResult:
    """Mark done; a note with files is also kept as a progress report (the evidence)."""
    found = await owned(repos, assignment_id, head_unit_ids)
    assignment = found.assignment
    if found.refusal is not None or assignment is None:
        return DoneResult(outcome=DoneOutcome(found.refusal or "stale"), assignment=assignment)
    if not assignment.is_open:
        return DoneResult(outcome=DoneOutcome.already, assignment=assignment)
    note = (report.text.strip() or None) if report is not None else None
    async with repos.db.transaction():
        if report is not None and report.file_ids:
            await repos.progress.add(assignment_id, person_id, report.text, None, report.file_ids,
                                     report.chat_id, report.message_id, now)
        done = await repos.assignments.mark_done(assignment_id, person_id, note, now)
    if done is None:
        return DoneResult(outcome=DoneOutcome.already, assignment=await repos.assignments.get(assignment_id))
    return DoneResult(outcome=DoneOutcome.done, assignment=done)


def reachable_once(people: list[Person]) -> list[Person]:
    """Those with a chat the bot can reach, once per chat (the first one listed wins)."""
    seen: dict[int, Person] = {}
    for person in people:
        if person.chat_id and person.reachable:
            seen.setdefault(person.chat_id, person)
    return list(seen.values())


async def office_people(repos: Repositories) -> list[Person]:
    """Office staff and admins with a chat the bot can reach, once each."""
    people = await repos.roles.people_with_role(RoleName.office)
    people += await repos.roles.people_with_role(RoleName.admin)
    return reachable_once(people)


async def unit_people(repos: Repositories, assignment: Assignment) -> list[Person]:
    """Heads and deputies of the assignment's unit with a reachable chat, once each."""
    return reachable_once(await repos.roles.heads_of(assignment.unit_id, include_deputies=True))


def items_for(people: list[Person], key: str, payload_for: Callable[[Person], dict[str, Any]]
              ) -> list[NewOutboxMessage]:
    return [NewOutboxMessage(key=f"{key}:{p.chat_id}", chat_id=p.chat_id, kind="message",
                             payload=payload_for(p))
            for p in people if p.chat_id is not None]


class ReturnOutcome(StrEnum):
    returned = "returned"
    not_done = "not_done"
    no_reason = "no_reason"  # asked again: a return always tells the head why
    stale = "stale"


class ReturnResult(BaseModel):
    outcome: ReturnOutcome
    assignment: Assignment | None = None


async def to_return(repos: Repositories, assignment_id: int) -> Assignment | None:
    """The assignment the office pressed "Trả lại" on; None when it no longer exists."""
    return await repos.assignments.get(assignment_id)


async def return_done(repos: Repositories, *, assignment_id: int, by: int, reason: str,
                      now: datetime) -> ReturnResult:
    """done -> returned with the office's reason; not_done when it is open (already returned)."""
    assignment = await repos.assignments.get(assignment_id)
    if assignment is None:
        return ReturnResult(outcome=ReturnOutcome.stale)
    if not reason.strip():
        return ReturnResult(outcome=ReturnOutcome.no_reason, assignment=assignment)
    changed = await repos.assignments.return_assignment(assignment_id, by, reason, now)
    if changed is None:
        return ReturnResult(outcome=ReturnOutcome.not_done, assignment=assignment)
    return ReturnResult(outcome=ReturnOutcome.returned, assignment=changed)
