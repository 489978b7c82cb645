-- An update inbox (issue 11: a press of Gửi is never lost). Each update is stored when it arrives, before
-- Telegram is told it was received (the next getUpdates' offset, or the webhook's 200), with its JSON and
-- the process that received it; it is marked done when its handling finished. A start replays the
-- updates a dead process received but never finished, at most a few attempts each (bot/update_inbox.py).
-- handled_at is now the moment the update arrived.
ALTER TABLE handled_updates ADD COLUMN payload TEXT;
ALTER TABLE handled_updates ADD COLUMN receiver TEXT;
ALTER TABLE handled_updates ADD COLUMN done_at TEXT;
ALTER TABLE handled_updates ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
-- Updates recorded before this migration were handled when they were recorded.
UPDATE handled_updates SET done_at = handled_at;
-- The few rows a start looks for among two days of updates.
CREATE INDEX handled_updates_open ON handled_updates(bot_id, update_id) WHERE done_at IS NULL;
