-- Lock a reporting month.
-- Parameters: $period (varchar), $at (timestamp), $by (varchar), $reason (varchar).
insert into period_locks (period, locked_at, locked_by, reason) values ($period, $at, $by, $reason)
