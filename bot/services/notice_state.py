"""The checks a press or a reply on a notice's message passes before anything changes: the notice (or its
task, or its safety-net sentence) still exists and is in the state the flow needs. A press on the
office's review must also sit on the message that shows this very draft: callback data forged or copied
from another draft is refused. None means stale: nothing was changed."""

from __future__ import annotations

from storage.models import Candidate, Notice, NoticeStatus, Task
from storage.repositories import Repositories


async def find_notice(repos: Repositories, notice_id: int) -> Notice | None:
    return await repos.notices.get(notice_id)


async def draft_notice(repos: Repositories, notice_id: int | None) -> Notice | None:
    notice = await repos.notices.get(notice_id) if notice_id else None
    return notice if notice is not None and notice.status is NoticeStatus.draft else None


async def published_notice(repos: Repositories, notice_id: int | None) -> Notice | None:
    notice = await repos.notices.get(notice_id) if notice_id else None
    return notice if notice is not None and notice.status is NoticeStatus.published else None


async def draft_task(repos: Repositories, task_id: int) -> Task | None:
    """A task of a notice that is still a draft."""
    task = await repos.tasks.get(task_id)
    return task if task is not None and await draft_notice(repos, task.notice_id) is not None else None


async def draft_shown(repos: Repositories, notice_id: int | None, chat_id: int, message_id: int
                      ) -> Notice | None:
    """The draft, if message `message_id` in `chat_id` is the bot's message showing it."""
    if notice_id is None:
        return None
    link = await repos.links.find(chat_id, message_id)
    notice = await draft_notice(repos, notice_id)
    return notice if link is not None and link.notice_id == notice_id else None


async def task_of_draft_shown(repos: Repositories, task_id: int, chat_id: int, message_id: int
                              ) -> tuple[Notice, Task] | None:
    task = await repos.tasks.get(task_id)
    notice = await draft_shown(repos, task.notice_id if task else None, chat_id, message_id)
    return None if notice is None or task is None else (notice, task)


async def candidate_of_draft_shown(repos: Repositories, candidate_id: int, chat_id: int, message_id: int
                                   ) -> tuple[Notice, Candidate] | None:
    candidate = await repos.candidates.get(candidate_id)
    notice = await draft_shown(repos, candidate.notice_id if candidate else None, chat_id, message_id)
    return None if notice is None or candidate is None else (notice, candidate)


async def live_tasks(repos: Repositories, notice_id: int) -> list[Task]:
    """The published notice's tasks that some unit still holds (not withdrawn), in the notice's order."""
    live = {a.task_id for a in await repos.assignments.for_notice(notice_id) if a.withdrawn_at is None}
    return [t for t in await repos.tasks.for_notice(notice_id) if t.id in live]


async def open_task(repos: Repositories, task_id: int) -> tuple[Task, Notice] | None:
    """A task of a published notice that some unit still holds: the office may correct it."""
    task = await repos.tasks.get(task_id)
    notice = await published_notice(repos, task.notice_id) if task else None
    if task is None or notice is None:
        return None
    held = any(a.task_id == task_id and a.withdrawn_at is None
               for a in await repos.assignments.for_notice(notice.id))
    return (task, notice) if held else None
