-- One committee's reads among a province's (issue 12, bench/province_tenants.py: 100 committees, a million
-- tasks). The task-state indexes of 0009 came before tenants: a committee's /tonghop counted through every
-- committee's open tasks (0.2 s a query at a million tasks). They now lead with the tenant, as the
-- queries do; the names stay (storage/repositories/reports.py names them in INDEXED BY).
DROP INDEX tasks_open_state;
CREATE INDEX tasks_open_state ON tasks(tenant_id, notice_id, state_assignments, state_open, state_deadline,
                                     state_done_on, open_assignments)
    WHERE open_assignments > 0;
DROP INDEX tasks_latest_done;
CREATE INDEX tasks_latest_done ON tasks(tenant_id, latest_done_on, notice_id, state_assignments, state_open,
                                      state_deadline, state_done_on, open_assignments)
    WHERE open_assignments = 0;
-- The minute sweep's "this committee's open assignments with no planned moment yet, by id": a plan that
-- does not know the tenant (PostgreSQL's generic plan of a prepared statement) walked the whole table by
-- its primary key (0.6 s at a million assignments, for every committee whose sweep ran). Nearly always
-- empty, so nearly free to keep.
CREATE INDEX assignments_unplanned ON assignments(tenant_id, id)
    WHERE next_reminder_at IS NULL AND status IN ('new', 'acknowledged', 'in_progress', 'returned')
      AND withdrawn_at IS NULL;
-- Each unit's open assignments in unit order (0009) lead with the tenant too: without it every row of a
-- committee's per-unit counts was checked against the table for its tenant (0.18 s at 100,000 tasks).
DROP INDEX assignments_open_by_unit;
CREATE INDEX assignments_open_by_unit ON assignments(tenant_id, unit_id, deadline, task_id)
    WHERE status IN ('new', 'acknowledged', 'in_progress', 'returned') AND withdrawn_at IS NULL;
