"""Report benchmark over the storage benchmark's database (100,000 tasks over 500 units, two years).

    python bench/report.py [--tasks 100000] [--units 500] [--db PATH] [--keep] [--runs 3]

Times what /baocao and `dondoc report` do for a year: gathering the data (SQL aggregates and the task
list), writing the .xlsx, drawing the chart; each beside a baseline measured in the same run on the same
machine (the same task list written as CSV; an empty figure saved as PNG), so a loaded machine shows as
slower baselines too. Then renders in the report process while the event loop ticks every 10 ms, and
prints the longest the loop waited (what the bot's other users would feel).
"""

from __future__ import annotations

import asyncio
import csv
import shutil
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _db import database_arguments, fill_unless_filled, storage_bench  # noqa: E402 - after the sys.path line

from bot.services.report import report_data  # noqa: E402 - after the sys.path line
from bot.services.report_files import (  # noqa: E402 - after the sys.path line
    make_files,
    make_files_in_process,
    task_lines,
)
from bot.services.report_scope import ReportScope  # noqa: E402 - after the sys.path line
from storage.db import open_database  # noqa: E402 - after the sys.path line
from storage.repositories import FIRST_TENANT, Repositories  # noqa: E402 - after the sys.path line

TZ = "Asia/Ho_Chi_Minh"


CPU: list[float] = []  # process CPU seconds of each run of the last timed() (all threads)


def timed(call, runs: int) -> tuple[float, float]:
    times = []
    CPU.clear()
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        call()
        times.append(time.perf_counter() - started)
        CPU.append(time.process_time() - cpu)
    return min(times), max(times)


def show(label: str, spent: tuple[float, float], baseline: tuple[float, float], detail: str = "") -> None:
    # CPU beside wall time: on a shared machine the wall time says as much about the neighbours
    print(f"  {label:<28} {spent[0]:6.2f}–{spent[1]:5.2f} s (cpu {min(CPU):5.2f}–{max(CPU):5.2f})"
          f"   baseline {baseline[0]:5.2f}–{baseline[1]:5.2f} s"
          f"   x{spent[0] / max(baseline[0], 1e-6):5.1f}  {detail}")


def csv_baseline(data, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        for line in task_lines(data.rows, data.as_of):
            writer.writerow([line.notice, line.issued_on, line.position, line.text, line.leads,
                             line.coordinators, line.deadline, line.bucket, line.days_late, line.percent,
                             line.progress, line.acknowledged])


def empty_png(path: Path) -> None:
    from matplotlib import pyplot as plt

    fig, _ = plt.subplots(figsize=(10, 8), dpi=110)
    fig.savefig(path, format="png")
    plt.close(fig)


async def loop_lag(work) -> tuple[float, float]:
    """(seconds the work took, longest gap between 10 ms ticks meanwhile)."""
    worst, running = 0.0, True

    async def ticker() -> None:
        nonlocal worst
        last = time.perf_counter()
        while running:
            await asyncio.sleep(0.01)
            now = time.perf_counter()
            worst = max(worst, now - last - 0.01)
            last = now

    tick = asyncio.create_task(ticker())
    started = time.perf_counter()
    await work
    spent = time.perf_counter() - started
    running = False
    await tick
    return spent, worst


async def main() -> None:
    args = database_arguments(__doc__.splitlines()[0])
    runs = 3
    bench = storage_bench()
    workdir = Path(tempfile.mkdtemp(prefix="dondoc-bench-report-"))
    path = args.db or workdir / "bench.sqlite3"
    await fill_unless_filled(path, bench, args)
    db = await open_database(path, migrate=True)
    year = ReportScope(start=date(bench.TODAY.year, 1, 1), end=bench.TODAY)
    data = await report_data(Repositories(db, FIRST_TENANT), year, bench.TODAY, datetime.now(UTC))
    await db.close()
    today, now = bench.TODAY, datetime.now(UTC)
    scope = ReportScope(start=date(today.year, 1, 1), end=today)
    print(f"year {scope.start:%d/%m/%Y}–{scope.end:%d/%m/%Y}: {data.totals.total:,} tasks, {len(data.rows):,}"
          f" assignments in the list, {len(data.units)} units")
    xlsx, png, csv_path, blank = (workdir / n for n in ("y.xlsx", "y.png", "y.csv", "blank.png"))
    baseline_csv = timed(lambda: csv_baseline(data, csv_path), runs)
    # make_files runs its own event loop: timed from a worker thread
    spent = await asyncio.to_thread(
        timed, lambda: make_files(path, path.parent, TZ, scope, today, now, workbook=xlsx), runs)
    show("query + .xlsx (make_files)", spent, baseline_csv,
         f"{xlsx.stat().st_size / 1e6:.1f} MB (baseline: the same list as CSV)")
    empty_png(blank)  # pyplot imported before timing
    blank_times = timed(lambda: empty_png(blank), runs)
    spent = await asyncio.to_thread(
        timed, lambda: make_files(path, path.parent, TZ, scope, today, now, chart=png), runs)
    show("query + chart (make_files)", spent, blank_times,
         f"{png.stat().st_size / 1e3:.0f} kB (baseline: an empty figure)")

    # start the report process once
    await make_files_in_process(path, path.parent, TZ, scope, today, now, chart=png)
    for label, kwargs in (("xlsx in the report process", {"workbook": xlsx}),
                          ("chart in the report process", {"chart": png})):
        spent, worst = await loop_lag(
            make_files_in_process(path, path.parent, TZ, scope, today, now, **kwargs))
        print(f"  {label:<34} {spent:6.2f} s; event loop's longest wait meanwhile {worst * 1000:5.1f} ms")
    spent, worst = await loop_lag(
        asyncio.to_thread(make_files, path, path.parent, TZ, scope, today, now, workbook=xlsx))
    print(f"  {'xlsx in a thread (for comparison)':<34} {spent:6.2f} s; event loop's longest wait meanwhile"
          f" {worst * 1000:5.1f} ms")
    if not args.keep:
        shutil.rmtree(workdir)


if __name__ == "__main__":
    asyncio.run(main())
