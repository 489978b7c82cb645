"""Notice text -> ParsedNotice: metadata and one task per assigned item.

Public API:
    parse_notice(text, *, directory=None) -> ParsedNotice
    parse_file(path, *, directory=None) -> ParsedNotice   (reads txt/md/docx/pdf; raises DocumentError)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bot.parser import known_names
from bot.parser.extract import extract
from bot.parser.metadata import parse_metadata, reference_date
from bot.parser.models import ParsedNotice, ParsedTask
from bot.parser.structure import Para, Row, paragraphs
from bot.parser.tables import table_tasks

if TYPE_CHECKING:
    from bot.parser.directory import UnitDirectory

__all__ = ["ParsedNotice", "parse_file", "parse_notice"]


def _tables(items: list[Para | Row]) -> list[list[Row]]:
    """Consecutive table regions, merged while only blank space separates them."""
    groups: list[list[Row]] = []
    previous_was_row = False
    for item in items:
        if isinstance(item, Row):
            if previous_was_row or (groups and not isinstance(item, Para) and _continues(groups[-1], item)):
                groups[-1].append(item)
            else:
                groups.append([item])
            previous_was_row = True
        else:
            previous_was_row = False
    return groups


def _continues(group: list[Row], row: Row) -> bool:
    return bool(group) and len(group[-1].cells) == len(row.cells) and len(row.cells) > 2


def parse_notice(text: str, *, directory: UnitDirectory | None = None) -> ParsedNotice:
    meta = parse_metadata(text)
    reference = reference_date(meta, text)
    items = paragraphs(text)
    lines = [item.body or item.text for item in items if isinstance(item, Para)]
    with known_names.using(known_names.collect(lines, directory.names() if directory else ())):
        tasks: list[ParsedTask] = extract(items, reference)
        for rows in _tables(items):
            tasks.extend(table_tasks(rows, reference))
    parsed = ParsedNotice(notice=meta, tasks=tasks)
    return directory.resolve(parsed) if directory is not None else parsed


def parse_file(path: str | Path, *, directory: UnitDirectory | None = None) -> ParsedNotice:
    """Read a notice file (txt, md, docx, pdf) and parse it; raises DocumentError on bad input."""
    from bot.parser.readers import read_document

    path = Path(path)
    return parse_notice(read_document(path.read_bytes(), path.name), directory=directory)
