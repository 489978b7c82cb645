-- Twin of ../sqlite/0006_outbox_columns.sql.
ALTER TABLE outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 1;
ALTER TABLE outbox ADD COLUMN claimed_by TEXT COLLATE "C";
ALTER TABLE outbox ADD COLUMN notice_id BIGINT;
ALTER TABLE outbox ADD COLUMN unit_id BIGINT;
ALTER TABLE outbox ADD COLUMN person_id BIGINT;
ALTER TABLE outbox ADD COLUMN part INTEGER;
ALTER TABLE outbox ADD COLUMN tier TEXT COLLATE "C";

-- Deliveries written before: deliver:{notice}:{unit}:{person}:{part}.
UPDATE outbox SET
    notice_id = split_part(key, ':', 2)::BIGINT,
    unit_id = split_part(key, ':', 3)::BIGINT,
    person_id = split_part(key, ':', 4)::BIGINT,
    part = split_part(key, ':', 5)::INTEGER
WHERE key LIKE 'deliver:%';

DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox(status, next_attempt_at, priority);
CREATE INDEX outbox_notice ON outbox(notice_id, unit_id, person_id) WHERE notice_id IS NOT NULL;
CREATE INDEX outbox_claimed ON outbox(claimed_by) WHERE claimed_by IS NOT NULL;
