-- dondoc initial schema. Times are UTC ISO-8601 text (YYYY-MM-DDTHH:MM:SS.ffffff+00:00, so text order is
-- time order); dates are ISO dates (YYYY-MM-DD). JSON columns hold short lists written by the repositories.

CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    -- casefolded, diacritics stripped: "Phòng Kinh tế" and "phong kinh te" are the same unit
    name_key    TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL DEFAULT 'other',
    aliases     TEXT NOT NULL DEFAULT '[]',
    groups      TEXT NOT NULL DEFAULT '[]',
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE people (
    id               INTEGER PRIMARY KEY,
    telegram_user_id INTEGER NOT NULL UNIQUE,
    chat_id          INTEGER,
    display_name     TEXT NOT NULL DEFAULT '',
    reachable        INTEGER NOT NULL DEFAULT 1 CHECK (reachable IN (0, 1)),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX people_by_chat ON people(chat_id);

CREATE TABLE roles (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('admin', 'office', 'leader', 'head', 'deputy')),
    unit_id     INTEGER REFERENCES units(id) ON DELETE CASCADE,
    granted_by  INTEGER REFERENCES people(id) ON DELETE SET NULL,
    granted_at  TEXT NOT NULL,
    -- head and deputy belong to a unit; the office-wide roles do not
    CHECK ((role IN ('head', 'deputy')) = (unit_id IS NOT NULL))
);
CREATE UNIQUE INDEX roles_unique ON roles(person_id, role, COALESCE(unit_id, 0));
CREATE INDEX roles_by_unit ON roles(unit_id, role);
CREATE INDEX roles_by_role ON roles(role);

CREATE TABLE invites (
    id          INTEGER PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    unit_id     INTEGER REFERENCES units(id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('admin', 'office', 'leader', 'head', 'deputy')),
    created_by  INTEGER REFERENCES people(id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_by     INTEGER REFERENCES people(id) ON DELETE SET NULL,
    used_at     TEXT
);

CREATE TABLE notices (
    id              INTEGER PRIMARY KEY,
    number          TEXT,
    issuer          TEXT,
    title           TEXT,
    issued_on       TEXT,
    meeting_on      TEXT,
    kind            TEXT NOT NULL DEFAULT 'other',
    source_name     TEXT,
    source_sha256   TEXT,
    source_file_id  TEXT,
    text            TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'withdrawn')),
    created_by      INTEGER REFERENCES people(id) ON DELETE SET NULL,
    -- the leader who owns the notice gets escalations; optional
    leader_id       INTEGER REFERENCES people(id) ON DELETE SET NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    published_at    TEXT,
    withdrawn_at    TEXT
);
CREATE INDEX notices_by_sha256 ON notices(source_sha256);
CREATE INDEX notices_by_number ON notices(number);
CREATE INDEX notices_by_created ON notices(created_at);
CREATE INDEX notices_by_status ON notices(status, published_at);

-- Only drafts may disappear; a published notice is withdrawn, never deleted.
CREATE TRIGGER notices_delete_draft_only
BEFORE DELETE ON notices
WHEN OLD.status <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'only a draft notice can be deleted');
END;

CREATE TABLE tasks (
    id          INTEGER PRIMARY KEY,
    notice_id   INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    section     TEXT,
    text        TEXT NOT NULL,
    kind        TEXT NOT NULL DEFAULT 'assign' CHECK (kind IN ('assign', 'request')),
    deadline    TEXT,
    recurrence  TEXT,
    -- unit names the directory could not match yet: [{"name": ..., "role": "lead"|"coordinate"}]
    unresolved  TEXT NOT NULL DEFAULT '[]',
    UNIQUE (notice_id, position)
);

