"""The pages of the office's review, each small enough for one Telegram message and its keyboard: the
draft's tasks, the unit picker of one task, the safety-net sentences beyond the preview's first few, and
the sentences a task may be split at."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel

from bot.services.review import sentences, text_check
from storage.models import AssignmentRole, Candidate, Task, Unit
from storage.repositories import Repositories

TASKS_PER_PAGE = 10
UNITS_PER_PAGE = 8
CANDIDATES_PER_PAGE = 5  # also how many the preview itself shows with buttons
SPLIT_POINTS_SHOWN = 20

T = TypeVar("T")


def page_of(items: list[T], page: int, size: int) -> tuple[list[T], int, int]:
    """The items of page `page` (1-based, clamped into range), the page and the number of pages."""
    pages = max(1, -(-len(items) // size))
    page = min(max(page, 1), pages)
    return items[(page - 1) * size: page * size], page, pages


class TaskList(BaseModel):
    notice_id: int
    tasks: list[Task]
    total: int
    page: int
    pages: int


class UnitChoice(BaseModel):
    number: int  # the button label on this page
    unit: Unit
    role: AssignmentRole | None


class UnitPicker(BaseModel):
    task: Task
    choices: list[UnitChoice]
    page: int
    pages: int


class CandidatePage(BaseModel):
    notice_id: int
    candidates: list[Candidate]
    total: int
    page: int
    pages: int


class SplitChoice(BaseModel):
    task: Task
    sentences: list[str]
    check: int  # text_check of the text the sentences come from

    @property
    def points(self) -> int:
        """How many split buttons to offer (one after each sentence but the last, capped)."""
        return min(len(self.sentences) - 1, SPLIT_POINTS_SHOWN)


async def task_list(repos: Repositories, notice_id: int, page: int) -> TaskList:
    tasks = await repos.tasks.for_notice(notice_id)
    shown, page, pages = page_of(tasks, page, TASKS_PER_PAGE)
    return TaskList(notice_id=notice_id, tasks=shown, total=len(tasks), page=page, pages=pages)


async def unit_picker(repos: Repositories, task: Task, page: int) -> UnitPicker:
    roles = {u.unit_id: u.role for u in task.units}
    units, page, pages = page_of(await repos.units.list(), page, UNITS_PER_PAGE)
    choices = [UnitChoice(number=n, unit=u, role=roles.get(u.id)) for n, u in enumerate(units, start=1)]
    return UnitPicker(task=task, choices=choices, page=page, pages=pages)


async def candidate_page(repos: Repositories, notice_id: int, page: int) -> CandidatePage:
    candidates = await repos.candidates.open_for_notice(notice_id)
    shown, page, pages = page_of(candidates, page, CANDIDATES_PER_PAGE)
    return CandidatePage(notice_id=notice_id, candidates=shown, total=len(candidates), page=page, pages=pages)


def split_choice(task: Task) -> SplitChoice:
    return SplitChoice(task=task, sentences=sentences(task.text), check=text_check(task.text))
