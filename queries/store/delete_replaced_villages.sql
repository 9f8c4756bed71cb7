-- Remove the villages that the registered frame `incoming` defines again, before store/insert_villages adds them:
-- in one transaction, the two take half the time of one "insert or replace" (benchmarks/import_return.py).
delete from villages
where code in (select code from incoming)
