-- Corrections after publishing: the office may withdraw one task of a published notice. Its assignments
-- keep their rows (history, audit) but stop being open, reminded or counted. A column, not a new status
-- value, so the change is one portable ALTER TABLE instead of rebuilding the table for its CHECK.
ALTER TABLE assignments ADD COLUMN withdrawn_at TEXT;
