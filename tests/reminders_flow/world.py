"""A ward office on disk: the ward's directory imported and both written notices (tests/notices: TB_52 and
KH_118) published on 03/06/2026 from their expected task lists, one head per unit (and a deputy in the
office's unit), office staff and the leader who owns the notices, all registered through the
repositories. Sweeps run `run_reminder_sweep` at chosen moments; `reopen()` closes the database and
opens it again, as a restart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.services.calendar import WorkCalendar
from bot.services.reminders import SweepResult, run_reminder_sweep
from messages.render import render
from storage.db import Database, open_database
from storage.models import Assignment, Notice, Person
from storage.repositories import FIRST_TENANT, Repositories
from tests.notices import KH_118, MARKET, OFFICE, TB_52
from tests.notices.store import import_ward, save_draft

VN = ZoneInfo("Asia/Ho_Chi_Minh")
SWEEP_TIMES = ("07:30", "12:00", "17:30")


def at(day: date, hhmm: str = "07:30") -> datetime:
    hour, minute = map(int, hhmm.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=VN)


def days(start: date, end: date):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


@dataclass
class World:
    path: Path | str  # the SQLite file or the PostgreSQL URL (Settings.database)
    settings: Settings
    db: Database | None = None
    repos: Repositories | None = None
    notice: Notice | None = None  # TB_52
    notices: list[Notice] = field(default_factory=list)  # TB_52, KH_118
    heads: dict[str, Person] = field(default_factory=dict)  # unit name -> head
    deputy: Person | None = None
    office: Person | None = None
    leader: Person | None = None
    unit_ids: dict[str, int] = field(default_factory=dict)
    results: list[SweepResult] = field(default_factory=list)

    @property
    def calendar(self) -> WorkCalendar:
        return WorkCalendar.from_policy(self.settings.reminders)

    async def open(self) -> None:
        self.db = await open_database(self.path, migrate=True)
        self.repos = Repositories(self.db, FIRST_TENANT, tz=self.settings.tz)

    async def close(self) -> None:
        if self.db is not None:
            await self.db.close()
            self.db = self.repos = None

    async def reopen(self) -> None:
        await self.close()
        await self.open()

    async def setup(self, published: datetime, repos: Repositories | None = None) -> World:
        """Seed the office; with `repos` (a running bot's), into that database instead of opening one."""
        if repos is None:
            await self.open()
        else:
            self.repos, self.db = repos, repos.db
        r = self.repos
        assert r is not None
        units = await import_ward(r, published)
        # The notices name a unit the directory lacks; the office created it from the preview.
        units[MARKET] = await r.units.create(MARKET, now=published)
        for index, (name, unit) in enumerate(units.items(), start=1):
            self.unit_ids[name] = unit.id
            user_id = 1000 + index
            head = await r.people.upsert_from_telegram(user_id, user_id, f"Trưởng {index}", published)
            await r.roles.grant(head.id, "head", unit.id, granted_by=None, now=published)
            self.heads[name] = head
        self.office = await r.people.upsert_from_telegram(500, 500, "Văn phòng", published)
        await r.roles.grant(self.office.id, "office", granted_by=None, now=published)
        self.leader = await r.people.upsert_from_telegram(600, 600, "Chủ tịch", published)
        await r.roles.grant(self.leader.id, "leader", granted_by=None, now=published)
        self.deputy = await r.people.upsert_from_telegram(700, 700, "Phó phòng", published)
        await r.roles.grant(self.deputy.id, "deputy", self.unit_ids[OFFICE], granted_by=None, now=published)
        for written in (TB_52, KH_118):
            draft = await save_draft(r, written, by=self.office.id, now=published)
            await r.notices.set_leader(draft.id, self.leader.id, by=self.office.id, now=published)
            notice = await r.notices.publish(draft.id, published, by=self.office.id)
            assert notice is not None
            self.notices.append(notice)
        self.notice = self.notices[0]
        return self

    async def sweep(self, now: datetime) -> SweepResult:
        assert self.repos is not None
        result = await run_reminder_sweep(self.repos, self.settings, now, render)
        self.results.append(result)
        return result

    async def walk(self, start: date, end: date, times=SWEEP_TIMES) -> list[SweepResult]:
        out = []
        for day in days(start, end):
            for hhmm in times:
                out.append(await self.sweep(at(day, hhmm)))
        return out

    async def assignments(self) -> list[Assignment]:
        """Every assignment of both notices."""
        assert self.repos is not None
        return [a for notice in self.notices for a in await self.repos.assignments.for_notice(notice.id)]

    async def earliest_deadline(self) -> Assignment:
        """The lead assignment of TB_52's first task with the earliest deadline of both notices."""
        task = TB_52.earliest()
        assert task.deadline < KH_118.earliest().deadline  # type: ignore[operator]
        unit_id = self.unit_ids[task.lead[0]]
        return next(a for a in await self.assignments()
                    if a.task_text == task.text and a.unit_id == unit_id)

    def head_of(self, assignment: Assignment) -> Person:
        return self.heads[assignment.unit_name]

    def sent(self, assignment_id: int | None = None, audience: str = "head"):
        """(local date, local time, kind) of every reminder item that went out, oldest first; one entry
        per item even when it went to several people."""
        out = []
        for result in self.results:
            seen = set()
            for message in result.messages:
                if message.audience != audience:
                    continue
                for item in message.items:
                    wanted = assignment_id is None or item.assignment_id == assignment_id
                    if wanted and item.key not in seen:
                        seen.add(item.key)
                        local = result.now.astimezone(VN)
                        out.append((local.date(), local.strftime("%H:%M"), item.kind))
        return out
