"""The report of a scope (a period, one unit or one notice): counts from SQL aggregates, the task list,
and the file names the bot and `dondoc report` write them to."""

from __future__ import annotations

import asyncio
import re
import unicodedata
from datetime import date, datetime

from bot.services.report_files import ReportData, bucket_of, labels
from bot.services.report_scope import ReportScope
from storage.collation import vn_key
from storage.models import ReportTaskRow, UnitReportCounts
from storage.repositories import Repositories
from storage.repositories.reports import ReportWindow

_BUCKET_KEYS = ("done_on_time", "done_late", "open_in_term", "overdue", "no_deadline_done",
                "no_deadline_open")


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
                      with_tasks: bool = True, side: Repositories | None = None) -> ReportData:
    """Everything the workbook and the chart show. The chart alone (with_tasks=False) needs neither the
    task list nor the totals over tasks, which cost most of a year's reading. `side`, a second
    connection, reads the totals while the first reads the task list (SQLite runs without the GIL)."""
    span = window(scope, today)
    rows: list[ReportTaskRow] = []
    totals = None
    if with_tasks:
        rows, totals = await asyncio.gather(repos.reports.task_rows(span),
                                            (side or repos).reports.task_counts(span))
    return ReportData(
        title=labels()["title"], scope=await scope_name(repos, scope), start=scope.start, end=scope.end,
        as_of=span.as_of, made_at=now.astimezone(repos.reports.tz), totals=totals,
        # the task list holds exactly the assignments unit_counts would count: no second pass over them
        units=unit_counts_of(rows, span.as_of) if with_tasks else await repos.reports.unit_counts(span),
        rows=rows,
    )


def unit_counts_of(rows: list[ReportTaskRow], as_of: date) -> list[UnitReportCounts]:
    """reports.unit_counts computed from the task list's rows (the same scope and buckets)."""
    counts: dict[int, dict[str, int]] = {}
    names: dict[int, str] = {}
    for row in rows:
        unit = counts.get(row.unit_id)
        if unit is None:
            unit = counts[row.unit_id] = dict.fromkeys(_BUCKET_KEYS, 0)
            names[row.unit_id] = row.unit_name
        unit[bucket_of(row.deadline, row.done_on, as_of)] += 1
    found = [UnitReportCounts(unit_id=unit_id, unit_name=names[unit_id], **buckets)
             for unit_id, buckets in counts.items()]
    return sorted(found, key=lambda r: (vn_key(r.unit_name), r.unit_id))


def file_stem(scope: ReportScope, subject: str | None = None, kind: str | None = None) -> str:
    """A name a clerk can read and file: bao-cao-thang-11-2026, bao-cao-quy-4-2026, bao-cao-nam-2026,
    bao-cao-tuan-23-11-2026 (`kind`: the period the person asked for, up to today), otherwise from the
    dates: a month's days -> thang, any other span -> bao-cao-tu-01-11-2026-den-15-11-2026. Then the unit
    or notice (`subject`, e.g. the report's scope words) without diacritics. ASCII, so every mail client
    and phone keeps it."""
    start, end = scope.start, scope.end
    if start is None:
        period = f"den-{end:%d-%m-%Y}"
    elif kind == "week":
        period = f"tuan-{start:%d-%m-%Y}"
    elif kind == "quarter":
        period = f"quy-{(start.month + 2) // 3}-{start:%Y}"
    elif kind == "year":
        period = f"nam-{start:%Y}"
    elif kind == "month" or (start.day == 1 and (start.year, start.month) == (end.year, end.month)):
        period = f"thang-{start:%m-%Y}"
    else:
        period = f"tu-{start:%d-%m-%Y}-den-{end:%d-%m-%Y}"
    stem = f"bao-cao-{period}"
    if subject and (scope.unit_id is not None or scope.notice_id is not None):
        stem += "-" + ascii_slug(subject)
    return stem


def ascii_slug(text: str, limit: int = 60) -> str:
    """'Đơn vị: Phòng Văn hóa - Xã hội' -> 'don-vi-phong-van-hoa-xa-hoi'."""
    plain = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:limit].rstrip("-")
