"""Migrations build the expected schema, are idempotent, and are atomic with their version bump."""

from __future__ import annotations

import pytest

from storage import db as db_module
from storage.db import Migration, load_migrations, open_database

EXPECTED_COLUMNS = {
    "units": {"id", "name", "name_key", "kind", "aliases", "groups", "active", "created_at", "updated_at"},
    "people": {"id", "telegram_user_id", "chat_id", "display_name", "reachable", "created_at", "updated_at"},
    "roles": {"id", "person_id", "role", "unit_id", "granted_by", "granted_at", "title"},
    "invites": {"id", "token_hash", "unit_id", "role", "created_by", "created_at", "expires_at", "used_by",
                "used_at", "title"},
    "notices": {"id", "number", "issuer", "title", "issued_on", "meeting_on", "kind", "source_name",
                "source_sha256", "source_file_id", "text", "status", "created_by", "leader_id", "created_at",
                "updated_at", "published_at", "withdrawn_at", "scan_confidence", "scan_weak_pages"},
    "tasks": {"id", "notice_id", "position", "section", "text", "kind", "deadline", "recurrence",
              "unresolved", "flags", "span_start", "state_assignments", "state_open", "state_deadline",
              "state_done_on", "open_assignments", "latest_done_on"},
    "draft_candidates": {"id", "notice_id", "position", "text", "units", "span_start", "status", "task_id"},
    "assignments": {"id", "task_id", "unit_id", "role", "status", "percent", "deadline", "acknowledged_at",
                    "acknowledged_by", "done_at", "done_on", "done_by", "done_note", "returned_reason",
                    "last_progress_at", "snoozed_until", "snooze_count", "created_at", "updated_at",
                    "withdrawn_at", "next_reminder_at", "schedule_version"},
    "progress": {"id", "assignment_id", "author_id", "text", "percent", "file_ids", "chat_id", "message_id",
                 "created_at", "edited_at"},
    "extensions": {"id", "assignment_id", "requested_by", "previous_deadline", "proposed_date", "reason",
                   "decision", "decided_by", "decided_at", "created_at"},
    "outbox": {"id", "key", "chat_id", "kind", "payload", "status", "attempts", "next_attempt_at",
               "last_error", "telegram_message_id", "created_at", "sent_at", "priority", "claimed_by",
               "notice_id", "unit_id", "person_id", "part", "tier"},
    "message_links": {"id", "chat_id", "message_id", "kind", "notice_id", "assignment_ids", "created_at"},
    "reminders_sent": {"id", "assignment_id", "kind", "period", "sent_at"},
    "days_off": {"day", "reason", "added_by", "created_at"},
    "audit": {"id", "at", "actor_id", "action", "entity", "entity_id", "before", "after"},
    "reminder_schedule": {"tenant_id", "fingerprint"},
    "tenants": {"id", "name", "kind", "settings", "created_at", "updated_at"},
    "chat_tenants": {"chat_id", "tenant_id", "chosen_at"},
    "handled_updates": {"bot_id", "update_id", "handled_at", "payload", "receiver", "done_at", "attempts"},
    "workers": {"owner", "started_at", "alive_until"},
    "send_pace": {"bot_id", "next_at", "paused_until"},
    "chat_pace": {"bot_id", "chat_id", "free_at"},
}
# every row a People's Committee owns names its tenant (migration 0010)
for _table in ("units", "roles", "invites", "notices", "tasks", "draft_candidates", "assignments", "progress",
               "extensions", "outbox", "message_links", "days_off", "audit"):
    EXPECTED_COLUMNS[_table].add("tenant_id")

