-- The official counts (storage/repositories/reports.py) read exactly these columns of every assignment
-- not withdrawn: from this index alone, in task order, they group tasks without sorting and without
-- reading the table, where joining each row to its task and notice cost two lookups per row.
CREATE INDEX assignments_counted ON assignments(task_id, unit_id, role, deadline, status, done_on)
    WHERE withdrawn_at IS NULL;
-- The few withdrawn assignments: a withdrawn one still open keeps its task in the period (reports.py).
CREATE INDEX assignments_withdrawn ON assignments(task_id) WHERE withdrawn_at IS NOT NULL;
