-- Placeholder for migration 0006, which belongs to the outbox branch (issue 11): it keeps the numbers
-- without gaps on this branch. Replaced by that branch's 0006 file at merge.
SELECT 1;
