-- Several workers on one database (issue 12). On SQLite one process runs the bot, so only
-- handled_updates is used here; the other tables exist so both engines keep one schema.
--
-- handled_updates: an update Telegram delivers twice (a webhook post that timed out is retried, maybe to
-- another worker) is handled once: its id is recorded before handling, and a second record conflicts.
CREATE TABLE handled_updates (
    bot_id      INTEGER NOT NULL,
    update_id   INTEGER NOT NULL,
    handled_at  TEXT NOT NULL,
    PRIMARY KEY (bot_id, update_id)
);
CREATE INDEX handled_updates_age ON handled_updates(handled_at);

-- workers: each worker's lease, renewed while it runs; outbox rows claimed by a worker whose lease ran
-- out are taken back by the others (on SQLite the claimant's pid says whether it lives).
CREATE TABLE workers (
    owner        TEXT PRIMARY KEY,
    started_at   TEXT NOT NULL,
    alive_until  TEXT NOT NULL
);

-- send_pace / chat_pace: one send pace per bot token shared by every worker (PostgreSQL; SQLite's one
-- process paces itself in memory): the next free slot, a 429's hold, and each chat's next free moment,
-- in seconds of the server's clock.
CREATE TABLE send_pace (
    bot_id        INTEGER PRIMARY KEY,
    next_at       REAL NOT NULL,
    paused_until  REAL NOT NULL
);
CREATE TABLE chat_pace (
    bot_id   INTEGER NOT NULL,
    chat_id  INTEGER NOT NULL,
    free_at  REAL NOT NULL,
    PRIMARY KEY (bot_id, chat_id)
);
CREATE INDEX chat_pace_age ON chat_pace(free_at);
