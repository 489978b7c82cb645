-- Twin of ../sqlite/0007_leader_title.sql.
ALTER TABLE roles ADD COLUMN title TEXT COLLATE "C" CHECK (title IS NULL OR title IN ('chairman', 'vice_chairman'));
ALTER TABLE invites ADD COLUMN title TEXT COLLATE "C" CHECK (title IS NULL OR title IN ('chairman', 'vice_chairman'));
