"""The written notices in a database, without the parser: the ward's directory imported as
`dondoc units import` does, a notice's expected task list saved as a draft, and a stored notice read back
in the same shape for comparison."""

from __future__ import annotations

import io
from datetime import datetime

from docx import Document

from bot.parser.directory import UnitDirectory
from bot.parser.models import NoticeKind, NoticeMeta, ParsedNotice, ParsedTask, Recurrence
from bot.services.units import import_directory
from storage.models import Notice, Unit
from storage.repositories import Repositories
from tests.notices import WARD_UNITS_FILE, ExpectedTask, WrittenNotice

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

TaskShape = tuple[str, frozenset[str], frozenset[str], object, str | None]


def ward_directory() -> UnitDirectory:
    return UnitDirectory.load(WARD_UNITS_FILE)


async def import_ward(repos: Repositories, now: datetime) -> dict[str, Unit]:
    """The ward's units by name, imported from ward_units.yaml."""
    await import_directory(repos, ward_directory(), now=now)
    return {unit.name: unit for unit in await repos.units.list()}


def as_parsed(notice: WrittenNotice) -> ParsedNotice:
    """The expected list in the form storage takes a notice in (what the parser would ideally return)."""
    return ParsedNotice(
        notice=NoticeMeta(number=notice.number, issuer=notice.issuer, title=notice.title,
                          issued_on=notice.issued_on, meeting_on=notice.meeting_on,
                          kind=NoticeKind(notice.kind)),
        tasks=[ParsedTask(text=t.text, units=list(t.lead), coordinators=list(t.coordinators),
                          deadline=t.deadline, recurrence=Recurrence(t.recurrence) if t.recurrence else None)
               for t in notice.tasks],
        unknown_units=list(notice.unknown_units),
    )


async def save_draft(
    repos: Repositories, notice: WrittenNotice, *, by: int | None, now: datetime,
    source_file_id: str | None = None,
) -> Notice:
    """Store the notice's expected tasks as a draft; names of units not in the database stay unresolved
    for the office to map, as after an upload."""
    return await repos.notices.save_parsed(
        as_parsed(notice), created_by=by, source_name=notice.file_name, source_sha256=notice.number,
        source_file_id=source_file_id, text=notice.text, unit_ids_by_name=await repos.units.ids_by_name(),
        now=now,
    )


def shape(task: ExpectedTask) -> TaskShape:
    """What must match between an expected task and a stored one (unit order does not matter)."""
    return (task.text, frozenset(task.lead), frozenset(task.coordinators), task.deadline, task.recurrence)


async def read_back(repos: Repositories, notice_id: int) -> list[TaskShape]:
    """The stored notice's tasks in notice order, unresolved names counted as the units they name."""
    shapes = []
    for task in await repos.tasks.for_notice(notice_id):
        names: dict[str, set[str]] = {"lead": set(), "coordinate": set()}
        for unit in task.units:
            names[str(unit.role)].add(unit.unit_name)
        for item in task.unresolved:
            names[str(item.role)].add(item.name)
        recurrence = str(task.recurrence) if task.recurrence else None
        shapes.append((task.text, frozenset(names["lead"]), frozenset(names["coordinate"]), task.deadline,
                       recurrence))
    return shapes


def as_docx(text: str) -> bytes:
    """A Word file of the notice as an office would type it: a paragraph per line, and runs of
    tab-separated lines (the appendix) as one real table."""
    document = Document()
    lines = [line for line in text.splitlines() if line.strip()]
    index = 0
    while index < len(lines):
        if "\t" not in lines[index]:
            document.add_paragraph(lines[index])
            index += 1
            continue
        rows = []
        while index < len(lines) and "\t" in lines[index]:
            rows.append(lines[index].split("\t"))
            index += 1
        table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
