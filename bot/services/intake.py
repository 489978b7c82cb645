"""A notice comes in: a document or pasted text from the office becomes a draft notice with its tasks.

Pasted text may arrive in several messages (Telegram cuts a long paste into 4,096-character pieces that
arrive a second apart). The draft is the state, kept in the database so it survives a restart: a paste
from the same office person within PASTE_WINDOW of their last pasted draft, that does not start a new
notice of its own (no number or title of its own), or any reply to that draft's preview, extends the
draft. Extending re-parses the whole text and replaces the draft in one transaction (its preview's
buttons then refer to a deleted draft and are refused as stale; the new preview replaces it).

A scanned document (image-only PDF, photo) is read by character recognition, page by page in a worker
thread; `progress(done, total)` hears each finished page on the event loop, and the draft records the
recognition's confidence and weak pages for the preview.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel

from bot.cpu_pool import run_cpu
from bot.parser import parse_notice
from bot.parser.directory import UnitDirectory, UnitEntry, UnitGroup
from bot.parser.models import ParsedNotice
from bot.parser.readers import DocumentError, PageProgress, Reading, ScanQuality, read, read_photos
from storage.models import Notice, NoticeStatus, ScannedPage
from storage.repositories import Repositories

PASTE_WINDOW = timedelta(minutes=3)

# The name a notice sent as a Telegram photo is stored under (a photo has no file name). Its suffix
# makes the readers take it as an image; delivery resends it as a photo (Telegram cannot resend a
# photo's file id as a document).
PHOTO_SOURCE_NAME = "ảnh-chụp.jpg"

# Told (pages recognised, pages in the scan) as character recognition goes; awaited on the event loop.
Progress = Callable[[int, int], Awaitable[None]]


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
    units = sorted(await repos.units.list(), key=lambda unit: unit.id)  # the order they were imported in
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
    # The parser is pure CPU; a long notice takes a moment: in the worker process (bot.cpu_pool), so
    # neither the event loop nor the GIL is held from the other people's handlers.
    return await run_cpu(parse_notice, text, directory=directory)


async def save_draft(
    repos: Repositories, parsed: ParsedNotice, *, text: str, by: int | None, source_name: str | None,
    digest: str, file_id: str | None, now: datetime, scan: ScanQuality | None = None,
) -> Notice:
    """What the intake does with a parse: a draft with its tasks, their flags and the safety-net
    sentences (ParsedNotice.unclaimed), units matched to the directory by name; for a scan, the
    recognition's confidence and weak pages."""
    weak = [ScannedPage(**page.model_dump()) for page in scan.weak_pages] if scan else []
    return await repos.notices.save_parsed(
        parsed, created_by=by, source_name=source_name, source_sha256=digest, source_file_id=file_id,
        text=text, unit_ids_by_name=await repos.units.ids_by_name(), now=now,
        scan_confidence=scan.confidence if scan else None, scan_weak_pages=weak,
    )


async def _read(reader: Callable[[PageProgress | None], Reading], progress: Progress | None) -> Reading:
    """Read in a worker thread (recognition takes seconds a page); pages finished there are passed to
    `progress` on the loop, in order, a burst of them coalesced into the latest."""
    if progress is None:
        return await asyncio.to_thread(reader, None)
    loop = asyncio.get_running_loop()
    pages: asyncio.Queue[tuple[int, int] | None] = asyncio.Queue()

    def on_page(done: int, total: int) -> None:
        loop.call_soon_threadsafe(pages.put_nowait, (done, total))

    async def report() -> None:
        finished = False
        while not finished:
            latest = await pages.get()
            if latest is None:
                return
            while not pages.empty():
                following = pages.get_nowait()
                if following is None:
                    finished = True
                    break
                latest = following
            await progress(*latest)

    reporter = asyncio.create_task(report())
    try:
        return await asyncio.to_thread(reader, on_page)
    finally:
        # Queued after every page the thread reported: the worker's result is delivered through the loop
        # too, so its last page is already in the queue.
        pages.put_nowait(None)
        await reporter


async def take_document(
    repos: Repositories, *, data: bytes, filename: str, file_id: str | None, by: int | None,
    max_bytes: int, now: datetime, progress: Progress | None = None,
) -> IntakeResult:
    def reader(on_page: PageProgress | None) -> Reading:
        return read(data, filename, max_bytes=max_bytes, on_page=on_page)

    return await _take(repos, reader, digest=sha256(data), filename=filename, file_id=file_id, by=by,
                       now=now, progress=progress)


async def take_photos(
    repos: Repositories, *, photos: list[bytes], by: int | None, max_bytes: int, now: datetime,
    progress: Progress | None = None,
) -> IntakeResult:
    """The pages of one notice sent together as photos (a Telegram album), read as one scan. No
    original file is kept: "Tải văn bản gốc" could resend only one of the photos."""
    def reader(on_page: PageProgress | None) -> Reading:
        return read_photos(photos, PHOTO_SOURCE_NAME, max_bytes=max_bytes, on_page=on_page)

    return await _take(repos, reader, digest=sha256(b"".join(photos)), filename=PHOTO_SOURCE_NAME,
                       file_id=None, by=by, now=now, progress=progress)


async def _take(
    repos: Repositories, reader: Callable[[PageProgress | None], Reading], *, digest: str, filename: str,
    file_id: str | None, by: int | None, now: datetime, progress: Progress | None,
) -> IntakeResult:
    earlier = await repos.notices.by_sha256(digest)
    if earlier is not None:
        return IntakeResult(outcome=IntakeOutcome.duplicate, notice=earlier)
    try:
        reading = await _read(reader, progress)
    except DocumentError as error:
        return IntakeResult(outcome=IntakeOutcome.unreadable, error_reason=error.reason.value)
    parsed = await _parse(repos, reading.text)
    if not _assigns_anything(parsed):
        return IntakeResult(outcome=IntakeOutcome.no_tasks)
    notice = await save_draft(repos, parsed, text=reading.text, by=by, source_name=filename, digest=digest,
                              file_id=file_id, now=now, scan=reading.scan)
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
        if recent is not None and not _starts_a_notice(await run_cpu(parse_notice, text)):
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
