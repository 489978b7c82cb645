-- The office's review of a draft (issue 10): what the parser was unsure of, and the sentences that look
-- like orders but gave no task (the preview's safety net). Plain SQL that SQLite and PostgreSQL both take.

-- Why the office should look twice at a task: a JSON list of bot.parser.models.TaskFlag values.
ALTER TABLE tasks ADD COLUMN flags TEXT NOT NULL DEFAULT '[]';
-- Where the task starts in the notice's text (character offset), to put a task made from a
-- candidate sentence in document order; NULL when unknown (older drafts, tasks the office typed).
ALTER TABLE tasks ADD COLUMN span_start INTEGER;

CREATE TABLE draft_candidates (
    id          INTEGER PRIMARY KEY,
    notice_id   INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    -- 1, 2, … in the order of the notice's text; the preview labels them "Câu 1", "Câu 2", …
    position    INTEGER NOT NULL,
    text        TEXT NOT NULL,
    -- the unit names the sentence mentions (directory names where the directory matched them)
    units       TEXT NOT NULL DEFAULT '[]',
    span_start  INTEGER,
    -- open: listed in the preview; taken: became task_id; dismissed: the office said it is no task
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'taken', 'dismissed')),
    task_id     INTEGER REFERENCES tasks(id) ON DELETE SET NULL,
    UNIQUE (notice_id, position)
);
