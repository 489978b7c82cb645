-- Twin of ../sqlite/0008_counted_assignments.sql.
CREATE INDEX assignments_counted ON assignments(task_id, unit_id, role, deadline, status, done_on)
    WHERE withdrawn_at IS NULL;
CREATE INDEX assignments_withdrawn ON assignments(task_id) WHERE withdrawn_at IS NOT NULL;
