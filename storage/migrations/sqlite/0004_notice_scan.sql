-- A notice read from a scan by character recognition: the preview tells the office so, with the
-- recognition's mean confidence (0-100) and the pages to check closely. NULL: not a scan.
ALTER TABLE notices ADD COLUMN scan_confidence REAL;
-- JSON list of {"page": n, "confidence": c, "read": true|false}, the weak pages only.
ALTER TABLE notices ADD COLUMN scan_weak_pages TEXT NOT NULL DEFAULT '[]';
