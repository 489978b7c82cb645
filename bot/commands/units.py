"""`dondoc units import FILE`: load a unit directory (YAML, deploy/units.example.yaml) into the database.

Idempotent: units are upserted by name, so importing the same file twice changes nothing and says so.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.commands.db import add_db_option, db_path
from bot.parser.directory import DirectoryError, UnitDirectory
from bot.services.units import ImportCounts, import_directory
from messages.render import render
from storage.db import open_database
from storage.repositories import Repositories


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="units_command", metavar="ACTION", required=True)
    load = sub.add_parser("import", help="load a unit directory YAML file into the database")
    load.add_argument("file", metavar="FILE", type=Path)
    add_db_option(load)


def run(args: argparse.Namespace) -> int:
    try:
        directory = UnitDirectory.load(args.file)
    except DirectoryError as exc:
        sys.stderr.write(render("cli/units_error.txt.j2", path=str(args.file), reason=exc.reason) + "\n")
        return 1
    counts = asyncio.run(_import(db_path(args), directory))
    text = render("cli/units_imported.txt.j2", path=str(args.file), counts=counts, total=len(directory.units))
    sys.stdout.write(text + "\n")
    return 0


async def _import(path: Path, directory: UnitDirectory) -> ImportCounts:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = await open_database(path, migrate=True)
    try:
        return await import_directory(Repositories(db), directory, now=datetime.now(UTC))
    finally:
        await db.close()
