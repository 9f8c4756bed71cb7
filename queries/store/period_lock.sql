-- The lock on a reporting month, if any.
-- Parameters: $period (varchar, YYYY-MM).
select period, locked_at, locked_by, reason
from period_locks
where period = $period
