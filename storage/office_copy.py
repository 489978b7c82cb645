"""Copying one office's rows into a new tenant of another deployment (`dondoc tenant import`).

The source is an office's database at the current schema (the caller migrates a temporary copy first);
every row of every tenant-owned table is written again in the target with a new id, each reference
remapped through the id maps of the tables copied before it. People are the deployment's: a Telegram user
already in the target keeps their row and only gains the roles. The whole copy is one target transaction.

Not copied, on purpose:
- outbox: its payloads carry button data with the source's ids (`done:<assignment_id>`, …), which in the
  target would name nothing or another committee's rows; sent history is the audit's job, and the rows
  still pending are reported so the office lets the old bot finish sending first.
- reminder_schedule and each assignment's next_reminder_at: derived, re-planned by the minute sweep under
  the target committee's policy. reminders_sent is copied, so nothing already sent is sent again.
- chat_tenants, tenants: the deployment's own.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from storage.db import Database
from storage.repositories.base import db_json, db_time

# the audit entities whose entity_id the copy can remap (the trail's other ids stay as written)
_AUDIT_ENTITIES = {"assignment": "assignment", "candidate": "candidate", "extension": "extension",
                   "invite": "invite", "notice": "notice", "person": "person", "role": "role",
                   "task": "task", "unit": "unit"}
# bound parameters per statement: under SQLite's and PostgreSQL's limits (32,766 and 32,767)
_PARAMETERS = 10_000
# what the sweep derives again in the target (see the module's docstring)
_REPLANNED = {"assignments": {"next_reminder_at": None, "schedule_version": 0}}


@dataclass(frozen=True)
class CopiedTable:
    table: str
    #: the id map this table's new ids go into (None: nothing references its rows)
    kind: str | None
    #: column -> the id map its value is translated through
    refs: Mapping[str, str] = field(default_factory=dict)
    #: column holding a JSON list of ids -> the id map
    json_refs: Mapping[str, str] = field(default_factory=dict)


# In dependency order: each table's references point at tables copied before it.
COPIED_TABLES: tuple[CopiedTable, ...] = (
    CopiedTable("units", "unit"),
    CopiedTable("roles", "role", {"person_id": "person", "unit_id": "unit", "granted_by": "person"}),
    CopiedTable("invites", "invite", {"unit_id": "unit", "created_by": "person", "used_by": "person"}),
    CopiedTable("notices", "notice", {"created_by": "person", "leader_id": "person"}),
    CopiedTable("tasks", "task", {"notice_id": "notice"}),
    CopiedTable("draft_candidates", "candidate", {"notice_id": "notice", "task_id": "task"}),
    CopiedTable("assignments", "assignment", {"task_id": "task", "unit_id": "unit",
                                              "acknowledged_by": "person", "done_by": "person"}),
    CopiedTable("progress", "progress", {"assignment_id": "assignment", "author_id": "person"}),
    CopiedTable("extensions", "extension", {"assignment_id": "assignment", "requested_by": "person",
                                            "decided_by": "person"}),
    CopiedTable("message_links", None, {"notice_id": "notice"}, {"assignment_ids": "assignment"}),
    CopiedTable("reminders_sent", None, {"assignment_id": "assignment"}),
    CopiedTable("days_off", None, {"added_by": "person"}),
    CopiedTable("audit", None, {"actor_id": "person"}),
)


@dataclass
class OfficeCopy:
    """What a copy did: rows written per table (people: new rows; merged: people already there)."""

    tenant_id: int
    counts: dict[str, int]
    people_merged: int
    #: outbox rows still pending in the source (not copied)
    outbox_pending: int


class MoreThanOneOffice(Exception):
    """The source holds several committees: it is a deployment, not an office."""


async def table_columns(db: Database) -> dict[str, list[str]]:
    """Each table's columns, in order, on either engine."""
    if db.dialect == "postgresql":
        rows = await db.fetch_all(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position")
    else:
        rows = await db.fetch_all(
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p"
            " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid")
    found: dict[str, list[str]] = {}
    for table, column in rows:
        found.setdefault(table, []).append(column)
    return found


async def tenant_counts(db: Database, tenant_id: int) -> dict[str, int]:
    """Rows per table that are the tenant's: every table with a tenant_id, reminders_sent through its
    assignment, and people as those holding a role in the tenant (people belong to the deployment)."""
    counts: dict[str, int] = {}
    for table, columns in sorted((await table_columns(db)).items()):
        if "tenant_id" in columns and table != "tenants":
            # names from the schema itself, quoted
            counts[table] = int(await db.fetch_value(
                f'SELECT COUNT(*) FROM "{table}" WHERE tenant_id = ?', (tenant_id,)))  # noqa: S608
    counts["reminders_sent"] = int(await db.fetch_value(
        "SELECT COUNT(*) FROM reminders_sent r JOIN assignments a ON a.id = r.assignment_id"
        " WHERE a.tenant_id = ?", (tenant_id,)))
    counts["people"] = int(await db.fetch_value(
        "SELECT COUNT(DISTINCT person_id) FROM roles WHERE tenant_id = ?", (tenant_id,)))
    return dict(sorted(counts.items()))


def _translate(value: Any, ids: Mapping[int, int]) -> Any:
    # a reference to a row the source no longer has (nullable columns only) stays empty
    return None if value is None else ids.get(int(value))


async def copy_office(source: Database, target: Database, *, name: str, kind: str,
                      settings: Mapping[str, Any], source_sha256: str, source_name: str, now: datetime
                      ) -> OfficeCopy:
    """Copy the source office into a new tenant of the target, in one target transaction; returns what
    was written. The import is audited (entity 'tenant', action 'import', the source's sha256) outside
    any tenant, so the tenant's own trail counts the same on both sides."""
    tenant_ids = [row[0] for row in await source.fetch_all("SELECT id FROM tenants ORDER BY id")]
    if len(tenant_ids) > 1:
        raise MoreThanOneOffice(tenant_ids)
    source_columns = await table_columns(source)
    target_columns = await table_columns(target)
    maps: dict[str, dict[int, int]] = {name: {} for name in
                                        ("person", *(t.kind for t in COPIED_TABLES if t.kind))}
    counts: dict[str, int] = {}
    async with target.transaction():
        tenant_id = int(await target.fetch_value(
            "INSERT INTO tenants (name, kind, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?)"
            " RETURNING id", (name, kind, db_json(dict(settings)), db_time(now), db_time(now))))
        counts["people"], merged = await _copy_people(source, target, source_columns, target_columns,
                                                      maps["person"])
        for spec in COPIED_TABLES:
            counts[spec.table] = await _copy_table(source, target, spec, tenant_id, source_columns,
                                                   target_columns, maps)
        await target.execute(
            "INSERT INTO audit (tenant_id, at, actor_id, action, entity, entity_id, before, after)"
            " VALUES (NULL, ?, NULL, 'import', 'tenant', ?, NULL, ?)",
            (db_time(now), tenant_id, db_json({"source": source_name, "source_sha256": source_sha256,
                                               "counts": counts})))
    pending = int(await source.fetch_value("SELECT COUNT(*) FROM outbox WHERE status = 'pending'"))
    return OfficeCopy(tenant_id, counts, merged, pending)


async def imports_of(target: Database, source_sha256: str) -> list[int]:
    """The tenants an earlier import made from a file with this sha256 (the import's audit row)."""
    rows = await target.fetch_all(
        "SELECT entity_id, after FROM audit WHERE entity = 'tenant' AND action = 'import' ORDER BY id")
    return [int(row[0]) for row in rows
            if json.loads(row[1] or "{}").get("source_sha256") == source_sha256]


async def _copy_people(source: Database, target: Database, source_columns: dict[str, list[str]],
                       target_columns: dict[str, list[str]], ids: dict[int, int]) -> tuple[int, int]:
    """(people written, people already in the target) by Telegram user id."""
    columns = [c for c in source_columns["people"] if c != "id" and c in target_columns["people"]]
    insert = (f"INSERT INTO people ({', '.join(columns)})"  # noqa: S608 - names from the schema
              f" VALUES ({', '.join('?' * len(columns))}) RETURNING id")
    written = merged = 0
    for row in await source.fetch_all("SELECT * FROM people ORDER BY id"):
        found = await target.fetch_value(
            "SELECT id FROM people WHERE telegram_user_id = ?", (row["telegram_user_id"],))
        if found is not None:
            ids[int(row["id"])] = int(found)
            merged += 1
            continue
        ids[int(row["id"])] = int(await target.fetch_value(insert, [row[c] for c in columns]))
        written += 1
    return written, merged


async def _new_ids(target: Database, table: str, count: int) -> list[int]:
    """`count` ids no row of `table` has, taken up front so rows can be written many per statement."""
    if not count:
        return []
    if target.dialect == "postgresql":
        rows = await target.fetch_all(
            "SELECT nextval(pg_get_serial_sequence(?, 'id')) FROM generate_series(1, ?)", (table, count))
        return [int(row[0]) for row in rows]
    # SQLite: the copy's transaction holds the write lock, so nobody takes these meanwhile
    last = int(await target.fetch_value(f"SELECT COALESCE(MAX(id), 0) FROM {table}"))  # noqa: S608
    return list(range(last + 1, last + 1 + count))


async def _copy_table(source: Database, target: Database, spec: CopiedTable, tenant_id: int,
                      source_columns: dict[str, list[str]], target_columns: dict[str, list[str]],
                      maps: dict[str, dict[int, int]]) -> int:
    own = target_columns[spec.table]
    columns = [c for c in source_columns[spec.table] if c in own and c not in ("id", "tenant_id")]
    has_id = "id" in own
    written_columns = [*(["id"] if has_id else []), *columns, *(["tenant_id"] if "tenant_id" in own else [])]
    reset = _REPLANNED.get(spec.table, {})
    rows = await source.fetch_all(f"SELECT * FROM {spec.table} ORDER BY 1")  # noqa: S608
    new_ids = await _new_ids(target, spec.table, len(rows)) if has_id else []
    if spec.kind:
        maps[spec.kind].update((int(row["id"]), new_id) for row, new_id in zip(rows, new_ids, strict=True))
    records: list[list[Any]] = []
    for number, row in enumerate(rows):
        values: list[Any] = [new_ids[number]] if has_id else []
        for column in columns:
            value = row[column]
            if column in reset:
                value = reset[column]
            elif column in spec.refs:
                value = _translate(value, maps[spec.refs[column]])
            elif column in spec.json_refs and value is not None:
                mapped = maps[spec.json_refs[column]]
                value = db_json([mapped[int(v)] for v in json.loads(value) if int(v) in mapped])
            elif spec.table == "audit" and column == "entity_id" and value is not None:
                kind = _AUDIT_ENTITIES.get(row["entity"])
                if row["entity"] == "tenant":
                    value = tenant_id
                elif kind:
                    value = maps[kind].get(int(value), value)
            values.append(value)
        if "tenant_id" in own:
            values.append(tenant_id)
        records.append(values)
    # Many rows per statement (a row per statement took 95 s for a 10,000-task office on PostgreSQL).
    # A second import (--again) meets the first one's globally unique rows (an invite's token, a message
    # link of the same chat message): the first keeps them; nothing references those tables' rows.
    per_statement = max(1, _PARAMETERS // len(written_columns))
    if target.dialect == "postgresql" and spec.table == "assignments":
        # PostgreSQL fires the task-state triggers (0009) of a many-row INSERT at its end, and there they
        # cost more than one statement per row (17,489 assignments: 165-196 s against 74 s)
        per_statement = 1
    row_marks = f"({', '.join('?' * len(written_columns))})"
    written = 0
    for start in range(0, len(records), per_statement):
        chunk = records[start:start + per_statement]
        written += await target.execute(
            f"INSERT INTO {spec.table} ({', '.join(written_columns)})"  # noqa: S608 - schema names
            f" VALUES {', '.join([row_marks] * len(chunk))} ON CONFLICT DO NOTHING",
            [value for record in chunk for value in record])
    return written
