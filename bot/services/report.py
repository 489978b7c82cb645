"""The report of a scope (a period, one unit or one notice): counts from SQL aggregates, the task list,
and the file names the bot and `dondoc report` write them to."""

from __future__ import annotations

from datetime import date, datetime

from bot.services.report_files import ReportData, labels
from bot.services.report_scope import ReportScope
from storage.repositories import Repositories
from storage.repositories.reports import ReportWindow


def window(scope: ReportScope, today: date) -> ReportWindow:
    return ReportWindow(start=scope.start, end=scope.end, as_of=min(scope.end, today), unit_id=scope.unit_id,
                        notice_id=scope.notice_id)


async def scope_name(repos: Repositories, scope: ReportScope) -> str:
    words = labels()
    if scope.notice_id is not None:
        notice = await repos.notices.get(scope.notice_id)
        return words["scope_notice"].format(number=(notice.number if notice else None) or words["no_number"])
    if scope.unit_id is not None:
        unit = await repos.units.get(scope.unit_id)
        return words["scope_unit"].format(name=unit.name if unit else "")
    return words["scope_all"]


async def report_data(repos: Repositories, scope: ReportScope, today: date, now: datetime, *,
                      with_tasks: bool = True) -> ReportData:
    """Everything the workbook and the chart show. The chart alone (with_tasks=False) needs neither the
    task list nor the totals over tasks, which cost most of a year's reading."""
    span = window(scope, today)
    return ReportData(
        title=labels()["title"], scope=await scope_name(repos, scope), start=scope.start, end=scope.end,
        as_of=span.as_of, made_at=now.astimezone(repos.reports.tz),
        totals=await repos.reports.task_counts(span) if with_tasks else None,
        units=await repos.reports.unit_counts(span),
        rows=await repos.reports.task_rows(span) if with_tasks else [],
    )


def file_stem(scope: ReportScope) -> str:
    """bao-cao-20261201-20261231[-dv12][-tb7]: ASCII, so every mail client and phone keeps it."""
    stem = "bao-cao-" + (f"{scope.start:%Y%m%d}-" if scope.start else "") + f"{scope.end:%Y%m%d}"
    if scope.unit_id is not None:
        stem += f"-dv{scope.unit_id}"
    if scope.notice_id is not None:
        stem += f"-tb{scope.notice_id}"
    return stem
