-- Twin of ../sqlite/0009_task_state.sql: the same columns, view, triggers and indexes; the triggers call one
-- plpgsql function that does what their SQLite bodies do (recount the state of the task(s) a change touches).
ALTER TABLE tasks ADD COLUMN state_assignments INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN state_open INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN state_deadline TEXT COLLATE "C";
ALTER TABLE tasks ADD COLUMN state_done_on TEXT COLLATE "C";
ALTER TABLE tasks ADD COLUMN open_assignments INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN latest_done_on TEXT COLLATE "C";

CREATE VIEW task_state_rows AS
SELECT b.task_id, b.deadline, b.done_on,
       CASE WHEN b.withdrawn_at IS NULL AND (b.role = 'lead' OR NOT EXISTS (
           SELECT 1 FROM assignments c WHERE c.task_id = b.task_id AND c.withdrawn_at IS NULL AND c.role = 'lead'))
            THEN 1 ELSE 0 END AS decides,
       CASE WHEN b.status = 'done' AND b.done_on IS NOT NULL THEN 0 ELSE 1 END AS undone,
       CASE WHEN b.status IN ('new', 'acknowledged', 'in_progress', 'returned') THEN 1 ELSE 0 END AS open
FROM assignments b;

CREATE FUNCTION task_state_recount() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    touched BIGINT[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        touched := ARRAY[NEW.task_id];
    ELSIF TG_OP = 'DELETE' THEN
        touched := ARRAY[OLD.task_id];
    ELSE
        touched := ARRAY[OLD.task_id, NEW.task_id];
    END IF;
    UPDATE tasks SET (state_assignments, state_open, state_deadline, state_done_on, open_assignments,
                      latest_done_on) = (
        SELECT COALESCE(SUM(decides), 0), COALESCE(SUM(decides * undone), 0),
               MAX(CASE WHEN decides = 1 THEN deadline END),
               MAX(CASE WHEN decides = 1 AND undone = 0 THEN done_on END),
               COALESCE(SUM(open), 0), MAX(done_on)
        FROM task_state_rows r WHERE r.task_id = tasks.id)
    WHERE id = ANY(touched);
    RETURN NULL;
END;
$$;
-- Three triggers, named as SQLite's, on the one function.
CREATE TRIGGER task_state_insert AFTER INSERT ON assignments
FOR EACH ROW EXECUTE FUNCTION task_state_recount();
CREATE TRIGGER task_state_update AFTER UPDATE OF task_id, role, deadline, status, done_on, withdrawn_at
ON assignments FOR EACH ROW EXECUTE FUNCTION task_state_recount();
CREATE TRIGGER task_state_delete AFTER DELETE ON assignments
FOR EACH ROW EXECUTE FUNCTION task_state_recount();

UPDATE tasks SET (state_assignments, state_open, state_deadline, state_done_on, open_assignments,
                  latest_done_on) = (
    SELECT COALESCE(SUM(decides), 0), COALESCE(SUM(decides * undone), 0),
           MAX(CASE WHEN decides = 1 THEN deadline END),
           MAX(CASE WHEN decides = 1 AND undone = 0 THEN done_on END),
           COALESCE(SUM(open), 0), MAX(done_on)
    FROM task_state_rows r WHERE r.task_id = tasks.id);

CREATE INDEX tasks_open_state ON tasks(notice_id, state_assignments, state_open, state_deadline, state_done_on,
                                     open_assignments)
    WHERE open_assignments > 0;
CREATE INDEX tasks_latest_done ON tasks(latest_done_on, notice_id, state_assignments, state_open, state_deadline,
                                      state_done_on, open_assignments) WHERE open_assignments = 0;
-- Each unit's open assignments in unit order: the counts per unit stream through it without sorting.
CREATE INDEX assignments_open_by_unit ON assignments(unit_id, deadline, task_id)
    WHERE status IN ('new', 'acknowledged', 'in_progress', 'returned') AND withdrawn_at IS NULL;
