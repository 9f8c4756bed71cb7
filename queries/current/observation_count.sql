-- How many observations the store holds, current or not (DuckDB answers from its row counts, without a scan):
-- nq57.current computes a catalogue upload's series whole when its own rows are most of them (cheaper than finding
-- the pairs it touched), and only the touched pairs otherwise.
select count(*) as n from observations
