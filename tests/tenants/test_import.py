"""`dondoc tenant import OLD.sqlite3`: one office's SQLite database becomes a new committee of a deployment
(PostgreSQL, or SQLite), with every row copied under new ids, and nothing changed when it is refused."""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.config import Settings
from bot.services.reminders import run_reminder_sweep
from messages.render import render
from storage import office_copy
from storage.db import open_database
from storage.repositories import FIRST_TENANT, Deployment, Repositories
from tests.cli import dondoc
from tests.postgres import ENGINES, empty_postgres
from tests.reminders_flow.world import World, at

PUBLISHED = at(date(2026, 6, 3), "09:00")
SWEPT_UNTIL = date(2026, 6, 12)
# the office clerk of the source (World's Telegram id 500) already leads another committee in the target
SHARED_PERSON = 500
# what the import writes and `db check --tenant` counts on both sides (outbox: not copied, on purpose)
COMPARED = ("assignments", "audit", "days_off", "draft_candidates", "extensions", "invites",
            "message_links", "notices", "people", "progress", "reminders_sent", "roles", "tasks", "units")


@pytest.fixture
def settings(tmp_path, monkeypatch) -> Settings:
    for name in list(os.environ):
        if name.startswith("DONDOC_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return Settings(_env_file=None, db_path=tmp_path / "office.sqlite3")


async def _build_office(settings: Settings) -> None:
    """An office as it lives: units, heads, notices published, one task acknowledged, one done, progress,
    an extension approved, a day off, and a week of reminder sweeps sent."""
    world = World(settings.db_path, settings)
    await world.setup(PUBLISHED)
    r = world.repos
    assert r is not None and world.office is not None and world.leader is not None
    first, second, third, *_ = await world.assignments()
    await r.assignments.acknowledge(first.id, world.head_of(first).id, PUBLISHED + timedelta(hours=1))
    await r.progress.add(first.id, world.head_of(first).id, "Đã xong 70%", 70, [], None, None,
                         PUBLISHED + timedelta(hours=2))
    await r.assignments.mark_done(second.id, world.head_of(second).id, "Xong", PUBLISHED + timedelta(days=1))
    extension = await r.extensions.request(third.id, world.head_of(third).id, date(2026, 7, 30), "Chờ vốn",
                                           PUBLISHED + timedelta(days=1))
    await r.extensions.decide(extension.id, approved=True, by=world.leader.id,
                              now=PUBLISHED + timedelta(days=2))
    await r.reminders.add_day_off(date(2026, 6, 10), "Nghỉ bù", added_by=world.office.id,
                                  now=PUBLISHED + timedelta(days=2))
    results = await world.walk(date(2026, 6, 4), SWEPT_UNTIL)
    assert sum(len(result.recorded) for result in results) > 0  # reminders went out
    await world.close()


@pytest.fixture
def office(settings) -> Path:
    asyncio.run(_build_office(settings))
    return settings.db_path


@pytest.fixture(params=ENGINES)
def target(request, tmp_path) -> str:
    """The deployment: a committee of its own already (tenant 1), one of whose leaders is the office's
    clerk, so ids of the import cannot coincide with the source's and that person is merged."""
    url = str(tmp_path / "province.sqlite3")
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_url")

    async def prepare() -> None:
        postgres = request.param == "postgresql"
        db = await (empty_postgres(url) if postgres else open_database(url, migrate=True))
        try:
            repos = Repositories(db, FIRST_TENANT)
            stamp = PUBLISHED - timedelta(days=30)
            for name in ("Phòng Tư pháp", "Phòng Nội vụ", "Phòng Y tế"):
                await repos.units.create(name, now=stamp)
            person = await repos.people.upsert_from_telegram(SHARED_PERSON, SHARED_PERSON, "Lãnh đạo", stamp)
            await repos.roles.grant(person.id, "leader", granted_by=None, now=stamp)
        finally:
            await db.close()

    asyncio.run(prepare())
    return url


def _tenant_rows(check_output: str) -> dict[str, int]:
    line = next(line for line in check_output.splitlines() if line.startswith("Số dòng của Ủy ban"))
    return {table: int(count) for table, count in re.findall(r"(\w+) (\d+)", line.split(":", 1)[1])}


async def _read(url: str, query):
    db = await open_database(url)
    try:
        return await query(db)
    finally:
        await db.close()


async def _whole_counts(db) -> dict[str, int]:
    return {table: int(await db.fetch_value(f'SELECT COUNT(*) FROM "{table}"'))
            for table in (*COMPARED, "tenants", "outbox")}


def test_an_office_is_copied_into_a_new_committee_with_new_ids(office, target, settings):
    source_check = dondoc("db", "check", "--tenant", "1", "--db", office)
    assert source_check.returncode == 0, source_check.stderr

    imported = dondoc("tenant", "import", office, "--name", "UBND phường Ba Đình", "--db", target)

    assert imported.returncode == 0, imported.stderr
    assert "thành Ủy ban UBND phường Ba Đình, mã 2" in imported.stdout
    assert "1 người đã có trong hệ thống" in imported.stdout
    target_check = dondoc("db", "check", "--tenant", "2", "--db", target)
    assert target_check.returncode == 0, target_check.stderr
    source_rows, target_rows = _tenant_rows(source_check.stdout), _tenant_rows(target_check.stdout)
    assert {t: source_rows[t] for t in COMPARED} == {t: target_rows[t] for t in COMPARED}
    assert source_rows["assignments"] > 10 and source_rows["reminders_sent"] > 0
    for table in ("units", "notices", "tasks", "assignments", "progress", "extensions", "days_off"):
        assert f"({table}): {source_rows[table]}" in imported.stdout

    async def compare() -> None:
        source = await open_database(office)
        deployment_db = await open_database(target)
        try:
            old, new = Repositories(source, FIRST_TENANT), Deployment(deployment_db).repos(2)
            for telegram_id in (1001, 1002, 1003):  # heads see the same tasks, in the same states
                old_head = await old.people.get_by_telegram_id(telegram_id)
                new_head = await new.people.get_by_telegram_id(telegram_id)
                assert old_head is not None and new_head is not None
                seen_before = await old.assignments.for_person(old_head.id, open_only=False)
                seen_after = await new.assignments.for_person(new_head.id, open_only=False)
                assert [(a.task_text, a.unit_name, a.status, a.deadline, a.percent) for a in seen_before] == [
                    (a.task_text, a.unit_name, a.status, a.deadline, a.percent) for a in seen_after]
                # the target's own committee has units 1-3: every reference moved past them
                assert seen_before and [a.unit_id + 3 for a in seen_before] == [a.unit_id for a in seen_after]
            # the merged person kept their row and their first committee, and gained the office role
            shared = await new.people.get_by_telegram_id(SHARED_PERSON)
            assert shared is not None
            tenants = await Deployment(deployment_db).tenants.of_person(shared.id)
            assert [t.id for t in tenants] == [1, 2]
            # the first committee saw nothing of it
            assert len(await Repositories(deployment_db, FIRST_TENANT).units.list()) == 3
        finally:
            await source.close()
            await deployment_db.close()

    asyncio.run(compare())


def test_the_imported_committee_is_not_reminded_twice_of_what_the_office_sent(office, target, settings):
    assert dondoc("tenant", "import", office, "--db", target).returncode == 0

    async def sweep(url: str, tenant_id: int, day: date) -> list[str]:
        db = await open_database(url)
        try:
            result = await run_reminder_sweep(Repositories(db, tenant_id), settings, at(day, "12:00"), render)
            return sorted(re.sub(r"^[^:]*:\d+:", "", key) for key in result.recorded)
        finally:
            await db.close()

    # the last moment the office swept: everything due then was sent already, on both sides
    assert asyncio.run(sweep(target, 2, SWEPT_UNTIL)) == []
    # a later day: the new committee reminds exactly what the office would have (keys without their ids)
    later = SWEPT_UNTIL + timedelta(days=4)
    expected = asyncio.run(sweep(str(office), FIRST_TENANT, later))
    assert expected and asyncio.run(sweep(target, 2, later)) == expected


def test_a_second_import_of_the_same_file_is_refused_unless_again(office, target):
    assert dondoc("tenant", "import", office, "--db", target).returncode == 0
    before = asyncio.run(_read(target, _whole_counts))

    again = dondoc("tenant", "import", office, "--db", target)

    assert again.returncode == 2
    assert "đã được nhập (Ủy ban mã 2)" in again.stderr and "--again" in again.stderr
    assert "Không có gì thay đổi." in again.stderr
    assert asyncio.run(_read(target, _whole_counts)) == before
    forced = dondoc("tenant", "import", office, "--again", "--db", target)
    assert forced.returncode == 0 and "mã 3" in forced.stdout


def test_what_is_not_an_office_is_refused_with_nothing_changed(office, target, tmp_path):
    before = asyncio.run(_read(target, _whole_counts))
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not a database" * 100)
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE notes (id INTEGER)").connection.close()
    newer = tmp_path / "newer.sqlite3"
    newer.write_bytes(office.read_bytes())
    with sqlite3.connect(newer) as conn:
        conn.execute("PRAGMA user_version = 99")
    several = tmp_path / "deployment.sqlite3"
    several.write_bytes(office.read_bytes())
    assert dondoc("tenant", "add", "UBND xã Khác", "--db", several).returncode == 0
    original = office.read_bytes()

    cases = {tmp_path / "missing.sqlite3": "Không tìm thấy tệp",
             garbage: "không phải cơ sở dữ liệu dondoc", other: "không phải cơ sở dữ liệu dondoc",
             newer: "phiên bản 99, mới hơn phiên bản", several: "chứa 2 Ủy ban"}
    for path, says in cases.items():
        refused = dondoc("tenant", "import", path, "--db", target)
        assert refused.returncode == 2 and says in refused.stderr, (path, refused.stderr)
        assert "Không có gì thay đổi." in refused.stderr
    assert asyncio.run(_read(target, _whole_counts)) == before
    assert office.read_bytes() == original  # the source itself is never written


def test_a_copy_failing_halfway_leaves_the_deployment_unchanged(office, target, monkeypatch):
    before = asyncio.run(_read(target, _whole_counts))
    # a table the copy cannot read, after every real one has been written
    monkeypatch.setattr(office_copy, "COPIED_TABLES",
                        (*office_copy.COPIED_TABLES, office_copy.CopiedTable("no_such_table", None)))

    with pytest.raises(KeyError):
        dondoc("tenant", "import", office, "--db", target)

    assert asyncio.run(_read(target, _whole_counts)) == before
    monkeypatch.undo()
    assert dondoc("tenant", "import", office, "--db", target).returncode == 0  # no marker was left
