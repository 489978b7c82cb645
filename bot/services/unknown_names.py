"""The preview's buttons for a unit name the directory does not know: give its tasks to a known unit,
create the unit under that name, or skip the name. A button names the name by its checksum
(bot.services.preview.name_id); None when the name is no longer waiting (or the unit is gone), and then
nothing has changed."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from bot.services.preview import find_name
from storage.repositories import Repositories


class ResolvedName(BaseModel):
    name: str
    unit_name: str | None = None  # the unit its tasks went to (None when skipped)


async def _waiting(repos: Repositories, notice_id: int, key: int) -> str | None:
    notice = await repos.notices.get_with_tasks(notice_id)
    return find_name(notice, key) if notice is not None else None


async def map_name(repos: Repositories, notice_id: int, key: int, unit_id: int, *, by: int, now: datetime
                   ) -> ResolvedName | None:
    name = await _waiting(repos, notice_id, key)
    unit = await repos.units.get(unit_id) if name is not None else None
    if name is None or unit is None or not unit.active:
        return None
    await repos.tasks.map_unresolved_name(notice_id, name, unit.id, by=by, now=now)
    return ResolvedName(name=name, unit_name=unit.name)


async def create_unit_for_name(repos: Repositories, notice_id: int, key: int, *, by: int, now: datetime
                               ) -> ResolvedName | None:
    """The name becomes a unit of the directory (the existing one, if it was created meanwhile)."""
    name = await _waiting(repos, notice_id, key)
    if name is None:
        return None
    unit = await repos.units.by_name(name) or await repos.units.create(name, now=now, by=by)
    await repos.tasks.map_unresolved_name(notice_id, name, unit.id, by=by, now=now)
    return ResolvedName(name=name, unit_name=unit.name)


async def skip_name(repos: Repositories, notice_id: int, key: int, *, by: int, now: datetime
                    ) -> ResolvedName | None:
    name = await _waiting(repos, notice_id, key)
    if name is None:
        return None
    await repos.tasks.drop_unresolved_name(notice_id, name, by=by, now=now)
    return ResolvedName(name=name)
