"""The demo's ward for the report flow tests: its unit directory, its people, and its sample notice
(8 tasks) published through the repositories, dated relative to the real today (the bot reads the clock)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from bot.demo.notice import notice_text, units_file
from bot.parser import parse_notice
from bot.parser.directory import UnitDirectory
from bot.services.intake import unit_directory
from bot.services.units import directory_specs
from storage.models import Assignment, Notice, Person, RoleName, Unit
from storage.repositories import Repositories
from tests.bot.replies_world import VN_TZ

CHAIRMAN, CLERK, ECONOMY_HEAD, CULTURE_HEAD, POLICE_HEAD, CLINIC_HEAD = 6001, 6002, 6003, 6004, 6005, 6006
ECONOMY, CULTURE, POLICE, CLINIC = ("Phòng Kinh tế, Hạ tầng và Đô thị", "Phòng Văn hóa - Xã hội",
                                    "Công an phường", "Trạm Y tế phường")


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return now().astimezone(VN_TZ).date()


@dataclass
class Ward:
    repos: Repositories
    units: dict[str, Unit] = field(default_factory=dict)
    people: dict[int, Person] = field(default_factory=dict)
    notice: Notice | None = None

    async def assignment(self, unit: str, words: str) -> Assignment:
        assert self.notice is not None
        found = [a for a in await self.repos.assignments.for_notice(self.notice.id)
                 if a.unit_name == unit and words in a.task_text]
        assert len(found) == 1, (unit, words, found)
        return found[0]


async def demo_ward(repos: Repositories, *, publish: bool = True) -> Ward:
    ward = Ward(repos)
    stamp = now()
    for unit in await repos.units.import_units(directory_specs(UnitDirectory.load(units_file())), now=stamp):
        ward.units[unit.name] = unit
    for telegram_id, name, role, unit in (
        (CHAIRMAN, "Nguyễn Văn Hùng", RoleName.leader, None),
        (CLERK, "Nguyễn Thị Hạnh", RoleName.office, None),
        (ECONOMY_HEAD, "Trần Văn Bình", RoleName.head, ECONOMY),
        (CULTURE_HEAD, "Lê Thị Mai", RoleName.head, CULTURE),
        (POLICE_HEAD, "Võ Quốc Dũng", RoleName.head, POLICE),
        (CLINIC_HEAD, "Phạm Thu Trang", RoleName.head, CLINIC),
    ):
        person = await repos.people.upsert_from_telegram(telegram_id, telegram_id, name, stamp)
        await repos.roles.grant(person.id, role, ward.units[unit].id if unit else None, granted_by=None,
                                now=stamp)
        ward.people[telegram_id] = person
    text = notice_text(today())
    parsed = parse_notice(text, directory=await unit_directory(repos))
    draft = await repos.notices.save_parsed(
        parsed, created_by=ward.people[CLERK].id, source_name="45.docx", source_sha256="demo",
        source_file_id=None, text=text, unit_ids_by_name=await repos.units.ids_by_name(), now=stamp)
    for name in draft.unresolved_names():  # the demo maps the market team to the economy unit
        await repos.tasks.map_unresolved_name(draft.id, name, ward.units[ECONOMY].id, now=stamp)
    if publish:
        await repos.notices.publish(draft.id, stamp, by=ward.people[CLERK].id)
    ward.notice = await repos.notices.get_with_tasks(draft.id)
    return ward
