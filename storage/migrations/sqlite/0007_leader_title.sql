-- A leader's title (Chủ tịch / Phó Chủ tịch), so digests and deliveries address them by it. Set with the
-- invite (/moi lanhdao chutich) or later by an admin (/chucdanh). NULL: not said yet.
ALTER TABLE roles ADD COLUMN title TEXT CHECK (title IS NULL OR title IN ('chairman', 'vice_chairman'));
ALTER TABLE invites ADD COLUMN title TEXT CHECK (title IS NULL OR title IN ('chairman', 'vice_chairman'));
