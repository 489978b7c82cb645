"""Notice text -> ParsedNotice: metadata and one task per assigned item.

The pipeline, one stage per module:
    source.read_source   the text normalised, with the way back to the caller's offsets
    blocks.blocks        paragraphs (with list marker) and table rows
    outline.outline      which heading, item or lead sentence each paragraph belongs to (in layouts)
    layouts.candidates   layout recognisers -> candidate tasks with the span they came from
    assemble.tasks       units, deadlines, recurrence, flags
    directory.resolve    canonical unit names and the names the directory does not know
    unclaimed.unclaimed  order-like sentences no task covers (the preview's safety net)

Public API:
    parse_notice(text, *, directory=None) -> ParsedNotice
    parse_file(path, *, directory=None) -> ParsedNotice   (reads txt/md/docx/pdf; raises DocumentError)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bot.parser import assemble, layouts, summaries
from bot.parser.blocks import Para, blocks
from bot.parser.metadata import parse_metadata, reference_date
from bot.parser.models import ParsedNotice
from bot.parser.source import read_source
from bot.parser.units import known_names_in

if TYPE_CHECKING:
    from bot.parser.directory import UnitDirectory

__all__ = ["ParsedNotice", "parse_file", "parse_notice"]


def parse_notice(text: str, *, directory: UnitDirectory | None = None) -> ParsedNotice:
    source = read_source(text)
    meta = parse_metadata(source.text)
    reference = reference_date(meta, source.text)
    found = blocks(source.text)
    lines = [block.body or block.text for block in found if isinstance(block, Para)]
    names = known_names_in(lines, directory.names() if directory else ())
    candidates, _summaries = summaries.restated(layouts.candidates(found, names))
    tasks = assemble.tasks(candidates, source, reference, names)
    parsed = ParsedNotice(notice=meta, tasks=tasks)
    return directory.resolve(parsed) if directory is not None else parsed


def parse_file(path: str | Path, *, directory: UnitDirectory | None = None) -> ParsedNotice:
    """Read a notice file (txt, md, docx, pdf) and parse it; raises DocumentError on bad input."""
    from bot.parser.readers import read_document

    path = Path(path)
    return parse_notice(read_document(path.read_bytes(), path.name), directory=directory)
