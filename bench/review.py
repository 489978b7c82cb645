"""The office's corrections to a draft: what one press costs on the server, next to the baseline every
review press already paid before (reloading the draft's preview and rendering it).

    python bench/review.py [--tasks 100] [--candidates 40] [--units 60] [--runs 30]

A temporary database holds a directory of --units units and one draft of --tasks tasks and --candidates
safety-net sentences. Each operation is timed with the preview redraw that follows it in the bot
(load_preview + render + the keyboard's labels), repeated --runs times on a fresh draft; printed are the
median and min–max in ms. Telegram is not involved. (The asserts only make sure no operation was a
no-op; nothing about time is asserted.)
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.parser.models import ParsedNotice, ParsedTask, TaskFlag, Unclaimed  # noqa: E402 - after sys.path
from bot.services import review  # noqa: E402 - after the sys.path line
from bot.services.intake import save_draft  # noqa: E402 - after the sys.path line
from bot.services.preview import load_preview  # noqa: E402 - after the sys.path line
from bot.services.review_views import task_list, unit_picker  # noqa: E402 - after the sys.path line
from messages.render import render  # noqa: E402 - after the sys.path line
from storage.db import open_database  # noqa: E402 - after the sys.path line
from storage.repositories import FIRST_TENANT, Repositories  # noqa: E402 - after the sys.path line

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=100)
    parser.add_argument("--candidates", type=int, default=40)
    parser.add_argument("--units", type=int, default=60)
    parser.add_argument("--runs", type=int, default=30)
    return parser.parse_args()


def draft(args: argparse.Namespace) -> ParsedNotice:
    tasks = [ParsedTask(text=f"Đơn vị số {n % args.units} làm việc {n}. Báo cáo kết quả trước 30/11.",
                        units=[f"Đơn vị số {n % args.units}"], span=(n * 1000, n * 1000 + 90),
                        flags=[TaskFlag.year_inferred] if n % 7 else []) for n in range(args.tasks)]
    unclaimed = [Unclaimed(text=f"Đề nghị Đơn vị số {n % args.units} phối hợp thực hiện việc {n}.",
                           units=[f"Đơn vị số {n % args.units}"], span=(n * 1000 + 500, n * 1000 + 560))
                 for n in range(args.candidates)]
    return ParsedNotice(tasks=tasks, unclaimed=unclaimed)


async def redraw(repos: Repositories, notice_id: int) -> None:
    preview = await load_preview(repos, notice_id)
    assert preview is not None
    render("notice_preview.html.j2", preview=preview, note=None, shown=5)


async def main() -> None:
    args = arguments()
    with tempfile.TemporaryDirectory() as folder:
        db = await open_database(Path(folder) / "review.sqlite3", migrate=True)
        repos = Repositories(db, FIRST_TENANT)
        office = await repos.people.upsert_from_telegram(1, 1, "Văn thư", NOW)
        await repos.units.import_units([(f"Đơn vị số {n}", "department", [], []) for n in range(args.units)],
                                       now=NOW)
        parsed = draft(args)

        async def fresh() -> tuple[int, list, list]:
            notice = await save_draft(repos, parsed, text="", by=office.id, source_name=None,
                                      digest=str(time.perf_counter_ns()), file_id=None, now=NOW)
            return notice.id, await repos.tasks.for_notice(notice.id), await repos.candidates.open_for_notice(
                notice.id)

        async def baseline(notice_id: int, tasks: list, candidates: list) -> None:
            await redraw(repos, notice_id)

        async def take(notice_id: int, tasks: list, candidates: list) -> None:
            middle = candidates[len(candidates) // 2]
            assert await review.take_candidate(repos, middle.id, by=office.id, now=NOW)
            await redraw(repos, notice_id)

        async def toggle(notice_id: int, tasks: list, candidates: list) -> None:
            task = tasks[len(tasks) // 2]
            unit = (await repos.units.list())[3]
            assert await review.toggle_unit(repos, task, unit.id, by=office.id, now=NOW)
            await unit_picker(repos, task, 1)

        async def split(notice_id: int, tasks: list, candidates: list) -> None:
            task = tasks[len(tasks) // 2]
            assert await review.split_at(repos, task, 1, review.text_check(task.text), by=office.id, now=NOW)
            await redraw(repos, notice_id)

        async def remove(notice_id: int, tasks: list, candidates: list) -> None:
            assert await repos.tasks.remove_draft_task(tasks[len(tasks) // 2].id, by=office.id, now=NOW)
            await redraw(repos, notice_id)

        async def edit(notice_id: int, tasks: list, candidates: list) -> None:
            middle = tasks[len(tasks) // 2]
            assert await review.edit_text(repos, middle.id, "Nội dung mới.", by=office.id, now=NOW)
            await redraw(repos, notice_id)

        async def listing(notice_id: int, tasks: list, candidates: list) -> None:
            render("review/task_list.html.j2", view=await task_list(repos, notice_id, 5))

        operations: list[tuple[str, Callable[..., Awaitable[None]]]] = [
            ("baseline: preview reload + render", baseline), ("➕ Câu (take a sentence)", take),
            ("picker: toggle a unit + page", toggle), ("Tách after sentence 1", split),
            ("Xóa a task", remove), ("Sửa nội dung", edit), ("Sửa: a page of the task list", listing),
        ]
        print(f"draft of {args.tasks} tasks, {args.candidates} sentences, {args.units} units; "
              f"{args.runs} runs each")
        for label, operation in operations:
            times = []
            for _ in range(args.runs):
                notice_id, tasks, candidates = await fresh()
                started = time.perf_counter()
                await operation(notice_id, tasks, candidates)
                times.append((time.perf_counter() - started) * 1000)
                await repos.notices.delete_draft(notice_id, now=NOW)
            print(f"{label:<36} median {statistics.median(times):6.2f} ms   min–max "
                  f"{min(times):6.2f}–{max(times):6.2f} ms")
        await db.close()


if __name__ == "__main__":
    asyncio.run(main())