# index -> (table, leading columns) for the queries the sweeps and the digest run
EXPECTED_INDEXES = {
    "assignments_by_status_deadline": ("assignments", ["tenant_id", "status", "deadline"]),
    "assignments_by_unit_status": ("assignments", ["unit_id", "status", "deadline"]),
    "assignments_by_done_on": ("assignments", ["tenant_id", "done_on"]),
    "outbox_due": ("outbox", ["status", "next_attempt_at", "priority"]),
    "outbox_notice": ("outbox", ["notice_id", "unit_id", "person_id"]),
    "outbox_claimed": ("outbox", ["claimed_by"]),
    "notices_by_sha256": ("notices", ["tenant_id", "source_sha256"]),
    "notices_by_status": ("notices", ["tenant_id", "status", "published_at"]),
    "progress_by_assignment": ("progress", ["assignment_id", "created_at"]),
    "progress_by_message": ("progress", ["chat_id", "message_id"]),
    "roles_by_unit": ("roles", ["unit_id", "role"]),
    "audit_by_entity": ("audit", ["entity", "entity_id", "id"]),
    "extensions_by_decision": ("extensions", ["tenant_id", "decision", "created_at"]),
    "assignments_next_reminder": ("assignments", ["next_reminder_at"]),
    "people_by_updated": ("people", ["updated_at"]),
    "assignments_by_updated": ("assignments", ["tenant_id", "updated_at"]),
    "assignments_open_by_deadline": ("assignments", ["tenant_id", "deadline", "unit_id", "task_id"]),
    "assignments_new_by_task": ("assignments", ["tenant_id", "task_id", "unit_id"]),
    "outbox_key": ("outbox", ["tenant_id", "key"]),
    "roles_by_role": ("roles", ["tenant_id", "role"]),
    "handled_updates_age": ("handled_updates", ["handled_at"]),
    "handled_updates_open": ("handled_updates", ["bot_id", "update_id"]),
    "chat_pace_age": ("chat_pace", ["free_at"]),
    "assignments_open_by_unit": ("assignments", ["tenant_id", "unit_id", "deadline", "task_id"]),
    "tasks_open_state": ("tasks", ["tenant_id", "notice_id", "state_assignments", "state_open",
                                   "state_deadline", "state_done_on", "open_assignments"]),
    "tasks_latest_done": ("tasks", ["tenant_id", "latest_done_on", "notice_id", "state_assignments",
                                    "state_open", "state_deadline", "state_done_on", "open_assignments"]),
    "assignments_unplanned": ("assignments", ["tenant_id", "id"]),
}


