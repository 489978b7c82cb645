"""Notice text -> ParsedNotice: metadata and one task per assigned item.

The pipeline, one stage per module:
    source.read_source   the text normalised, with the way back to the caller's offsets
    blocks.blocks        paragraphs (with list marker) and table rows
    outline.outline      which heading, item or lead sentence each paragraph belongs to (in layouts)
    layouts.candidates   layout recognisers -> candidate tasks with the span they came from
    summaries.restated   a news lead restating a later directive is set aside
    assemble.tasks       units, deadlines, recurrence, flags, spans
    unclaimed.unclaimed  order-like sentences no task covers (the preview's safety net)
    directory.resolve    canonical unit names and the names the directory does not know

Public API:
    parse_notice(text, *, directory=None) -> ParsedNotice
    parse_file(path, *, directory=None) -> ParsedNotice   (reads txt/md/docx/pdf; raises DocumentError)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bot.parser import assemble, layouts, summaries
from bot.parser.blocks import Para, blocks
from bot.parser.metadata import parse_metadata
from bot.parser.models import ParsedNotice
from bot.parser.outline import outline
from bot.parser.reference import reference_date
from bot.parser.source import read_source
from bot.parser.unclaimed import unclaimed
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
    names = known_names_in(lines, directory.known_names) if directory else known_names_in(lines)
    tree = outline(found)
    candidates, restated = summaries.restated(layouts.candidates(tree, found, names))
    tasks = assemble.tasks(candidates, source, reference, names, meta.issuer)
    covered = [source.inner(*task.span) for task in tasks if task.span is not None]
    set_aside = assemble.unclaimed(restated, source)
    covered += [item.span for item in set_aside if item.span]
    safety_net = [
        item.model_copy(update={"span": source.span(*item.span)}) if item.span else item
        for item in (*set_aside, *unclaimed(tree, source.text, covered, names))
    ]
    parsed = ParsedNotice(notice=meta, tasks=tasks, unclaimed=safety_net)
    return directory.resolve(parsed) if directory is not None else parsed


def parse_file(path: str | Path, *, directory: UnitDirectory | None = None) -> ParsedNotice:
    """Read a notice file (txt, md, docx, pdf) and parse it; raises DocumentError on bad input."""
    from bot.parser.readers import read_document

    path = Path(path)
    return parse_notice(read_document(path.read_bytes(), path.name), directory=directory)
