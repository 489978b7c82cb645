-- Reserved for the speed2 branch's migration 0009 (digest/report indexes): the tenants branch needs
-- 0010 without a gap. Delete this file when the real 0009 lands. (A statement: the driver refuses an
-- empty script.)
SELECT 1;
