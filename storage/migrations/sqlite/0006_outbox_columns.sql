-- The outbox's facts in columns (issue 11): the delivery report reads notice, unit, person and part
-- instead of parsing them back out of the key; `priority` lets an answer to the person who just acted
-- overtake a broadcast (0 answer, 1 bulk); `claimed_by` names the process holding a claim, so its
-- rows are taken back at the next start when it died instead of after the lease.
ALTER TABLE outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 1;
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN notice_id INTEGER;
ALTER TABLE outbox ADD COLUMN unit_id INTEGER;
ALTER TABLE outbox ADD COLUMN person_id INTEGER;
ALTER TABLE outbox ADD COLUMN part INTEGER;
ALTER TABLE outbox ADD COLUMN tier TEXT;

-- Deliveries written before: deliver:{notice}:{unit}:{person}:{part}.
UPDATE outbox SET
    notice_id = CAST(substr(key, 9, instr(substr(key, 9), ':') - 1) AS INTEGER)
WHERE key LIKE 'deliver:%';
UPDATE outbox SET
    unit_id = CAST(substr(key, 10 + length(notice_id), instr(substr(key, 10 + length(notice_id)), ':') - 1)
                   AS INTEGER)
WHERE key LIKE 'deliver:%';
UPDATE outbox SET
    person_id = CAST(substr(key, 11 + length(notice_id) + length(unit_id),
                            instr(substr(key, 11 + length(notice_id) + length(unit_id)), ':') - 1) AS INTEGER),
    part = CAST(substr(key, 12 + length(notice_id) + length(unit_id)
                       + length(substr(key, 11 + length(notice_id) + length(unit_id),
                                       instr(substr(key, 11 + length(notice_id) + length(unit_id)), ':') - 1)))
                AS INTEGER)
WHERE key LIKE 'deliver:%';

DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox(status, next_attempt_at, priority);
CREATE INDEX outbox_notice ON outbox(notice_id, unit_id, person_id) WHERE notice_id IS NOT NULL;
CREATE INDEX outbox_claimed ON outbox(claimed_by) WHERE claimed_by IS NOT NULL;