async def schema_of(database) -> list[tuple]:
    if database.dialect == "postgresql":
        rows = await database.fetch_all(
            "SELECT 'column', table_name, column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = current_schema()"
            " UNION ALL SELECT 'index', tablename, indexname, indexdef FROM pg_indexes"
            " WHERE schemaname = current_schema()"
            " UNION ALL SELECT 'trigger', event_object_table, trigger_name, action_statement"
            " FROM information_schema.triggers WHERE trigger_schema = current_schema() ORDER BY 1, 2, 3, 4"
        )
    else:
        rows = await database.fetch_all(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    return [tuple(row) for row in rows]


async def test_fresh_database_has_every_table_column_and_index(tmp_path):
    database = await open_database(tmp_path / "fresh.sqlite3")
    try:
        assert await database.schema_version() == 0
        applied = await database.migrate()
        assert applied == [m.version for m in load_migrations()]
        assert await database.schema_version() == applied[-1]
        tables = {row[0] for row in await database.fetch_all(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
        assert tables == set(EXPECTED_COLUMNS)
        for table, columns in EXPECTED_COLUMNS.items():
            found = {row["name"] for row in await database.fetch_all(f"PRAGMA table_info({table})")}
            assert found == columns, table
        for index, (table, columns) in EXPECTED_INDEXES.items():
            row = await database.fetch_one(
                "SELECT tbl_name FROM sqlite_master WHERE type = 'index' AND name = ?", (index,))
            assert row is not None and row[0] == table, index
            found = [r["name"] for r in await database.fetch_all(f"PRAGMA index_info({index})")]
            assert found == columns, index
        assert await database.fetch_value(
            "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name = 'notices_delete_draft_only'"
        ) == "notices"
        assert await database.fetch_value("PRAGMA journal_mode") == "wal"
        assert await database.fetch_value("PRAGMA foreign_keys") == 1
        assert await database.fetch_value("PRAGMA busy_timeout") >= 5000
    finally:
        await database.close()


async def test_rerunning_migrate_changes_nothing(db):
    before = await schema_of(db)
    version = await db.schema_version()
    assert await db.migrate() == []
    assert await schema_of(db) == before
    assert await db.schema_version() == version


@pytest.mark.parametrize("start", range(len(load_migrations())))
async def test_migrating_from_every_earlier_version_matches_a_fresh_database(tmp_path, start, monkeypatch):
    migrations = load_migrations()
    fresh = await open_database(tmp_path / "fresh.sqlite3", migrate=True)
    expected = await schema_of(fresh)
    await fresh.close()

    old = await open_database(tmp_path / "old.sqlite3")
    monkeypatch.setattr(db_module, "load_migrations", lambda: migrations[:start])
    await old.migrate()
    assert await old.schema_version() == start
    monkeypatch.setattr(db_module, "load_migrations", lambda: migrations)
    assert await old.migrate() == [m.version for m in migrations[start:]]
    assert await schema_of(old) == expected
    await old.close()


async def test_a_failing_migration_leaves_no_trace_and_no_version_bump(db, monkeypatch):
    version = await db.schema_version()
    broken = Migration(version + 1, f"{version + 1:04d}_broken.sql",
                       "CREATE TABLE half_done (id INTEGER);\nINSERT INTO no_such_table VALUES (1);\n")
    monkeypatch.setattr(db_module, "load_migrations",
                        lambda engine="sqlite": [*load_migrations(engine), broken])
    with pytest.raises(Exception, match="no_such_table"):
        await db.migrate()
    assert await db.schema_version() == version
    if db.dialect == "postgresql":
        assert await db.fetch_value("SELECT to_regclass('half_done')") is None
    else:
        assert await db.fetch_one("SELECT 1 FROM sqlite_master WHERE name = 'half_done'") is None
    # and the connection is usable afterwards
    async with db.transaction():
        await db.execute("INSERT INTO days_off (tenant_id, day, created_at) VALUES (1, '2026-09-02', 'x')")


def test_migration_files_split_into_statements_keeping_trigger_bodies_whole():
    statements = db_module.split_statements(load_migrations()[0].sql)
    trigger = [s for s in statements if "CREATE TRIGGER" in s]
    assert len(trigger) == 1 and trigger[0].rstrip().endswith("END;")


async def test_deliveries_written_before_the_outbox_columns_get_their_facts_from_the_key(
    tmp_path, monkeypatch
):
    migrations = load_migrations()
    old = await open_database(tmp_path / "old.sqlite3")
    monkeypatch.setattr(db_module, "load_migrations", lambda: [m for m in migrations if m.version < 6])
    await old.migrate()
    async with old.transaction():
        for key in ("deliver:12:345:6789:2", "ext:4:5", "deliver:1:2:3:1"):
            await old.execute("INSERT INTO outbox (key, chat_id, kind, payload, next_attempt_at, created_at)"
                              " VALUES (?, 1, 'message', '{}', '2026-01-01', '2026-01-01')", (key,))
    monkeypatch.setattr(db_module, "load_migrations", lambda: migrations)
    await old.migrate()

    rows = await old.fetch_all(
        "SELECT key, notice_id, unit_id, person_id, part, priority FROM outbox ORDER BY id")
    await old.close()
    assert [tuple(r) for r in rows] == [
        ("deliver:12:345:6789:2", 12, 345, 6789, 2, 1),
        ("ext:4:5", None, None, None, None, 1),
        ("deliver:1:2:3:1", 1, 2, 3, 1, 1),
    ]
