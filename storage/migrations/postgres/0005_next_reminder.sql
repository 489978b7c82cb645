-- Twin of ../sqlite/0005_next_reminder.sql: the same columns and indexes; the triggers call plpgsql
-- functions that do what the SQLite triggers' bodies do.
ALTER TABLE assignments ADD COLUMN next_reminder_at TEXT COLLATE "C";
ALTER TABLE assignments ADD COLUMN schedule_version INTEGER NOT NULL DEFAULT 0;
CREATE INDEX assignments_next_reminder ON assignments(next_reminder_at)
    WHERE status IN ('new', 'acknowledged', 'in_progress', 'returned') AND withdrawn_at IS NULL;

-- On the row itself, BEFORE the update: the same end state as SQLite's AFTER trigger and its second
-- UPDATE (unplanned, version one higher), without writing the row twice.
CREATE FUNCTION assignments_replan() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.next_reminder_at := NULL;
    NEW.schedule_version := NEW.schedule_version + 1;
    RETURN NEW;
END;
$$;
CREATE TRIGGER assignments_replan BEFORE UPDATE OF
    status, deadline, snoozed_until, snooze_count, last_progress_at, acknowledged_at, withdrawn_at,
    task_id, unit_id, role
ON assignments
FOR EACH ROW EXECUTE FUNCTION assignments_replan();

CREATE FUNCTION tasks_replan() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE assignments SET next_reminder_at = NULL, schedule_version = schedule_version + 1
    WHERE task_id = NEW.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER tasks_replan AFTER UPDATE OF deadline, recurrence, notice_id ON tasks
FOR EACH ROW EXECUTE FUNCTION tasks_replan();

CREATE FUNCTION notices_replan() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE assignments SET next_reminder_at = NULL, schedule_version = schedule_version + 1
    WHERE task_id IN (SELECT id FROM tasks WHERE notice_id = NEW.id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER notices_replan AFTER UPDATE OF status, published_at ON notices
FOR EACH ROW EXECUTE FUNCTION notices_replan();

CREATE FUNCTION reminders_sent_delete_replan() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE assignments SET next_reminder_at = NULL, schedule_version = schedule_version + 1
    WHERE id = OLD.assignment_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER reminders_sent_delete_replan AFTER DELETE ON reminders_sent
FOR EACH ROW EXECUTE FUNCTION reminders_sent_delete_replan();

-- A day off moves working-day arithmetic for everyone: re-plan every open assignment (a rare admin act).
CREATE FUNCTION days_off_replan() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE assignments SET next_reminder_at = NULL, schedule_version = schedule_version + 1
    WHERE status IN ('new', 'acknowledged', 'in_progress', 'returned') AND withdrawn_at IS NULL;
    RETURN NULL;
END;
$$;
CREATE TRIGGER days_off_insert_replan AFTER INSERT ON days_off
FOR EACH ROW EXECUTE FUNCTION days_off_replan();
CREATE TRIGGER days_off_delete_replan AFTER DELETE ON days_off
FOR EACH ROW EXECUTE FUNCTION days_off_replan();

CREATE TABLE reminder_schedule (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    fingerprint  TEXT COLLATE "C" NOT NULL
);

CREATE INDEX people_by_updated ON people(updated_at);
CREATE INDEX assignments_by_updated ON assignments(updated_at);

CREATE INDEX assignments_open_by_deadline ON assignments(deadline, unit_id, task_id)
    WHERE status IN ('new', 'acknowledged', 'in_progress', 'returned') AND withdrawn_at IS NULL;
CREATE INDEX assignments_new_by_task ON assignments(task_id, unit_id)
    WHERE status = 'new' AND withdrawn_at IS NULL;
CREATE INDEX tasks_recurring ON tasks(recurrence) WHERE recurrence IS NOT NULL;