CREATE TABLE assignments (
    id               INTEGER PRIMARY KEY,
    task_id          INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    unit_id          INTEGER NOT NULL REFERENCES units(id),
    role             TEXT NOT NULL CHECK (role IN ('lead', 'coordinate')),
    status           TEXT NOT NULL DEFAULT 'new'
                     CHECK (status IN ('new', 'acknowledged', 'in_progress', 'done', 'returned')),
    percent          INTEGER NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
    -- the current deadline: the task's deadline, moved by approved extensions
    deadline         TEXT,
    acknowledged_at  TEXT,
    acknowledged_by  INTEGER REFERENCES people(id) ON DELETE SET NULL,
    done_at          TEXT,
    -- local (Asia/Ho_Chi_Minh) date of done_at, compared with the deadline for on time / late
    done_on          TEXT,
    done_by          INTEGER REFERENCES people(id) ON DELETE SET NULL,
    done_note        TEXT,
    returned_reason  TEXT,
    last_progress_at TEXT,
    snoozed_until    TEXT,
    snooze_count     INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (task_id, unit_id)
);
-- reminder sweep: open assignments by deadline; digest: by unit and status; done by day
CREATE INDEX assignments_by_status_deadline ON assignments(status, deadline);
CREATE INDEX assignments_by_unit_status ON assignments(unit_id, status, deadline);
CREATE INDEX assignments_by_done_on ON assignments(done_on);

CREATE TABLE progress (
    id             INTEGER PRIMARY KEY,
    assignment_id  INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
    author_id      INTEGER REFERENCES people(id) ON DELETE SET NULL,
    text           TEXT NOT NULL DEFAULT '',
    percent        INTEGER CHECK (percent IS NULL OR percent BETWEEN 0 AND 100),
    file_ids       TEXT NOT NULL DEFAULT '[]',
    chat_id        INTEGER,
    message_id     INTEGER,
    created_at     TEXT NOT NULL,
    edited_at      TEXT
);
CREATE INDEX progress_by_assignment ON progress(assignment_id, created_at);
CREATE INDEX progress_by_message ON progress(chat_id, message_id);

CREATE TABLE extensions (
    id                 INTEGER PRIMARY KEY,
    assignment_id      INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
    requested_by       INTEGER REFERENCES people(id) ON DELETE SET NULL,
    previous_deadline  TEXT,
    proposed_date      TEXT NOT NULL,
    reason             TEXT NOT NULL DEFAULT '',
    decision           TEXT NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending', 'approved', 'declined')),
    decided_by         INTEGER REFERENCES people(id) ON DELETE SET NULL,
    decided_at         TEXT,
    created_at         TEXT NOT NULL
);
CREATE INDEX extensions_by_decision ON extensions(decision, created_at);
CREATE INDEX extensions_by_assignment ON extensions(assignment_id);

CREATE TABLE outbox (
    id                   INTEGER PRIMARY KEY,
    key                  TEXT NOT NULL UNIQUE,
    chat_id              INTEGER NOT NULL,
    kind                 TEXT NOT NULL,
    payload              TEXT NOT NULL,
    status               TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts             INTEGER NOT NULL DEFAULT 0,
    next_attempt_at      TEXT NOT NULL,
    last_error           TEXT,
    telegram_message_id  INTEGER,
    created_at           TEXT NOT NULL,
    sent_at              TEXT
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);

CREATE TABLE message_links (
    id              INTEGER PRIMARY KEY,
    chat_id         INTEGER NOT NULL,
    message_id      INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    notice_id       INTEGER REFERENCES notices(id) ON DELETE CASCADE,
    assignment_ids  TEXT NOT NULL DEFAULT '[]',
    created_at      TEXT NOT NULL,
    UNIQUE (chat_id, message_id)
);

CREATE TABLE reminders_sent (
    id             INTEGER PRIMARY KEY,
    assignment_id  INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    period         TEXT NOT NULL,
    sent_at        TEXT NOT NULL,
    UNIQUE (assignment_id, kind, period)
);

CREATE TABLE days_off (
    day         TEXT PRIMARY KEY,
    reason      TEXT NOT NULL DEFAULT '',
    added_by    INTEGER REFERENCES people(id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL
);

-- No foreign keys: the trail must outlive the rows it describes.
CREATE TABLE audit (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor_id   INTEGER,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  INTEGER,
    before     TEXT,
    after      TEXT
);
CREATE INDEX audit_by_entity ON audit(entity, entity_id, id);
