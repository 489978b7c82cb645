"""A notice comes in: a document or pasted text from the office becomes a draft notice with its tasks.

Pasted text may arrive in several messages (Telegram cuts a long paste into 4,096-character pieces that
arrive a second apart). The draft is the state, kept in the database so it survives a restart: a paste
from the same office person within PASTE_WINDOW of their last pasted draft, that does not start a new
notice of its own (no number or title of its own), or any reply to that draft's preview, extends the
draft. Extending re-parses the whole text and replaces the draft in one transaction (its preview's
buttons then refer to a deleted draft and are refused as stale; the new preview replaces it).
"""

from __future__ import annotations

import asyncio
import hashlib
from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel

from bot.parser import parse_notice
from bot.parser.directory import UnitDirectory, UnitEntry, UnitGroup
from bot.parser.models import ParsedNotice
from bot.parser.readers import DocumentError, read_document
from storage.models import Notice, NoticeStatus
from storage.repositories import Repositories

PASTE_WINDOW = timedelta(minutes=3)


class IntakeOutcome(StrEnum):
    draft = "draft"  # a new draft was stored
    extended = "extended"  # a pasted draft was extended by this text (replaced by a new draft)
    duplicate = "duplicate"  # the same file/text was stored before; nothing new
    no_tasks = "no_tasks"  # readable, but it assigns nothing to anyone; nothing stored
    unreadable = "unreadable"  # DocumentError; nothing stored


class IntakeResult(BaseModel):
    outcome: IntakeOutcome
    notice: Notice | None = None  # the draft, or the earlier notice for a duplicate
    replaced_id: int | None = None  # the draft an extension replaced
    error_reason: str | None = None  # DocumentErrorReason for unreadable


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def unit_directory(repos: Repositories) -> UnitDirectory:
    """The parser's directory built from the units in the database (one matcher for YAML and DB)."""
    units = await repos.units.list()
    # A unit lists the groups that include it (see bot.services.units.directory_specs); turned back
    # into groups, "các phòng chuyên môn" expands to its members as it does with the YAML file.
    members: dict[str, list[str]] = {}
    for unit in units:
        for group in unit.groups:
            members.setdefault(group, []).append(unit.name)
    return UnitDirectory(
        units=[UnitEntry(name=u.name, kind=u.kind, aliases=list(u.aliases)) for u in units],
        groups=[UnitGroup(name=name, members=names) for name, names in members.items()],
    )


def _assigns_anything(parsed: ParsedNotice) -> bool:
    return any(task.units or task.coordinators for task in parsed.tasks)


async def _parse(repos: Repositories, text: str) -> ParsedNotice:
    directory = await unit_directory(repos)
    # The parser is pure CPU; a long notice takes a moment, so keep the event loop free.
    return await asyncio.to_thread(parse_notice, text, directory=directory)


async def save_draft(
    repos: Repositories, parsed: ParsedNotice, *, text: str, by: int | None, source_name: str | None,
    digest: str, file_id: str | None, now: datetime,
) -> Notice:
    """What the intake does with a parse: a draft with its tasks, their flags and the safety-net
    sentences (ParsedNotice.unclaimed), units matched to the directory by name."""
    return await repos.notices.save_parsed(
        parsed, created_by=by, source_name=source_name, source_sha256=digest, source_file_id=file_id,
        text=text, unit_ids_by_name=await repos.units.ids_by_name(), now=now,
    )


async def take_document(
    repos: Repositories, *, data: bytes, filename: str, file_id: str | None, by: int | None,
    max_bytes: int, now: datetime,
) -> IntakeResult:
    digest = sha256(data)
    earlier = await repos.notices.by_sha256(digest)
    if earlier is not None:
        return IntakeResult(outcome=IntakeOutcome.duplicate, notice=earlier)
    try:
        text = await asyncio.to_thread(read_document, data, filename, max_bytes=max_bytes)
    except DocumentError as error:
        return IntakeResult(outcome=IntakeOutcome.unreadable, error_reason=error.reason.value)
    parsed = await _parse(repos, text)
    if not _assigns_anything(parsed):
        return IntakeResult(outcome=IntakeOutcome.no_tasks)
    notice = await save_draft(repos, parsed, text=text, by=by, source_name=filename, digest=digest,
                         file_id=file_id, now=now)
    return IntakeResult(outcome=IntakeOutcome.draft, notice=notice)


async def open_paste(repos: Repositories, person_id: int, now: datetime) -> Notice | None:
    """The person's pasted draft that a new paste would continue, if any."""
    for notice in await repos.notices.list_recent(5, NoticeStatus.draft):
        if notice.created_by == person_id and notice.source_name is None:
            return notice if now - notice.created_at <= PASTE_WINDOW else None
    return None


def _starts_a_notice(parsed: ParsedNotice) -> bool:
    return bool(parsed.notice.number or parsed.notice.title)


async def take_pasted_text(
    repos: Repositories, *, text: str, by: int, now: datetime, continues: Notice | None = None
) -> IntakeResult:
    """A pasted notice, or the next piece of one: `continues` is the draft the office replied to;
    without it, a recent pasted draft of the same person is continued unless this text starts anew."""
    text = text.strip()
    if continues is None:
        recent = await open_paste(repos, by, now)
        if recent is not None and not _starts_a_notice(await asyncio.to_thread(parse_notice, text)):
            continues = recent
    if continues is not None:
        return await _extend(repos, continues, text, by=by, now=now)
    digest = sha256(text.encode())
    earlier = await repos.notices.by_sha256(digest)
    if earlier is not None:
        return IntakeResult(outcome=IntakeOutcome.duplicate, notice=earlier)
    parsed = await _parse(repos, text)
    if not _assigns_anything(parsed):
        return IntakeResult(outcome=IntakeOutcome.no_tasks)
    notice = await save_draft(repos, parsed, text=text, by=by, source_name=None, digest=digest, file_id=None,
                         now=now)
    return IntakeResult(outcome=IntakeOutcome.draft, notice=notice)


async def _extend(repos: Repositories, draft: Notice, text: str, *, by: int, now: datetime) -> IntakeResult:
    combined = f"{draft.text}\n{text}"
    parsed = await _parse(repos, combined)
    async with repos.db.transaction():
        # Saved before the old draft is deleted, so the new draft never reuses the old id (SQLite hands
        # out max(rowid) + 1) and the old preview's buttons can only find a deleted draft.
        notice = await save_draft(repos, parsed, text=combined, by=by, source_name=None,
                             digest=sha256(combined.encode()), file_id=None, now=now)
        if await repos.notices.delete_draft(draft.id, by=by, now=now):
            return IntakeResult(outcome=IntakeOutcome.extended, notice=notice, replaced_id=draft.id)
        # The draft was published or cancelled meanwhile: this text starts anew.
        await repos.notices.delete_draft(notice.id, by=by, now=now)
    return await take_pasted_text(repos, text=text, by=by, now=now)
