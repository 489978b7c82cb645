-- The minute sweep reads only what can be due (issue 11). Each open assignment stores the first moment
-- (UTC text, like every time here) at which the reminder policy may have something to send for it. NULL
-- means "not planned yet": the sweep plans such rows first, so a fresh column repairs itself.
ALTER TABLE assignments ADD COLUMN next_reminder_at TEXT;
-- Bumped with every re-plan the triggers below ask for: a sweep stores a moment only if the row did not
-- change while it was computing (it read the version before the row).
ALTER TABLE assignments ADD COLUMN schedule_version INTEGER NOT NULL DEFAULT 0;
-- Partial: only open assignments are ever reminded, and done ones would only widen the range scanned.
-- Literal statuses, as in storage.repositories.assignments.OPEN_SQL, so the planner can match it.
CREATE INDEX assignments_next_reminder ON assignments(next_reminder_at)
    WHERE status IN ('new', 'acknowledged', 'in_progress', 'returned') AND withdrawn_at IS NULL;

-- Whatever changes what the policy reads makes the row unplanned again, whichever code path writes it:
-- the stored moment can never outlive the state it was computed from.
CREATE TRIGGER assignments_replan AFTER UPDATE OF
    status, deadline, snoozed_until, snooze_count, last_progress_at, acknowledged_at, withdrawn_at,
    task_id, unit_id, role
ON assignments
BEGIN
    UPDATE assignments SET next_reminder_at = NULL, schedule_version = schedule_version + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER tasks_replan AFTER UPDATE OF deadline, recurrence, notice_id ON tasks
BEGIN
    UPDATE assignments SET next_reminder_at = NULL, schedule_version = schedule_version + 1 WHERE task_id = NEW.id;
END;

CREATE TRIGGER notices_replan AFTER UPDATE OF status, published_at ON notices
BEGIN
    UPDATE assignments SET next_reminder_at = NULL, schedule_version = schedule_version + 1
    WHERE task_id IN (SELECT id FROM tasks WHERE notice_id = NEW.id);
END;

-- Recording a reminder needs no trigger: the sweep that records it stores the next moment with it.
CREATE TRIGGER reminders_sent_delete_replan AFTER DELETE ON reminders_sent
BEGIN
    UPDATE assignments SET next_reminder_at = NULL, schedule_version = schedule_version + 1 WHERE id = OLD.assignment_id;
END;

-- A day off moves working-day arithmetic for everyone: re-plan every open assignment (a rare admin act).
CREATE TRIGGER days_off_insert_replan AFTER INSERT ON days_off
BEGIN
    UPDATE assignments SET next_reminder_at = NULL, schedule_version = schedule_version + 1
    WHERE status IN ('new', 'acknowledged', 'in_progress', 'returned') AND withdrawn_at IS NULL;
END;

CREATE TRIGGER days_off_delete_replan AFTER DELETE ON days_off
BEGIN
    UPDATE assignments SET next_reminder_at = NULL, schedule_version = schedule_version + 1
    WHERE status IN ('new', 'acknowledged', 'in_progress', 'returned') AND withdrawn_at IS NULL;
END;

-- The policy (settings) the stored moments were computed with; another policy re-plans everything.
CREATE TABLE reminder_schedule (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    fingerprint  TEXT NOT NULL
);

-- The quiet-minute gate reads the latest change of people and assignments: an index answers MAX().
CREATE INDEX people_by_updated ON people(updated_at);
CREATE INDEX assignments_by_updated ON assignments(updated_at);

-- /tonghop for all units: overdue and due-soon lists come from open assignments by deadline, the
-- unacknowledged ones by notice; both partial, so they hold only what the lists can show.
CREATE INDEX assignments_open_by_deadline ON assignments(deadline, unit_id, task_id)
    WHERE status IN ('new', 'acknowledged', 'in_progress', 'returned') AND withdrawn_at IS NULL;
CREATE INDEX assignments_new_by_task ON assignments(task_id, unit_id)
    WHERE status = 'new' AND withdrawn_at IS NULL;
-- Recurring tasks are a few percent of all: the digest's "no report this period" list starts from them.
CREATE INDEX tasks_recurring ON tasks(recurrence) WHERE recurrence IS NOT NULL;
