-- Unlock a reporting month (the unlocking and its reason are kept in the audit log).
-- Parameters: $period (varchar).
delete from period_locks where period = $period
