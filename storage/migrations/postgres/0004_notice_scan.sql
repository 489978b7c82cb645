-- Twin of ../sqlite/0004_notice_scan.sql.
ALTER TABLE notices ADD COLUMN scan_confidence DOUBLE PRECISION;
ALTER TABLE notices ADD COLUMN scan_weak_pages TEXT COLLATE "C" NOT NULL DEFAULT '[]';
