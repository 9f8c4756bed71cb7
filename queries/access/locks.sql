-- Every locked month.
select period, locked_at, locked_by, reason from period_locks order by period desc
