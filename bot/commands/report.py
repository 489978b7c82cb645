"""`dondoc report --xlsx FILE [--chart FILE.png] [--from DD/MM/YYYY --to DD/MM/YYYY] [--unit NAME]
[--notice NUMBER] [--db PATH]`: the report workbook (and chart) of a period, all units, one unit or one
notice, written on the server — what /baocao sends in Telegram. The period defaults to this month."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from bot.commands.db import add_db_option, database_target, db_path
from bot.commands.tenant_option import add_tenant_option, pick_tenant
from bot.config import Settings
from bot.services.digest_target import resolve_target
from bot.services.report_files import make_files
from bot.services.report_period import current
from bot.services.report_scope import ReportScope
from messages.render import render
from storage.db import is_missing, open_database
from storage.repositories import Repositories


def _day(text: str) -> date:
    try:
        return datetime.strptime(text.strip(), "%d/%m/%Y").date()  # noqa: DTZ007 - a calendar date
    except ValueError:
        raise argparse.ArgumentTypeError(render("cli/report_bad_date.txt.j2", value=text)) from None


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--xlsx", type=Path, required=True, metavar="FILE", help="the workbook to write")
    parser.add_argument("--chart", type=Path, metavar="FILE.png", help="also draw the chart (PNG)")
    parser.add_argument("--from", dest="start", type=_day, metavar="DD/MM/YYYY",
                        help="first day of the period (default: the 1st of this month)")
    parser.add_argument("--to", dest="end", type=_day, metavar="DD/MM/YYYY", help="last day (default: today)")
    parser.add_argument("--unit", metavar="NAME", help="one unit (matched like /tonghop does)")
    parser.add_argument("--notice", metavar="NUMBER", help="one notice, by its number (e.g. 37/TB-UBND)")
    add_tenant_option(parser)
    add_db_option(parser)


def run(args: argparse.Namespace) -> int:
    settings = Settings()
    target = database_target(args, settings)
    if is_missing(target):
        sys.stderr.write(render("cli/db_missing.txt.j2", path=target) + "\n")
        return 1
    try:
        text = make(target, db_path(args, settings).parent, settings, args)
    except LookupError as problem:
        sys.stderr.write(str(problem) + "\n")
        return 2
    sys.stdout.write(text + "\n")
    return 0


async def _scope(repos: Repositories, args: argparse.Namespace, today: date) -> ReportScope:
    start = args.start or current("month", today).start
    end = args.end or today
    if end < start:
        raise LookupError(render("cli/report_bad_period.txt.j2", start=start, end=end))
    unit_id = notice_id = None
    for query, kind in ((args.unit, "unit"), (args.notice, "notice")):
        if not query:
            continue
        target = await resolve_target(repos, query)
        if target.kind != kind:
            raise LookupError(render("cli/report_unknown.txt.j2", kind=kind, query=query,
                                     candidates=target.candidates))
        unit_id = target.unit.id if target.unit else unit_id
        notice_id = target.notice.id if target.notice else notice_id
    return ReportScope(start=start, end=end, unit_id=unit_id, notice_id=notice_id)


async def _prepare(path: Path | str, settings: Settings, args: argparse.Namespace,
                   today: date) -> tuple[int, ReportScope]:
    # Migrated like the bot does at start, so an older database gains the columns the report reads.
    db = await open_database(path, migrate=True)
    try:
        tenant_id = await pick_tenant(db, args.tenant)
        return tenant_id, await _scope(Repositories(db, tenant_id, tz=settings.tz), args, today)
    finally:
        await db.close()


def make(path: Path | str, local_dir: Path, settings: Settings, args: argparse.Namespace) -> str:
    now = datetime.now(UTC)
    today = now.astimezone(settings.tz).date()
    tenant_id, scope = asyncio.run(_prepare(path, settings, args, today))
    data = make_files(path, tenant_id, local_dir, settings.timezone, scope, today, now,
                      workbook=args.xlsx, chart=args.chart)
    written = [args.xlsx] + ([args.chart] if args.chart is not None else [])
    return render("cli/report_written.txt.j2", data=data, files=written)
