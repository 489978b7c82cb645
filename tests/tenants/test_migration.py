"""An office's database from before tenants migrates in place: everything becomes tenant 1's, nothing is
lost, and the tenant's repositories see it all."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.parser.models import ParsedNotice, ParsedTask
from storage import db as db_module
from storage.db import load_migrations, open_database
from storage.repositories import FIRST_TENANT, Deployment, Repositories

NOW = datetime(2026, 6, 3, 2, 0, tzinfo=UTC)
STAMP = "2026-06-03T02:00:00.000000+00:00"


async def test_an_existing_office_becomes_tenant_one_with_every_row(tmp_path, monkeypatch):
    migrations = load_migrations()
    before_tenants = [m for m in migrations if m.version < 10]
    old = await open_database(tmp_path / "office.sqlite3")
    monkeypatch.setattr(db_module, "load_migrations", lambda: before_tenants)
    await old.migrate()
    async with old.transaction():
        for sql in (
            f"INSERT INTO units (id, name, name_key, kind, created_at, updated_at)"
            f" VALUES (1, 'Phòng Kinh tế', 'phong kinh te', 'department', '{STAMP}', '{STAMP}')",
            f"INSERT INTO people (id, telegram_user_id, chat_id, display_name, created_at, updated_at)"
            f" VALUES (1, 501, 501, 'Lan', '{STAMP}', '{STAMP}')",
            f"INSERT INTO roles (person_id, role, unit_id, granted_at) VALUES (1, 'head', 1, '{STAMP}')",
            f"INSERT INTO roles (person_id, role, granted_at) VALUES (1, 'admin', '{STAMP}')",
            f"INSERT INTO notices (id, number, status, created_at, updated_at, published_at)"
            f" VALUES (1, '37/TB-UBND', 'published', '{STAMP}', '{STAMP}', '{STAMP}')",
            "INSERT INTO tasks (id, notice_id, position, text, deadline)"
            " VALUES (1, 1, 1, 'Rà soát', '2026-06-30')",
            f"INSERT INTO assignments (id, task_id, unit_id, role, deadline, created_at, updated_at)"
            f" VALUES (1, 1, 1, 'lead', '2026-06-30', '{STAMP}', '{STAMP}')",
            f"INSERT INTO days_off (day, reason, created_at) VALUES ('2026-09-02', 'Quốc khánh', '{STAMP}')",
            "INSERT INTO reminder_schedule (id, fingerprint) VALUES (1, 'policy')",
            f"INSERT INTO outbox (key, chat_id, kind, payload, next_attempt_at, created_at)"
            f" VALUES ('deliver:1:1:1:1', 501, 'message', '{{}}', '{STAMP}', '{STAMP}')",
        ):
            await old.execute(sql)
    monkeypatch.setattr(db_module, "load_migrations", lambda: migrations)

    assert 10 in await old.migrate()

    assert await old.integrity_problems() == []
    [tenant] = await Deployment(old).tenants.all()
    assert tenant.id == FIRST_TENANT
    repos = Repositories(old, FIRST_TENANT)
    [unit] = await repos.units.list()
    assert unit.name == "Phòng Kinh tế"
    assert {g.role.value for g in await repos.roles.roles_of(1)} == {"head", "admin"}
    assert [a.task_text for a in await repos.assignments.for_unit(unit.id)] == ["Rà soát"]
    assert [d.day for d in await repos.reminders.days_off(date(2026, 1, 1), date(2026, 12, 31))] == [
        date(2026, 9, 2)]
    assert await repos.reminders.schedule_fingerprint() == "policy"
    assert await repos.outbox.for_key("deliver:1:1:1:1") is not None
    # the migrated tenant keeps working: the same unit name in a second tenant is another unit
    other = await Deployment(old).tenants.add("UBND xã Khác", now=NOW)
    again = await Repositories(old, other.id).units.create("Phòng Kinh tế", now=NOW)
    assert again.id != unit.id
    await old.close()


async def test_a_row_without_its_tenant_or_across_two_tenants_is_refused(db):
    # any driver's error type: SQLite's trigger and PostgreSQL's NOT NULL say it differently
    with pytest.raises(Exception, match="tenant_id"):
        await db.execute("INSERT INTO notices (number, created_at, updated_at) VALUES ('1', 'x', 'x')")
    other = await Deployment(db).tenants.add("UBND xã Khác", now=NOW)
    mine, theirs = Repositories(db, FIRST_TENANT), Repositories(db, other.id)
    unit = await theirs.units.create("Phòng Kinh tế", now=NOW)
    draft = await mine.notices.save_parsed(
        ParsedNotice(tasks=[ParsedTask(text="Rà soát", units=[])]), created_by=None, source_name=None,
        source_sha256=None, source_file_id=None, text="", unit_ids_by_name={}, now=NOW)
    task_id = draft.tasks[0].id
    with pytest.raises(Exception, match="own tenant"):
        await db.execute("INSERT INTO assignments (tenant_id, task_id, unit_id, role, created_at, updated_at)"
                         " VALUES (1, ?, ?, 'lead', 'x', 'x')", (task_id, unit.id))
    # through the repository, another tenant's unit is simply not one of the task's choices
    assert (await mine.tasks.set_task_units(task_id, [unit.id], by=None, now=NOW)).units == []
