"""The office's monthly report: on `settings.monthly_report_day` (default the 25th; a day off moves it
back to the nearest working day before it), at the office digest's time, the month's workbook with its
one-paragraph summary goes to every office clerk and leader.

A send is a row first: the workbook is written once under the database's folder (reports/), then one
outbox row per person keyed `report:monthly:{yyyy-mm}:{person_id}`, so the job running every minute, or
again after a restart, sends it once.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.services.calendar import WorkCalendar
from bot.services.completion import reachable_once
from bot.services.reminders import work_calendar
from bot.services.report import file_stem
from bot.services.report_files import make_files_in_process
from bot.services.report_scope import ReportScope
from storage.models import NewOutboxMessage, RoleName
from storage.repositories import Repositories

log = logging.getLogger(__name__)
Drain = Callable[[datetime], Awaitable[Any]]


def send_day(year: int, month: int, day: int, calendar: WorkCalendar) -> date:
    """The configured day of that month, moved back to a working day (never into the previous month)."""
    wanted = date(year, month, day)
    moved = wanted
    while not calendar.is_working_day(moved) and moved.day > 1:
        moved -= timedelta(days=1)
    return moved if calendar.is_working_day(moved) else calendar.working_day_on_or_after(wanted)


def report_key(month: date, person_id: int) -> str:
    return f"report:monthly:{month:%Y-%m}:{person_id}"


def reports_folder(settings: Settings) -> Path:
    return settings.db_path.parent / "reports"


async def run_monthly_report(repos: Repositories, settings: Settings, now: datetime,
                             render: Callable[..., str], drain: Drain | None = None) -> int:
    """Enqueue the month's report if it is due at `now`; returns how many rows were added."""
    calendar = await work_calendar(repos, settings)
    local = calendar.local(now)
    today = local.date()
    if today != send_day(today.year, today.month, settings.monthly_report_day, calendar):
        return 0
    if not settings.digests.office.at <= local.time() < calendar.window_end:
        return 0
    people = reachable_once(await repos.roles.people_with_role(RoleName.office)
                            + await repos.roles.people_with_role(RoleName.leader))
    waiting = [p for p in people if await repos.outbox.for_key(report_key(today, p.id)) is None]
    if not waiting:
        return 0
    scope = ReportScope(start=today.replace(day=1), end=today)
    folder = reports_folder(settings)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{file_stem(scope)}-{repos.tenant_id}.xlsx"  # one file per tenant
    data = await make_files_in_process(settings.database, repos.tenant_id, settings.db_path.parent,
                                       settings.timezone, scope, today, now, workbook=path)
    caption = render("report/summary.html.j2", data=data)
    shown = f"{file_stem(scope)}.xlsx"
    items = [NewOutboxMessage(key=report_key(today, p.id), chat_id=p.chat_id, kind="document",
                              payload={"path": str(path), "file_name": shown, "caption": caption})
             for p in waiting if p.chat_id is not None]
    added = await repos.outbox.enqueue_many(items, now)
    if added:
        log.info("monthly report %s: %s message(s) enqueued", f"{today:%m/%Y}", added)
        if drain is not None:
            await drain(now)
    return added
