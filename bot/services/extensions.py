"""Extension requests: the head's "new date - reason" reply, the request, and a leader's decision."""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from bot.services.completion import items_for, office_people, reachable_once, unit_people
from storage.models import Assignment, Extension, ExtensionDecision, NewOutboxMessage, Person, RoleName
from storage.repositories import Repositories

# 30/7/2026, 30-07-2026, 30.7.26, 30/7 (year omitted), "ngày 30 tháng 7 năm 2026"
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{4}|\d{2}))?(?![\d/])")
_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?", re.IGNORECASE)
# what separates the date from the reason: dashes, colons, commas, "vì", "do", "lý do"
_LEAD = re.compile(r"^[\s\-–—:;,.]*(?:(?:lý|lí)\s+do|vì|do)?[\s\-–—:;,.]*", re.IGNORECASE)
# words leading up to the date ("xin gia hạn đến ngày") are not part of the reason
_TO_DATE = re.compile(r"[\s,;:\-–—]*(?:xin\s+)?(?:gia\s+hạn\s+)?(?:đến|tới)?\s*(?:ngày)?\s*$", re.IGNORECASE)


class ExtensionProblem(StrEnum):
    no_date = "no_date"
    bad_date = "bad_date"
    past = "past"
    not_later = "not_later"
    no_reason = "no_reason"


class ExtensionInput(BaseModel):
    proposed: date | None = None
    reason: str = ""
    problem: ExtensionProblem | None = None


def _year(text: str | None, day: int, month: int, today: date) -> int:
    if text is None:
        # No year: the next such day from today on (30/1 written in December means next January).
        return today.year + (1 if (month, day) < (today.month, today.day) else 0)
    value = int(text)
    return value + 2000 if value < 100 else value


def parse_request(text: str, *, today: date, current_deadline: date | None) -> ExtensionInput:
    """Read "30/7/2026 - lý do …" (date anywhere, reason = the rest) and check the date."""
    text = (text or "").strip()
    match = _WORDS.search(text) or _NUMERIC.search(text)
    if match is None:
        return ExtensionInput(problem=ExtensionProblem.no_date)
    day, month = int(match.group(1)), int(match.group(2))
    try:
        proposed = date(_year(match.group(3), day, month, today), month, day)
    except ValueError:
        return ExtensionInput(problem=ExtensionProblem.bad_date)
    before, after = text[: match.start()], text[match.end():]
    reason = _LEAD.sub("", after, count=1).strip()
    before = _LEAD.sub("", _TO_DATE.sub("", before, count=1), count=1).strip(" -–—:;,.")
    reason = " ".join(part for part in (before, reason) if part)
    found = ExtensionInput(proposed=proposed, reason=reason)
    if proposed <= today:
        found.problem = ExtensionProblem.past
    elif current_deadline is not None and proposed <= current_deadline:
        found.problem = ExtensionProblem.not_later
    elif not reason:
        found.problem = ExtensionProblem.no_reason
    return found


class RequestOutcome(StrEnum):
    requested = "requested"
    pending_exists = "pending_exists"
    closed = "closed"


class RequestResult(BaseModel):
    outcome: RequestOutcome
    extension: Extension | None = None


async def request(repos: Repositories, *, assignment: Assignment, person_id: int, proposed: date,
                  reason: str, now: datetime) -> RequestResult:
    if not assignment.is_open:
        return RequestResult(outcome=RequestOutcome.closed)
    for earlier in await repos.extensions.for_assignment(assignment.id):
        if earlier.decision == ExtensionDecision.pending:
            return RequestResult(outcome=RequestOutcome.pending_exists, extension=earlier)
    extension = await repos.extensions.request(assignment.id, person_id, proposed, reason, now)
    return RequestResult(outcome=RequestOutcome.requested, extension=extension)


async def deciders(repos: Repositories) -> list[Person]:
    """Leaders and admins with a reachable chat, once each: they get Duyệt / Từ chối."""
    people = await repos.roles.people_with_role(RoleName.leader)
    people += await repos.roles.people_with_role(RoleName.admin)
    return reachable_once(people)


async def request_messages(repos: Repositories, extension_id: int, *, to_decide: dict[str, Any],
                           to_inform: dict[str, Any]) -> list[NewOutboxMessage]:
    """A new request: `to_decide` (with Duyệt / Từ chối) to leaders and admins, `to_inform` to the office
    staff who cannot decide; one message per chat."""
    deciding = await deciders(repos)
    chats = {p.chat_id for p in deciding}
    office = [p for p in await office_people(repos) if p.chat_id not in chats]
    return (items_for(deciding, f"ext:{extension_id}", lambda _p: to_decide)
            + items_for(office, f"ext:{extension_id}", lambda _p: to_inform))


class DecideOutcome(StrEnum):
    decided = "decided"
    already = "already"
    stale = "stale"


class DecideResult(BaseModel):
    outcome: DecideOutcome
    extension: Extension | None = None
    assignment: Assignment | None = None
    requester: Person | None = None


async def decide(repos: Repositories, *, extension_id: int, approved: bool, by: int,
                 now: datetime) -> DecideResult:
    """The first decision wins (the storage update is conditional on `pending`)."""
    extension = await repos.extensions.get(extension_id)
    if extension is None:
        return DecideResult(outcome=DecideOutcome.stale)
    decided = await repos.extensions.decide(extension_id, approved, by, now)
    outcome = DecideOutcome.already if decided is None else DecideOutcome.decided
    current = decided or await repos.extensions.get(extension_id)
    assignment = await repos.assignments.get(extension.assignment_id)
    requester = await repos.people.get(extension.requested_by) if extension.requested_by else None
    return DecideResult(outcome=outcome, extension=current, assignment=assignment, requester=requester)


async def decision_messages(repos: Repositories, a: Assignment, ext: Extension, requester: Person | None, *,
                            told: str, decided_text: str, pressed_chat: int) -> list[NewOutboxMessage]:
    """`told` to the unit's heads and deputies, and to the requester should they no longer be one; the
    other leaders' copies of the request (all but the pressed one) lose their buttons for `decided_text`."""
    heads = await unit_people(repos, a)
    if requester is not None and requester.chat_id and all(p.chat_id != requester.chat_id for p in heads):
        heads.append(requester)
    items = items_for(heads, f"extdecision:{ext.id}", lambda _p: {"text": told})
    for row in await repos.outbox.with_key_prefix(f"ext:{ext.id}:"):
        if row.telegram_message_id is not None and row.chat_id != pressed_chat:
            payload = {"text": decided_text, "message_id": row.telegram_message_id}
            items.append(NewOutboxMessage(key=f"extclosed:{ext.id}:{row.chat_id}", chat_id=row.chat_id,
                                          kind="edit_text", payload=payload))
    return items
