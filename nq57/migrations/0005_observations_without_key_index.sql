-- Observations keep their ids, still drawn from observation_id_seq, but without a primary key: the key's index
-- (an ART holding a second copy of every id) cost about ten of an import's milliseconds to insert into, commit and
-- checkpoint (benchmarks/import_return.py), and bought nothing: ids come only from the sequence, and no query looks
-- a row up by id (they only break ties by it). DuckDB cannot drop a constraint, so the table is rebuilt with its
-- rows; the views that read it (current_observations) bind to it by name and read the new one.
create table observations_rebuilt (
    id integer not null default nextval('observation_id_seq'),
    indicator_code varchar not null,
    unit_code varchar not null,
    period varchar not null,            -- 2026-03 | 2026-Q1 | 2026
    period_start date not null,
    period_end date not null,
    value double not null,
    numerator double,
    denominator double,
    source_doc varchar,
    source_ref varchar,
    note varchar,
    upload_id integer not null,
    sheet varchar,
    row_number integer
);

insert into observations_rebuilt select * from observations;

drop table observations;

alter table observations_rebuilt rename to observations;
