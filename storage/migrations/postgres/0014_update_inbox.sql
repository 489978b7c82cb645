-- Twin of ../sqlite/0014_update_inbox.sql.
ALTER TABLE handled_updates ADD COLUMN payload TEXT COLLATE "C";
ALTER TABLE handled_updates ADD COLUMN receiver TEXT COLLATE "C";
ALTER TABLE handled_updates ADD COLUMN done_at TEXT COLLATE "C";
ALTER TABLE handled_updates ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
UPDATE handled_updates SET done_at = handled_at;
CREATE INDEX handled_updates_open ON handled_updates(bot_id, update_id) WHERE done_at IS NULL;
