-- Twin of ../sqlite/0003_assignment_withdrawn.sql.
ALTER TABLE assignments ADD COLUMN withdrawn_at TEXT COLLATE "C";
