"""`dondoc parse FILE [--json] [--units units.yaml]`: show the tasks a notice assigns."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pydantic import BaseModel, Field

from bot.parser import parse_notice
from bot.parser.models import ParsedNotice, ParsedTask
from bot.parser.readers import MAX_BYTES, DocumentError, read_document
from messages.render import render


class UnitTasks(BaseModel):
    """One unit's share of a notice, as the table shows it."""

    unit: str
    lead: list[ParsedTask] = Field(default_factory=list)
    coordinating: list[ParsedTask] = Field(default_factory=list)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="notice file: .docx, .pdf (with a text layer), .txt or .md")
    parser.add_argument("--json", action="store_true", help="print the parsed notice as JSON")
    parser.add_argument("--units", metavar="UNITS_YAML", help="unit directory to match unit names against")


def by_unit(parsed: ParsedNotice) -> list[UnitTasks]:
    groups: dict[str, UnitTasks] = {}
    for task in parsed.tasks:
        for name in task.units:
            groups.setdefault(name, UnitTasks(unit=name)).lead.append(task)
        for name in task.coordinators:
            if name not in task.units:
                groups.setdefault(name, UnitTasks(unit=name)).coordinating.append(task)
    return list(groups.values())


def as_json(parsed: ParsedNotice) -> str:
    data = parsed.model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, indent=2)


def _fail(template: str, **context: object) -> int:
    sys.stderr.write(render(template, **context) + "\n")
    return 1


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    directory = None
    if args.units:
        from bot.parser.directory import DirectoryError, UnitDirectory

        try:
            directory = UnitDirectory.load(args.units)
        except DirectoryError as exc:
            return _fail("cli/units_error.txt.j2", path=args.units, reason=exc.reason)
    try:
        data = path.read_bytes()
    except OSError:
        return _fail("cli/file_missing.txt.j2", path=str(path))
    try:
        text = read_document(data, path.name)
    except DocumentError as exc:
        return _fail(
            "errors/document_error.txt.j2",
            reason=exc.reason.value,
            filename=path.name,
            max_mb=MAX_BYTES >> 20,
        )
    parsed = parse_notice(text, directory=directory)
    if args.json:
        sys.stdout.write(as_json(parsed) + "\n")
    else:
        page = render("cli/parse_result.txt.j2", parsed=parsed, groups=by_unit(parsed), filename=path.name)
        sys.stdout.write(page + "\n")
    return 0
