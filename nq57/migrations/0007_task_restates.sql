-- A task of notice 01-TB/CQTTBCD that restates a task of plan 32-KH/TU (4G for every village, an IT officer per
-- commune, the data catalogue, the 2026 plan itself) names that task here: the two are one piece of work, a report
-- on either counts for both, and totals count the pair once (nq57/tasks.py). Null for every other task; a database
-- built before this version gets the links when the baseline is imported again. "if not exists": a tasks table
-- given the column by hand (tests that import into an older schema) is left as it is.
alter table tasks add column if not exists restates varchar;
