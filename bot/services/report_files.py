"""The report as files: the .xlsx workbook (openpyxl) and the PNG chart (matplotlib, Agg).

Reading a year of a big office and writing it out is CPU-bound for seconds, so the bot runs the whole of
it — queries included — in a separate process (`make_files_in_process`): that process opens the database
itself, so nothing large crosses between processes and the bot's event loop never waits on the GIL. The
command line calls `make_files` directly. Every word the files hold comes from the
`report/files.txt.j2` labels, so the Vietnamese stays in templates.
"""

from __future__ import annotations

import asyncio
import gc
import os
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.cpu_pool import WorkerProcess
from bot.services.report_scope import ReportScope
from messages.render import render
from storage.collation import vn_key
from storage.models import ReportCounts, ReportTaskRow, UnitReportCounts

CHART_UNITS = 20
_LABELS: dict[str, str] | None = None


def labels() -> dict[str, str]:
    """`key = text` lines of report/files.txt.j2 (sheet names, headers, legend)."""
    global _LABELS
    if _LABELS is None:
        pairs = (line.split(" = ", 1) for line in render("report/files.txt.j2").splitlines() if " = " in line)
        _LABELS = {key.strip(): text.strip() for key, text in pairs}
    return _LABELS


@dataclass(slots=True)
class TaskLine:
    """One task of the workbook's list: its lead units' state (all units' when none leads)."""

    notice: str
    issued_on: date | None
    position: int
    text: str
    leads: str
    coordinators: str
    deadline: date | None
    bucket: str  # a key of labels(): done_on_time, done_late, open_in_term, overdue, no_deadline_*
    days_late: int | None
    percent: int
    progress: str
    acknowledged: str


@dataclass
class ReportData:
    """Plain, picklable data for the report process. `rows` are the task list's assignments, grouped
    into task lines (`task_lines`) in that process too."""

    title: str
    scope: str
    start: date | None
    end: date
    as_of: date
    made_at: datetime
    totals: ReportCounts | None  # None when only the chart was made (its caption needs no totals)
    units: list[UnitReportCounts]
    rows: list[ReportTaskRow] = field(default_factory=list)


def bucket_of(deadline: date | None, done_on: date | None, as_of: date) -> str:
    if deadline is None:
        return "no_deadline_done" if done_on else "no_deadline_open"
    if done_on is not None:
        return "done_on_time" if done_on <= deadline else "done_late"
    return "overdue" if deadline < as_of else "open_in_term"


def task_lines(rows: list[ReportTaskRow], as_of: date) -> list[TaskLine]:
    """Group each task's assignments into one line, in notice and task order, leads first, units in
    Vietnamese order (vn_key, computed once per unit name)."""
    rank = {name: place for place, name in enumerate(sorted({r.unit_name for r in rows}, key=vn_key))}
    by_task: dict[int, list[ReportTaskRow]] = {}
    for row in sorted(rows, key=lambda r: (r.notice_id, r.position, r.role != "lead", rank[r.unit_name])):
        by_task.setdefault(row.task_id, []).append(row)
    names = labels()
    lines = []
    for group in by_task.values():
        leads = [r for r in group if r.role == "lead"] or group
        deadlines = [r.deadline for r in leads if r.deadline]
        deadline = max(deadlines) if deadlines else None
        done = all(r.done_on for r in leads)
        done_on = max(r.done_on for r in leads if r.done_on) if done else None
        bucket = bucket_of(deadline, done_on, as_of)
        late = None
        if deadline is not None and bucket in ("done_late", "overdue"):
            late = ((done_on or as_of) - deadline).days
        latest = next((r.latest_progress for r in leads if r.latest_progress), "")
        acknowledged = sum(1 for r in group if r.acknowledged)
        first = group[0]
        lines.append(TaskLine(
            first.notice_number or names["no_number"], first.notice_issued_on, first.position,
            first.task_text,
            ", ".join(r.unit_name for r in group if r.role == "lead"),
            ", ".join(r.unit_name for r in group if r.role != "lead"),
            deadline, bucket, late, min(r.percent for r in leads), latest or "",
            f"{acknowledged}/{len(group)}",
        ))
    return lines


@contextmanager
def gc_paused() -> Iterator[None]:
    """A year's report allocates millions of short-lived objects and no cycles: the collector's passes
    over them cost a third of the work, so it pauses meanwhile (and collects as usual afterwards)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def write_workbook(data: ReportData, path: Path) -> Path:
    from bot.services.report_workbook import build_workbook  # openpyxl only where a workbook is made
    from bot.services.xlsx_rows import save_fast

    with gc_paused():
        save_fast(build_workbook(data, labels()), path)
    return path


def draw_chart(data: ReportData, path: Path) -> Path:
    from bot.services.report_chart import plot  # matplotlib only where a chart is drawn

    plot(data, labels(), path, CHART_UNITS)
    return path


# Reports have a worker of their own: a year's workbook takes seconds, and a notice's parse or a sweep
# (bot.cpu_pool's worker) must not wait behind it.
_REPORTS = WorkerProcess()


def make_files(database: Path | str, tenant_id: int, local_dir: Path, tz_name: str, scope: ReportScope,
               today: date, now: datetime, *, workbook: Path | None = None, chart: Path | None = None
               ) -> ReportData:
    """Read tenant `tenant_id`'s report of `scope` from the database (Settings.database) and write the
    workbook and/or the chart. Returns the report without its task list (what a caption or a summary
    line needs). local_dir: the folder of the bot's local files (DONDOC_DB_PATH's)."""
    with gc_paused():
        data = _run(_read(database, tenant_id, tz_name, scope, today, now, with_tasks=workbook is not None))
        if workbook is not None:
            write_workbook(data, workbook)
        if chart is not None:
            # matplotlib keeps its font list under MPLCONFIGDIR (else ~/.config): where HOME is read-only
            # (systemd, Docker) it would rebuild it in a temporary directory, seconds, in every report
            # process; beside the database it is built once and kept
            os.environ.setdefault("MPLCONFIGDIR", str(local_dir / "matplotlib"))
            draw_chart(data, chart)
        data.rows = []
    return data


def _run(read: Coroutine[Any, Any, ReportData]) -> ReportData:
    """asyncio.run without its SIGINT handler: on Python 3.11, restoring that handler repr()s the main
    task, result included (signal.getsignal turns the handler into an enum and formats a ValueError),
    and a year's report holds a hundred thousand rows: seconds of CPU spent on a string nobody reads."""
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(read)
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()


async def _read(database: Path | str, tenant_id: int, tz_name: str, scope: ReportScope, today: date,
                now: datetime, *, with_tasks: bool) -> ReportData:
    from bot.services.report import report_data  # the service imports this module
    from storage.db import open_database
    from storage.repositories import Repositories

    db = await open_database(database, read_only=True)
    side = await open_database(database, read_only=True) if with_tasks else None
    try:
        repos = Repositories(db, tenant_id, tz=ZoneInfo(tz_name))
        return await report_data(repos, scope, today, now, with_tasks=with_tasks,
                                 side=Repositories(side, tenant_id, tz=ZoneInfo(tz_name)) if side else None)
    finally:
        await db.close()
        if side is not None:
            await side.close()


async def make_files_in_process(database: Path | str, tenant_id: int, local_dir: Path, tz_name: str,
                                scope: ReportScope, today: date, now: datetime, *,
                                workbook: Path | None = None, chart: Path | None = None) -> ReportData:
    """make_files in the report process, off the event loop and its GIL."""
    return await _REPORTS.run(make_files, database, tenant_id, local_dir, tz_name, scope, today, now,
                              workbook=workbook, chart=chart)
