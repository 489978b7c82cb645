"""Two People's Committees in one deployment with the SAME unit names and notice numbers, and one person
serving both (leader in An's committee, head of a unit in Bình's), built through the repositories the
bot itself uses, over whatever storage the running application was given.

Every text of committee B carries BRAVO (tasks, notice titles, people's names); A's carry ALPHA, so a
leak of B into anything A's people see or are counted for shows up as a word."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from telegram.ext import Application

from bot.parser.models import NoticeMeta, ParsedNotice, ParsedTask, Unclaimed
from bot.services.publish import publish_notice
from messages.render import render
from storage.models import Assignment, Notice, Person, RoleName, Unit
from storage.repositories import FIRST_TENANT, Deployment, Repositories
from storage.repositories.base import db_time

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
UNIT_NAMES = ("Phòng Kinh tế", "Công an phường")
NUMBER = "37/TB-UBND"
BOTH = 7777  # leader in A, head of B's "Công an phường"


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return now().astimezone(VN_TZ).date()


@dataclass
class Committee:
    """One tenant's world. Telegram ids: 1xx0 office, 2xx0 head of Phòng Kinh tế, 3xx0 head of Công an
    phường, 4xx0 leader, 5xx0 the tenant's own admin (xx: 11 for A, 22 for B)."""

    tenant_id: int
    marker: str  # ALPHA / BRAVO
    repos: Repositories
    units: dict[str, Unit] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    notice: Notice | None = None
    draft: Notice | None = None
    assignments: list[Assignment] = field(default_factory=list)

    def telegram_id(self, role: str) -> int:
        digit = {"office": 1, "head": 2, "police": 3, "leader": 4, "admin": 5}[role]
        return digit * 1000 + (110 if self.marker == "ALPHA" else 220)

    async def build(self, *, tasks: int) -> Committee:
        r, at = self.repos, now()
        for name in UNIT_NAMES:
            self.units[name] = await r.units.create(name, kind="department", now=at)
        roles = (("office", RoleName.office, None), ("head", RoleName.head, "Phòng Kinh tế"),
                 ("police", RoleName.head, "Công an phường"), ("leader", RoleName.leader, None),
                 ("admin", RoleName.admin, None))
        for key, role, unit in roles:
            tid = self.telegram_id(key)
            person = await r.people.upsert_from_telegram(tid, tid, f"{self.marker} {key}", at)
            unit_id = self.units[unit].id if unit else None
            await r.roles.grant(person.id, role, unit_id, granted_by=None, now=at)
            self.people[key] = person
        office = self.people["office"]
        overdue, later = today() - timedelta(days=10), today() + timedelta(days=20)
        parsed = ParsedNotice(
            notice=NoticeMeta(number=NUMBER, title=f"Kết luận {self.marker}",
                              issued_on=today() - timedelta(days=30)),
            tasks=[ParsedTask(text=f"Nhiệm vụ {self.marker} số {n}",
                              units=[UNIT_NAMES[n % 2]], deadline=overdue if n % 2 == 0 else later)
                   for n in range(tasks)],
        )
        draft = await r.notices.save_parsed(
            parsed, created_by=office.id, source_name=f"{self.marker}.docx", source_sha256="same-file",
            source_file_id=None, text=f"THÔNG BÁO {self.marker}",
            unit_ids_by_name=await r.units.ids_by_name(), now=at - timedelta(days=20))
        report = await publish_notice(r, draft.id, by=office.id, now=at - timedelta(days=20), render=render)
        assert report.notice is not None
        self.notice = report.notice
        self.assignments = await r.assignments.for_notice(draft.id)
        # a draft left open (its tasks and candidate sentences are pressable ids)
        pending = ParsedNotice(
            notice=NoticeMeta(number="38/TB-UBND", title=f"Dự thảo {self.marker}"),
            tasks=[ParsedTask(text=f"Việc dự thảo {self.marker}", units=["Phòng Kinh tế"])],
            unclaimed=[Unclaimed(text=f"Giao Công an phường rà soát {self.marker}",
                                 units=["Công an phường"])],
        )
        self.draft = await r.notices.save_parsed(
            pending, created_by=office.id, source_name=None, source_sha256=None, source_file_id=None,
            text=f"DỰ THẢO {self.marker}", unit_ids_by_name=await r.units.ids_by_name(), now=at)
        # an extension request waiting for a leader, and a progress report
        first = self.assignments[0]
        await r.extensions.request(first.id, self.people["head"].id, later + timedelta(days=30),
                                   f"Lý do {self.marker}", at)
        await r.progress.add(first.id, self.people["head"].id, f"Tiến độ {self.marker}", 40, [], None, None,
                             at)
        return self


async def build_two_committees(app: Application) -> tuple[Committee, Committee, Person]:
    data = app.bot_data
    deployment: Deployment = data.deployment
    await deployment.tenants.rename(FIRST_TENANT, "UBND phường An", now=now())
    other = await deployment.tenants.add("UBND phường Bình", kind="ward", now=now())
    a = await Committee(FIRST_TENANT, "ALPHA", data.repos_for(FIRST_TENANT)).build(tasks=2)
    b = await Committee(other.id, "BRAVO", data.repos_for(other.id)).build(tasks=3)
    both = await deployment.people.upsert_from_telegram(BOTH, BOTH, "Người hai Ủy ban", now())
    await a.repos.roles.grant(both.id, RoleName.leader, granted_by=None, now=now())
    police_b = b.units["Công an phường"].id
    await b.repos.roles.grant(both.id, RoleName.head, police_b, granted_by=None, now=now())
    await settle(app)
    return a, b, both


async def settle(app: Application, at: datetime | None = None) -> None:
    """Until every message due at `at` (now) is sent and every sent message's link is stored (a drain
    may be running in the background already: then drain() returns at once)."""
    db = app.bot_data.db
    moment = at or now()
    unsettled = (
        # due, or claimed by a drain that is sending it
        "SELECT COUNT(*) FROM outbox o WHERE (o.status = 'pending'"
        " AND (o.next_attempt_at <= :at OR o.claimed_by IS NOT NULL))"
        " OR (o.status = 'sent'"
        " AND o.payload LIKE '%\"link\"%' AND NOT EXISTS (SELECT 1 FROM message_links l"
        " WHERE l.chat_id = o.chat_id AND l.message_id = o.telegram_message_id))"
    )
    for _ in range(500):
        await app.bot_data.outbox.drain(moment)
        if not await db.fetch_value(unsettled, {"at": db_time(moment)}):
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the outbox did not settle")


TENANT_TABLES = ("units", "roles", "invites", "notices", "tasks", "assignments", "progress", "extensions",
                 "draft_candidates", "message_links", "days_off", "audit", "outbox", "reminder_schedule")


async def snapshot(deployment: Deployment, tenant_id: int) -> dict[str, list[tuple]]:
    """Every row of the tenant, table by table (outbox rows without their sending state: B's own
    messages may still be going out while A presses)."""
    found: dict[str, list[tuple]] = {}
    for table in TENANT_TABLES:
        columns = "id, key, chat_id, kind, payload" if table == "outbox" else "*"
        rows = await deployment.db.fetch_all(
            f"SELECT {columns} FROM {table} WHERE tenant_id = ? ORDER BY 1", (tenant_id,))
        found[table] = [tuple(row) for row in rows]
    return found
