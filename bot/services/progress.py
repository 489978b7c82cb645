"""Progress reports: a head's reply (text, percent, photo, document) recorded on an assignment.

A reply to a message that carries several of the unit's assignments cannot be recorded yet: the bot
asks which task it was about. The pending report lives in the outbox row of that question (key
`pick:<chat>:<reply message>`), and the question's message link lists the candidates, so the choice
still lands after a restart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from bot.services.delivery_events import link_payload
from storage.models import Assignment, Priority, Progress
from storage.repositories import Repositories

# "70%", "đã xong 70 %", "hoàn thành 70%": a number right before a percent sign.
_PERCENT = re.compile(r"(?<![\d.,])(\d{1,4})\s*%")
PICK_LINK = "pick_progress"
PICKED_LINK = "pick_done"


class PercentOutOfRange(ValueError):
    """The head wrote a percent above 100."""


def parse_percent(text: str) -> int | None:
    """The percent a report states (the last one written), None when it states none."""
    found = _PERCENT.findall(text or "")
    if not found:
        return None
    value = int(found[-1])
    if value > 100:
        raise PercentOutOfRange(value)
    return value


class Report(BaseModel):
    """What the head sent: text or caption, file ids (largest photo size), where it was sent."""

    text: str = ""
    file_ids: list[str] = Field(default_factory=list)
    chat_id: int
    message_id: int


class ProgressOutcome(StrEnum):
    recorded = "recorded"
    choose = "choose"
    owner = "owner"
    stale = "stale"
    bad_percent = "bad_percent"
    empty = "empty"  # a sticker or voice note: nothing to record


class ProgressResult(BaseModel):
    outcome: ProgressOutcome
    assignment: Assignment | None = None
    progress: Progress | None = None
    percent: int | None = None
    choices: list[Assignment] = Field(default_factory=list)


def pick_key(chat_id: int, message_id: int) -> str:
    return f"pick:{chat_id}:{message_id}"


async def _mine(repos: Repositories, assignment_ids: Iterable[int], head_unit_ids: frozenset[int]
                ) -> tuple[list[Assignment], bool]:
    """The unit's assignments this head may report on (open ones first choice); and whether any
    assignment existed at all (a link to nothing is stale, to someone else's is not yours)."""
    order = {assignment_id: index for index, assignment_id in enumerate(assignment_ids)}
    # In the order the message lists them, so "1." in the question is "1." in the message.
    found = sorted(await repos.assignments.get_many(list(order)), key=lambda a: order[a.id])
    mine = [a for a in found if a.unit_id in head_unit_ids]
    open_ones = [a for a in mine if a.is_open]
    return (open_ones or mine), bool(found)


async def record_reply(
    repos: Repositories, *, person_id: int, head_unit_ids: frozenset[int], assignment_ids: list[int],
    report: Report, now: datetime,
) -> ProgressResult:
    """Record the report on the one assignment it can be about, or say the head must choose."""
    if not report.text.strip() and not report.file_ids:
        return ProgressResult(outcome=ProgressOutcome.empty)
    try:
        percent = parse_percent(report.text)
    except PercentOutOfRange:
        return ProgressResult(outcome=ProgressOutcome.bad_percent)
    candidates, existed = await _mine(repos, assignment_ids, head_unit_ids)
    if not candidates:
        return ProgressResult(outcome=ProgressOutcome.owner if existed else ProgressOutcome.stale)
    if len(candidates) > 1:
        return ProgressResult(outcome=ProgressOutcome.choose, choices=candidates, percent=percent)
    return await _add(repos, candidates[0], person_id, report, percent, now)


async def _add(repos: Repositories, assignment: Assignment, person_id: int, report: Report,
               percent: int | None, now: datetime) -> ProgressResult:
    progress = await repos.progress.add(
        assignment.id, person_id, report.text, percent, report.file_ids, report.chat_id, report.message_id,
        now,
    )
    fresh = await repos.assignments.get(assignment.id)
    return ProgressResult(outcome=ProgressOutcome.recorded, assignment=fresh, progress=progress,
                          percent=percent)


async def ask_which(
    repos: Repositories, *, report: Report, percent: int | None, choices: list[Assignment],
    text: str, reply_markup: dict[str, Any], now: datetime,
) -> bool:
    """Queue the "which task?" question holding the pending report; False if already asked."""
    payload = {
        "text": text,
        "reply_markup": reply_markup,
        "link": link_payload(PICK_LINK, choices[0].notice_id, [a.id for a in choices]),
        "pending": {"text": report.text, "percent": percent, "file_ids": report.file_ids},
    }
    return await repos.outbox.enqueue(pick_key(report.chat_id, report.message_id), report.chat_id,
                                      "message", payload, now, priority=Priority.answer)


async def record_choice(
    repos: Repositories, *, person_id: int, head_unit_ids: frozenset[int], chat_id: int,
    question_message_id: int, assignment_id: int, reply_message_id: int, now: datetime,
) -> ProgressResult:
    """The head pressed one task under the question: record the pending report on it, once."""
    link = await repos.links.find(chat_id, question_message_id)
    if link is None or link.kind != PICK_LINK or assignment_id not in link.assignment_ids:
        return ProgressResult(outcome=ProgressOutcome.stale)
    row = await repos.outbox.for_key(pick_key(chat_id, reply_message_id))
    pending = (row.payload.get("pending") if row is not None and row.chat_id == chat_id else None)
    assignment = await repos.assignments.get(assignment_id)
    if pending is None or assignment is None:
        return ProgressResult(outcome=ProgressOutcome.stale)
    if assignment.unit_id not in head_unit_ids:
        return ProgressResult(outcome=ProgressOutcome.owner)
    # The question is answered: a second press on it finds no pending link and changes nothing.
    await repos.links.add(chat_id, question_message_id, link.notice_id, link.assignment_ids, PICKED_LINK, now)
    report = Report(text=pending.get("text") or "", file_ids=pending.get("file_ids") or [],
                    chat_id=chat_id, message_id=reply_message_id)
    return await _add(repos, assignment, person_id, report, pending.get("percent"), now)


async def update_from_edit(
    repos: Repositories, *, chat_id: int, message_id: int, text: str, now: datetime
) -> ProgressResult | None:
    """The head edited a reply: update its report. None when that message was not a report."""
    try:
        percent = parse_percent(text)
    except PercentOutOfRange:
        return ProgressResult(outcome=ProgressOutcome.bad_percent)
    progress = await repos.progress.update_from_edit(chat_id, message_id, text, percent, now)
    if progress is None:
        return None
    assignment = await repos.assignments.get(progress.assignment_id)
    return ProgressResult(outcome=ProgressOutcome.recorded, assignment=assignment, progress=progress,
                          percent=percent)
