"""The report as files: the .xlsx workbook (openpyxl) and the PNG chart (matplotlib, Agg).

Both are CPU-bound and hold the GIL for seconds on a year of a big office, so the bot runs them in a
separate process (`render_in_process`); the command line calls them directly. Everything given to them
is plain data (`ReportData`, picklable), and every word they write comes from the `report/files.txt.j2`
labels, so the Vietnamese stays in templates.
"""

from __future__ import annotations

import asyncio
import atexit
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from messages.render import render
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
    totals: ReportCounts
    units: list[UnitReportCounts]
    rows: list[ReportTaskRow] = field(default_factory=list)


def bucket_of(deadline: date | None, done_on: date | None, as_of: date) -> str:
    if deadline is None:
        return "no_deadline_done" if done_on else "no_deadline_open"
    if done_on is not None:
        return "done_on_time" if done_on <= deadline else "done_late"
    return "overdue" if deadline < as_of else "open_in_term"


def task_lines(rows: list[ReportTaskRow], as_of: date) -> list[TaskLine]:
    """Group each task's assignments into one line, in notice and task order, leads first."""
    by_task: dict[int, list[ReportTaskRow]] = {}
    for row in sorted(rows, key=lambda r: (r.notice_id, r.position, r.role != "lead", r.unit_name)):
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


def write_workbook(data: ReportData, path: Path) -> Path:
    from bot.services.report_workbook import build_workbook  # openpyxl only where a workbook is made

    build_workbook(data, labels()).save(path)
    return path


def draw_chart(data: ReportData, path: Path) -> Path:
    from bot.services.report_chart import plot  # matplotlib only where a chart is drawn

    plot(data, labels(), path, CHART_UNITS)
    return path


_POOL: ProcessPoolExecutor | None = None


def _pool() -> ProcessPoolExecutor:
    # spawn: the bot's process runs threads (aiosqlite, the event loop); a forked copy could deadlock.
    global _POOL
    if _POOL is None:
        _POOL = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        atexit.register(_POOL.shutdown, cancel_futures=True)
    return _POOL


async def render_in_process(function: Any, data: ReportData, path: Path) -> Path:
    """Run write_workbook or draw_chart in the report process, off the event loop and its GIL."""
    return await asyncio.get_running_loop().run_in_executor(_pool(), function, data, path)
