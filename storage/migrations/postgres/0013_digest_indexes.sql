-- /tonghop for all units at 100,000 tasks (issue 11, bench/engine.py). Both lists below read a few thousand
-- tasks by id; the tasks table's rows carry the task's text, so each lookup read a page of text for two
-- numbers. Thin covering indexes answer them instead (storage/repositories/digest_lists.py names them).
-- Which notice each task of an unacknowledged assignment belongs to (the pending-acknowledgement list).
CREATE INDEX tasks_notice_of ON tasks(id, notice_id);
-- The recurring tasks of one committee with their notice: the recurring list starts from these.
DROP INDEX tasks_recurring;
CREATE INDEX tasks_recurring ON tasks(tenant_id, recurrence, notice_id) WHERE recurrence IS NOT NULL;
