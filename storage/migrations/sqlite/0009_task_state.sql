-- Each task keeps its state for the official counts (storage/repositories/reports.py) in its own row, kept
-- current by the triggers below: /tonghop for all units then reads one index entry per task of the
-- period instead of grouping every assignment of every task (issue 11).
-- A task's state is its lead units' (all its units when none leads), withdrawn assignments aside:
ALTER TABLE tasks ADD COLUMN state_assignments INTEGER NOT NULL DEFAULT 0;  -- how many make the state
ALTER TABLE tasks ADD COLUMN state_open INTEGER NOT NULL DEFAULT 0;         -- of them, not done yet
ALTER TABLE tasks ADD COLUMN state_deadline TEXT;                           -- their latest deadline
ALTER TABLE tasks ADD COLUMN state_done_on TEXT;                            -- the latest done_on of the done
-- and whether the task belongs to a period, over every assignment, withdrawn ones too:
ALTER TABLE tasks ADD COLUMN open_assignments INTEGER NOT NULL DEFAULT 0;   -- how many are open
ALTER TABLE tasks ADD COLUMN latest_done_on TEXT;                           -- the latest done_on of any

-- Each assignment as its task's state reads it. `decides`: it makes the task's state (reports.py's
-- "effective"); `undone`: not done (done means status 'done' with a date); `open`: an open status.
CREATE VIEW task_state_rows AS
SELECT b.task_id, b.deadline, b.done_on,
       CASE WHEN b.withdrawn_at IS NULL AND (b.role = 'lead' OR NOT EXISTS (
           SELECT 1 FROM assignments c WHERE c.task_id = b.task_id AND c.withdrawn_at IS NULL AND c.role = 'lead'))
            THEN 1 ELSE 0 END AS decides,
       CASE WHEN b.status = 'done' AND b.done_on IS NOT NULL THEN 0 ELSE 1 END AS undone,
       CASE WHEN b.status IN ('new', 'acknowledged', 'in_progress', 'returned') THEN 1 ELSE 0 END AS open
FROM assignments b;

-- Recounted from the task's few assignments on every change that can move it: one statement per trigger,
-- the same as the backfill at the end, so "the columns equal a recount" is true by construction.
CREATE TRIGGER task_state_insert AFTER INSERT ON assignments
BEGIN
    UPDATE tasks SET (state_assignments, state_open, state_deadline, state_done_on, open_assignments,
                      latest_done_on) = (
        SELECT COALESCE(SUM(decides), 0), COALESCE(SUM(decides * undone), 0),
               MAX(CASE WHEN decides = 1 THEN deadline END),
               MAX(CASE WHEN decides = 1 AND undone = 0 THEN done_on END),
               COALESCE(SUM(open), 0), MAX(done_on)
        FROM task_state_rows r WHERE r.task_id = NEW.task_id)
    WHERE id = NEW.task_id;
END;

CREATE TRIGGER task_state_update AFTER UPDATE OF task_id, role, deadline, status, done_on, withdrawn_at
ON assignments
BEGIN
    UPDATE tasks SET (state_assignments, state_open, state_deadline, state_done_on, open_assignments,
                      latest_done_on) = (
        SELECT COALESCE(SUM(decides), 0), COALESCE(SUM(decides * undone), 0),
               MAX(CASE WHEN decides = 1 THEN deadline END),
               MAX(CASE WHEN decides = 1 AND undone = 0 THEN done_on END),
               COALESCE(SUM(open), 0), MAX(done_on)
        FROM task_state_rows r WHERE r.task_id = tasks.id)
    WHERE id IN (OLD.task_id, NEW.task_id);
END;

CREATE TRIGGER task_state_delete AFTER DELETE ON assignments
BEGIN
    UPDATE tasks SET (state_assignments, state_open, state_deadline, state_done_on, open_assignments,
                      latest_done_on) = (
        SELECT COALESCE(SUM(decides), 0), COALESCE(SUM(decides * undone), 0),
               MAX(CASE WHEN decides = 1 THEN deadline END),
               MAX(CASE WHEN decides = 1 AND undone = 0 THEN done_on END),
               COALESCE(SUM(open), 0), MAX(done_on)
        FROM task_state_rows r WHERE r.task_id = OLD.task_id)
    WHERE id = OLD.task_id;
END;

UPDATE tasks SET (state_assignments, state_open, state_deadline, state_done_on, open_assignments,
                  latest_done_on) = (
    SELECT COALESCE(SUM(decides), 0), COALESCE(SUM(decides * undone), 0),
           MAX(CASE WHEN decides = 1 THEN deadline END),
           MAX(CASE WHEN decides = 1 AND undone = 0 THEN done_on END),
           COALESCE(SUM(open), 0), MAX(done_on)
    FROM task_state_rows r WHERE r.task_id = tasks.id);

-- The counts read a period's tasks from these two, covering (notice for the scope, then the state): the
-- tasks with open work, and those finished lately (by latest_done_on, for the period's start).
CREATE INDEX tasks_open_state ON tasks(notice_id, state_assignments, state_open, state_deadline, state_done_on,
                                     open_assignments)
    WHERE open_assignments > 0;
CREATE INDEX tasks_latest_done ON tasks(latest_done_on, notice_id, state_assignments, state_open, state_deadline,
                                      state_done_on, open_assignments) WHERE open_assignments = 0;
-- Each unit's open assignments in unit order: the counts per unit stream through it without sorting.
CREATE INDEX assignments_open_by_unit ON assignments(unit_id, deadline, task_id)
    WHERE status IN ('new', 'acknowledged', 'in_progress', 'returned') AND withdrawn_at IS NULL;
