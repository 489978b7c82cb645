"""`dondoc units import FILE`: load a unit directory into the database, from YAML
(deploy/units.example.yaml) or from the list clerks keep in Excel (.xlsx) or CSV (bot.services.unit_table).

Idempotent: units are upserted by name, so importing the same file twice changes nothing and says so.
A file with any bad row imports nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.commands.db import add_db_option, database_target
from bot.commands.tenant_option import TenantNotChosen, add_tenant_option, pick_tenant
from bot.parser.directory import DirectoryError, UnitDirectory
from bot.services.unit_table import UnitTableError, load_units
from bot.services.units import ImportCounts, import_directory
from messages.render import render
from storage.db import open_database
from storage.repositories import Repositories


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="units_command", metavar="ACTION", required=True)
    load = sub.add_parser("import", help="load a unit directory (.yaml, .xlsx or .csv) into the database")
    load.add_argument("file", metavar="FILE", type=Path)
    add_tenant_option(load)
    add_db_option(load)


def run(args: argparse.Namespace) -> int:
    try:
        directory = load_units(args.file)
    except UnitTableError as exc:
        return _refuse(args.file, exc.reason, row=exc.row, columns=exc.columns, problems=exc.problems,
                       detail=exc.detail)
    except DirectoryError as exc:
        return _refuse(args.file, exc.reason)
    try:
        counts = asyncio.run(_import(database_target(args), directory, args.tenant))
    except TenantNotChosen as refused:
        sys.stderr.write(f"{refused}\n")
        return 2
    text = render("cli/units_imported.txt.j2", path=str(args.file), counts=counts, total=len(directory.units))
    sys.stdout.write(text + "\n")
    return 0


def _refuse(path: Path, reason: str, **table: object) -> int:
    sys.stderr.write(render("cli/units_error.txt.j2", path=str(path), reason=reason, **table) + "\n")
    return 1


async def _import(target: Path | str, directory: UnitDirectory, tenant: int | None) -> ImportCounts:
    db = await open_database(target, migrate=True)  # a new SQLite file's folder is made there
    try:
        tenant_id = await pick_tenant(db, tenant)
        return await import_directory(Repositories(db, tenant_id), directory, now=datetime.now(UTC))
    finally:
        await db.close()
