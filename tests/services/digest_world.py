"""A small committee built straight through the repositories, for digest tests: units, heads, leaders,
office staff and published notices whose assignments are acknowledged, done or left open at chosen times."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.parser.models import NoticeMeta, ParsedNotice, ParsedTask, Recurrence
from storage.models import Assignment, Notice, Person, RoleName, Unit
from storage.repositories import Repositories

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# A unit name that must come out escaped, with diacritics.
TRICKY_UNIT = "Phòng <b>Kinh tế</b> & Hạ tầng"


def at(day: date, hhmm: str = "09:00") -> datetime:
    hour, minute = map(int, hhmm.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=VN)


class World:
    def __init__(self, repos: Repositories) -> None:
        self.repos = repos
        self._next_user = 7000
        self.clerk: Person | None = None

    @classmethod
    async def start(cls, repos: Repositories) -> World:
        world = cls(repos)
        world.clerk = await world.person("Văn thư", RoleName.office)
        return world

    async def unit(self, name: str) -> Unit:
        return await self.repos.units.create(name, now=at(date(2026, 5, 1)))

    async def person(self, name: str, role: RoleName, unit: Unit | None = None,
                     telegram_id: int | None = None) -> Person:
        if telegram_id is None:
            self._next_user += 1
            telegram_id = self._next_user
        person = await self.repos.people.upsert_from_telegram(telegram_id, telegram_id, name,
                                                              at(date(2026, 5, 1)))
        await self.repos.roles.grant(person.id, role, unit.id if unit else None, granted_by=None,
                                     now=at(date(2026, 5, 1)))
        return person

    async def notice(
        self, number: str, published_on: date,
        tasks: list[tuple[str, list[Unit], date | None] | tuple[str, list[Unit], date | None, Recurrence]],
    ) -> Notice:
        parsed = ParsedNotice(
            notice=NoticeMeta(number=number, issuer="UBND phường Bạch Đằng", title="Kết luận phiên họp",
                              issued_on=published_on),
            tasks=[ParsedTask(text=task[0], units=[u.name for u in task[1]], deadline=task[2],
                              recurrence=task[3] if len(task) > 3 else None)  # type: ignore[misc]
                   for task in tasks],
        )
        draft = await self.repos.notices.save_parsed(
            parsed, created_by=None, source_name=None, source_sha256=None, source_file_id=None,
            text=number, unit_ids_by_name=await self.repos.units.ids_by_name(), now=at(published_on, "08:00"),
        )
        published = await self.repos.notices.publish(draft.id, at(published_on, "08:30"))
        assert published is not None
        return published

    async def assignment(self, notice: Notice, text: str) -> Assignment:
        found = [a for a in await self.repos.assignments.for_notice(notice.id) if a.task_text == text]
        assert len(found) == 1, text
        return found[0]

    async def acknowledge(self, item: Assignment, day: date) -> None:
        assert self.clerk is not None
        assert await self.repos.assignments.acknowledge(item.id, self.clerk.id, at(day)) is not None

    async def done(self, item: Assignment, day: date) -> None:
        assert self.clerk is not None
        done = await self.repos.assignments.mark_done(item.id, self.clerk.id, "Đã xong", at(day, "15:00"))
        assert done is not None
