"""Fixtures for storage tests: a migrated database per test (a SQLite file, and PostgreSQL when the tests
have a server) and a fixed clock."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.parser.models import NoticeMeta, ParsedNotice, ParsedTask
from storage.repositories import FIRST_TENANT, Repositories
from tests.postgres import ENGINES, open_test_database

NOW = datetime(2026, 6, 3, 2, 0, tzinfo=UTC)  # 09:00 in Hà Nội


@pytest.fixture(params=ENGINES)
async def db(request, tmp_path):
    database = await open_test_database(request, request.param, tmp_path / "dondoc.sqlite3")
    yield database
    await database.close()


@pytest.fixture
def repos(db):
    return Repositories(db, FIRST_TENANT)


@pytest.fixture
def now():
    return NOW


class Office:
    """A small office: two units with a head each, one office clerk, and a saved draft notice."""

    def __init__(self, repos: Repositories):
        self.repos = repos

    async def setup(self):
        r = self.repos
        self.economy, self.police = await r.units.import_units(
            [("Phòng Kinh tế", "department", ["Phòng KT"], ["phòng"]),
             ("Công an phường", "police", [], ["lực lượng"])],
            now=NOW,
        )
        self.clerk = await r.people.upsert_from_telegram(100, 100, "Văn thư", NOW)
        self.head = await r.people.upsert_from_telegram(200, 200, "Trưởng phòng KT", NOW)
        self.police_head = await r.people.upsert_from_telegram(300, 300, "Trưởng CA", NOW)
        await r.roles.grant(self.clerk.id, "office", granted_by=None, now=NOW)
        await r.roles.grant(self.head.id, "head", self.economy.id, granted_by=self.clerk.id, now=NOW)
        await r.roles.grant(self.police_head.id, "head", self.police.id, granted_by=self.clerk.id, now=NOW)
        return self

    async def draft(self, *, sha="sha-1", number="37/TB-UBND", deadline=date(2026, 6, 30)):
        parsed = ParsedNotice(
            notice=NoticeMeta(number=number, issuer="UBND phường Bạch Đằng", title="Kết luận phiên họp",
                              issued_on=date(2026, 6, 3), meeting_on=date(2026, 6, 3)),
            tasks=[
                ParsedTask(text="Rà soát hồ sơ đất đai", units=["Phòng Kinh tế"],
                           coordinators=["Công an phường"], deadline=deadline, section="1"),
                ParsedTask(text="Báo cáo tình hình an ninh", units=["Công an phường", "Ban Quản lý chợ"],
                           deadline=None, section="2"),
            ],
            unknown_units=["Ban Quản lý chợ"],
        )
        return await self.repos.notices.save_parsed(
            parsed, created_by=self.clerk.id, source_name="tb37.docx", source_sha256=sha,
            source_file_id="file-abc", text="THÔNG BÁO …",
            unit_ids_by_name=await self.repos.units.ids_by_name(), now=NOW,
        )


@pytest.fixture
async def office(repos):
    return await Office(repos).setup()
