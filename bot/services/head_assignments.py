"""The assignments a head may act on: those of the units they head or deputise for, checked on the
server for every press and reply (a button forwarded to another unit's head is refused)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from storage.models import Assignment
from storage.repositories import Repositories


class Owned(BaseModel):
    """The assignment, or why the head may not act on it: stale when it does not exist (any more),
    owner when it is another unit's (`assignment` is then still given, for the caller's wording)."""

    refusal: Literal["stale", "owner"] | None = None
    assignment: Assignment | None = None


async def owned(repos: Repositories, assignment_id: int | None, head_unit_ids: frozenset[int]) -> Owned:
    assignment = await repos.assignments.get(assignment_id) if assignment_id is not None else None
    if assignment is None:
        return Owned(refusal="stale")
    if assignment.unit_id not in head_unit_ids:
        return Owned(refusal="owner", assignment=assignment)
    return Owned(assignment=assignment)


async def open_assignments(repos: Repositories, person_id: int) -> list[Assignment]:
    """/viec: the open assignments of every unit the person heads, overdue first."""
    return await repos.assignments.for_person(person_id)
