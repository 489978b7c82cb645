-- One deployment, many People's Committees (issue 12): every row a committee owns names its tenant.
-- An existing single-office database becomes tenant 1 with nothing lost; a fresh one starts with tenant 1
-- too, so a one-office install needs no `dondoc tenant add`. The office renames it with
-- `dondoc tenant rename 1 "UBND phường …"`.
--
-- SQLite cannot add a NOT NULL column without a default, and a default (1) would silently file any row
-- written without its tenant under tenant 1. So tenant_id is added nullable, filled, and a trigger per
-- table refuses a row without a tenant and a row moving to another tenant. Tables whose uniqueness must
-- become per tenant (units' name key, days off, the reminder schedule, the outbox key) are rebuilt.

CREATE TABLE tenants (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ('province', 'commune', 'ward', 'other')),
    -- per-tenant overrides merged over the process settings' defaults: {"reminders": {...}, "digests": {...}}
    settings    TEXT NOT NULL DEFAULT '{}',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
INSERT INTO tenants (id, name, kind, created_at, updated_at)
VALUES (1, 'Ủy ban nhân dân', 'other', strftime('%Y-%m-%dT%H:%M:%f000+00:00', 'now'),
        strftime('%Y-%m-%dT%H:%M:%f000+00:00', 'now'));

-- The committee a chat last chose (people with roles in several tenants).
CREATE TABLE chat_tenants (
    chat_id     INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    chosen_at   TEXT NOT NULL
);

-- units: name_key was UNIQUE for the whole file; now per tenant. SQLite's way to change a constraint is
-- to rebuild the table; this migration runs with foreign keys off (the marker line below, read by
-- storage.db), so dropping the old table deletes nothing that references it, and the foreign key check
-- runs before COMMIT.
-- dondoc: foreign keys off
CREATE TABLE units_by_tenant (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenants(id),
    name        TEXT NOT NULL,
    -- casefolded, diacritics stripped: "Phòng Kinh tế" and "phong kinh te" are the same unit
    name_key    TEXT NOT NULL,
    kind        TEXT NOT NULL DEFAULT 'other',
    aliases     TEXT NOT NULL DEFAULT '[]',
    groups      TEXT NOT NULL DEFAULT '[]',
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (tenant_id, name_key)
);
INSERT INTO units_by_tenant (id, tenant_id, name, name_key, kind, aliases, groups, active, created_at,
    updated_at)
SELECT id, 1, name, name_key, kind, aliases, groups, active, created_at, updated_at FROM units;
DROP TABLE units;
ALTER TABLE units_by_tenant RENAME TO units;

-- days_off: one list per tenant (the key was the day alone). Nothing references it.
CREATE TABLE days_off_by_tenant (
    tenant_id   INTEGER NOT NULL REFERENCES tenants(id),
    day         TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    added_by    INTEGER REFERENCES people(id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, day)
);
INSERT INTO days_off_by_tenant (tenant_id, day, reason, added_by, created_at)
SELECT 1, day, reason, added_by, created_at FROM days_off;
DROP TABLE days_off;
ALTER TABLE days_off_by_tenant RENAME TO days_off;

-- the policy fingerprint the stored reminder moments were computed with: per tenant (own policy)
CREATE TABLE reminder_schedule_by_tenant (
    tenant_id    INTEGER PRIMARY KEY REFERENCES tenants(id),
    fingerprint  TEXT NOT NULL
);
INSERT INTO reminder_schedule_by_tenant (tenant_id, fingerprint) SELECT 1, fingerprint FROM reminder_schedule;
DROP TABLE reminder_schedule;
ALTER TABLE reminder_schedule_by_tenant RENAME TO reminder_schedule;

-- outbox: one queue for the token (30 msg/s is per token), rows carry their tenant (NULL: a system
-- message). Keys are unique per tenant: two committees' digests to one person on one day are two rows.
CREATE TABLE outbox_by_tenant (
    id                   INTEGER PRIMARY KEY,
    tenant_id            INTEGER REFERENCES tenants(id),
    key                  TEXT NOT NULL,
    chat_id              INTEGER NOT NULL,
    kind                 TEXT NOT NULL,
    payload              TEXT NOT NULL,
    status               TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts             INTEGER NOT NULL DEFAULT 0,
    next_attempt_at      TEXT NOT NULL,
    last_error           TEXT,
    telegram_message_id  INTEGER,
    created_at           TEXT NOT NULL,
    sent_at              TEXT,
    priority             INTEGER NOT NULL DEFAULT 1,
    claimed_by           TEXT,
    notice_id            INTEGER,
    unit_id              INTEGER,
    person_id            INTEGER,
    part                 INTEGER,
    tier                 TEXT
);
INSERT INTO outbox_by_tenant (id, tenant_id, key, chat_id, kind, payload, status, attempts, next_attempt_at,
    last_error, telegram_message_id, created_at, sent_at, priority, claimed_by, notice_id, unit_id, person_id,
    part, tier)
SELECT id, 1, key, chat_id, kind, payload, status, attempts, next_attempt_at, last_error, telegram_message_id,
    created_at, sent_at, priority, claimed_by, notice_id, unit_id, person_id, part, tier FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_by_tenant RENAME TO outbox;
CREATE UNIQUE INDEX outbox_key ON outbox(tenant_id, key);
-- system messages (no tenant): NULLs are distinct in a unique index, so their keys get their own
CREATE UNIQUE INDEX outbox_system_key ON outbox(key) WHERE tenant_id IS NULL;
CREATE INDEX outbox_due ON outbox(status, next_attempt_at, priority);
CREATE INDEX outbox_notice ON outbox(notice_id, unit_id, person_id) WHERE notice_id IS NOT NULL;
CREATE INDEX outbox_claimed ON outbox(claimed_by) WHERE claimed_by IS NOT NULL;

-- The other tenant-owned tables keep their rows and gain the column.
ALTER TABLE roles ADD COLUMN tenant_id INTEGER REFERENCES tenants(id);
UPDATE roles SET tenant_id = 1;
ALTER TABLE invites ADD COLUMN tenant_id INTEGER REFERENCES tenants(id);
UPDATE invites SET tenant_id = 1;
ALTER TABLE notices ADD COLUMN tenant_id INTEGER REFERENCES tenants(id);
UPDATE notices SET tenant_id = 1;
ALTER TABLE tasks ADD COLUMN tenant_id INTEGER REFERENCES tenants(id);
UPDATE tasks SET tenant_id = 1;
ALTER TABLE assignments ADD COLUMN tenant_id INTEGER REFERENCES tenants(id);
UPDATE assignments SET tenant_id = 1;
ALTER TABLE progress ADD COLUMN tenant_id INTEGER REFERENCES tenants(id);
UPDATE progress SET tenant_id = 1;
ALTER TABLE extensions ADD COLUMN tenant_id INTEGER REFERENCES tenants(id);
UPDATE extensions SET tenant_id = 1;
ALTER TABLE draft_candidates ADD COLUMN tenant_id INTEGER REFERENCES tenants(id);
UPDATE draft_candidates SET tenant_id = 1;
ALTER TABLE message_links ADD COLUMN tenant_id INTEGER REFERENCES tenants(id);
UPDATE message_links SET tenant_id = 1;
ALTER TABLE audit ADD COLUMN tenant_id INTEGER REFERENCES tenants(id);
UPDATE audit SET tenant_id = 1;

-- A deployment admin's role has no tenant (they create tenants); every other row has one. Audit rows of
-- tenant-free changes (a person's reachability) have none.
CREATE TRIGGER units_tenant_fixed BEFORE UPDATE OF tenant_id ON units WHEN NEW.tenant_id IS NOT OLD.tenant_id
BEGIN
    SELECT RAISE(ABORT, 'a row never changes tenant');
END;
CREATE TRIGGER roles_tenant_required BEFORE INSERT ON roles WHEN NEW.tenant_id IS NULL AND NEW.role <> 'admin'
BEGIN
    SELECT RAISE(ABORT, 'roles.tenant_id is required');
END;
CREATE TRIGGER roles_tenant_fixed BEFORE UPDATE OF tenant_id ON roles WHEN NEW.tenant_id IS NOT OLD.tenant_id
BEGIN
    SELECT RAISE(ABORT, 'a row never changes tenant');
END;
CREATE TRIGGER invites_tenant_required BEFORE INSERT ON invites WHEN NEW.tenant_id IS NULL
BEGIN
    SELECT RAISE(ABORT, 'invites.tenant_id is required');
END;
CREATE TRIGGER invites_tenant_fixed BEFORE UPDATE OF tenant_id ON invites WHEN NEW.tenant_id IS NOT OLD.tenant_id
BEGIN
    SELECT RAISE(ABORT, 'a row never changes tenant');
END;
CREATE TRIGGER notices_tenant_required BEFORE INSERT ON notices WHEN NEW.tenant_id IS NULL
BEGIN
    SELECT RAISE(ABORT, 'notices.tenant_id is required');
END;
CREATE TRIGGER notices_tenant_fixed BEFORE UPDATE OF tenant_id ON notices WHEN NEW.tenant_id IS NOT OLD.tenant_id
BEGIN
    SELECT RAISE(ABORT, 'a row never changes tenant');
END;
CREATE TRIGGER tasks_tenant_required BEFORE INSERT ON tasks WHEN NEW.tenant_id IS NULL
BEGIN
    SELECT RAISE(ABORT, 'tasks.tenant_id is required');
END;
CREATE TRIGGER tasks_tenant_fixed BEFORE UPDATE OF tenant_id ON tasks WHEN NEW.tenant_id IS NOT OLD.tenant_id
BEGIN
    SELECT RAISE(ABORT, 'a row never changes tenant');
END;
CREATE TRIGGER assignments_tenant_required BEFORE INSERT ON assignments WHEN NEW.tenant_id IS NULL
BEGIN
    SELECT RAISE(ABORT, 'assignments.tenant_id is required');
END;
CREATE TRIGGER assignments_tenant_fixed BEFORE UPDATE OF tenant_id ON assignments WHEN NEW.tenant_id IS NOT OLD.tenant_id
BEGIN
    SELECT RAISE(ABORT, 'a row never changes tenant');
END;
CREATE TRIGGER progress_tenant_required BEFORE INSERT ON progress WHEN NEW.tenant_id IS NULL
BEGIN
    SELECT RAISE(ABORT, 'progress.tenant_id is required');
END;
CREATE TRIGGER progress_tenant_fixed BEFORE UPDATE OF tenant_id ON progress WHEN NEW.tenant_id IS NOT OLD.tenant_id
BEGIN
    SELECT RAISE(ABORT, 'a row never changes tenant');
END;
CREATE TRIGGER extensions_tenant_required BEFORE INSERT ON extensions WHEN NEW.tenant_id IS NULL
BEGIN
    SELECT RAISE(ABORT, 'extensions.tenant_id is required');
END;
CREATE TRIGGER extensions_tenant_fixed BEFORE UPDATE OF tenant_id ON extensions WHEN NEW.tenant_id IS NOT OLD.tenant_id
BEGIN
    SELECT RAISE(ABORT, 'a row never changes tenant');
END;
CREATE TRIGGER draft_candidates_tenant_required BEFORE INSERT ON draft_candidates WHEN NEW.tenant_id IS NULL
BEGIN
    SELECT RAISE(ABORT, 'draft_candidates.tenant_id is required');
END;
CREATE TRIGGER draft_candidates_tenant_fixed BEFORE UPDATE OF tenant_id ON draft_candidates WHEN NEW.tenant_id IS NOT OLD.tenant_id
BEGIN
    SELECT RAISE(ABORT, 'a row never changes tenant');
END;
CREATE TRIGGER message_links_tenant_required BEFORE INSERT ON message_links WHEN NEW.tenant_id IS NULL
BEGIN
    SELECT RAISE(ABORT, 'message_links.tenant_id is required');
END;
CREATE TRIGGER message_links_tenant_fixed BEFORE UPDATE OF tenant_id ON message_links WHEN NEW.tenant_id IS NOT OLD.tenant_id
BEGIN
    SELECT RAISE(ABORT, 'a row never changes tenant');
END;

-- Per-tenant keys and the indexes a tenant's queries lead with.
DROP INDEX roles_unique;
CREATE UNIQUE INDEX roles_unique ON roles(COALESCE(tenant_id, 0), person_id, role, COALESCE(unit_id, 0));
DROP INDEX roles_by_role;
CREATE INDEX roles_by_role ON roles(tenant_id, role);
CREATE INDEX roles_by_person ON roles(person_id, tenant_id);
CREATE INDEX invites_by_tenant ON invites(tenant_id, created_at);

DROP INDEX notices_by_sha256;
CREATE INDEX notices_by_sha256 ON notices(tenant_id, source_sha256);
DROP INDEX notices_by_number;
CREATE INDEX notices_by_number ON notices(tenant_id, number);
DROP INDEX notices_by_created;
CREATE INDEX notices_by_created ON notices(tenant_id, created_at);
DROP INDEX notices_by_status;
CREATE INDEX notices_by_status ON notices(tenant_id, status, published_at);

DROP INDEX assignments_by_status_deadline;
CREATE INDEX assignments_by_status_deadline ON assignments(tenant_id, status, deadline);
DROP INDEX assignments_by_done_on;
CREATE INDEX assignments_by_done_on ON assignments(tenant_id, done_on);
DROP INDEX assignments_by_updated;
CREATE INDEX assignments_by_updated ON assignments(tenant_id, updated_at);
DROP INDEX assignments_open_by_deadline;
CREATE INDEX assignments_open_by_deadline ON assignments(tenant_id, deadline, unit_id, task_id)
    WHERE status IN ('new', 'acknowledged', 'in_progress', 'returned') AND withdrawn_at IS NULL;
DROP INDEX assignments_new_by_task;
CREATE INDEX assignments_new_by_task ON assignments(tenant_id, task_id, unit_id)
    WHERE status = 'new' AND withdrawn_at IS NULL;
DROP INDEX assignments_counted;
CREATE INDEX assignments_counted ON assignments(tenant_id, task_id, unit_id, role, deadline, status, done_on)
    WHERE withdrawn_at IS NULL;
-- the minute sweep across all tenants keeps its global assignments_next_reminder index

DROP INDEX extensions_by_decision;
CREATE INDEX extensions_by_decision ON extensions(tenant_id, decision, created_at);
CREATE INDEX audit_by_tenant ON audit(tenant_id, id);
CREATE INDEX message_links_by_notice ON message_links(tenant_id, notice_id);

-- A day off moves working-day arithmetic for its tenant's open assignments only.
CREATE TRIGGER days_off_insert_replan AFTER INSERT ON days_off
BEGIN
    UPDATE assignments SET next_reminder_at = NULL, schedule_version = schedule_version + 1
    WHERE tenant_id = NEW.tenant_id
      AND status IN ('new', 'acknowledged', 'in_progress', 'returned') AND withdrawn_at IS NULL;
END;

CREATE TRIGGER days_off_delete_replan AFTER DELETE ON days_off
BEGIN
    UPDATE assignments SET next_reminder_at = NULL, schedule_version = schedule_version + 1
    WHERE tenant_id = OLD.tenant_id
      AND status IN ('new', 'acknowledged', 'in_progress', 'returned') AND withdrawn_at IS NULL;
END;

-- The last line of defence against a forged id: an assignment's task and unit, a role's unit, a task's
-- notice are always of the row's own tenant.
CREATE TRIGGER assignments_one_tenant BEFORE INSERT ON assignments
WHEN (SELECT tenant_id FROM units WHERE id = NEW.unit_id) IS NOT NEW.tenant_id
  OR (SELECT tenant_id FROM tasks WHERE id = NEW.task_id) IS NOT NEW.tenant_id
BEGIN
    SELECT RAISE(ABORT, 'an assignment joins a task and a unit of its own tenant');
END;
CREATE TRIGGER assignments_one_tenant_update BEFORE UPDATE OF unit_id, task_id ON assignments
WHEN (SELECT tenant_id FROM units WHERE id = NEW.unit_id) IS NOT NEW.tenant_id
  OR (SELECT tenant_id FROM tasks WHERE id = NEW.task_id) IS NOT NEW.tenant_id
BEGIN
    SELECT RAISE(ABORT, 'an assignment joins a task and a unit of its own tenant');
END;
CREATE TRIGGER roles_one_tenant BEFORE INSERT ON roles
WHEN NEW.unit_id IS NOT NULL AND (SELECT tenant_id FROM units WHERE id = NEW.unit_id) IS NOT NEW.tenant_id
BEGIN
    SELECT RAISE(ABORT, 'a unit role is held in the unit''s tenant');
END;
CREATE TRIGGER tasks_one_tenant BEFORE INSERT ON tasks
WHEN (SELECT tenant_id FROM notices WHERE id = NEW.notice_id) IS NOT NEW.tenant_id
BEGIN
    SELECT RAISE(ABORT, 'a task belongs to a notice of its own tenant');
END;
