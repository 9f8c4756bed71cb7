-- Each observation is stored once. Migration 0011 kept the current ones (the newest active row of each indicator,
-- unit and period) as a second table, a copy of nearly every row: a bulk load wrote each of its rows twice, and the
-- copy's fifteen columns were compressed again at every checkpoint (a third of an import's commit,
-- benchmarks/import_return.py). Now a flag on the row says whether it is current: a new upload's rows are current
-- when written (its id is the highest, so they win every key they share), and a commit or a rollback only turns the
-- flag of the rows it displaces or brings back (nq57.current). The view current_observations reads the flagged
-- rows, with the columns it always had; migration 0011's definitions stay what the flag is held to (current.drift).
alter table observations add column is_current boolean not null default true;

update observations as o
set is_current = false
where not exists (select 1 from current_observation_rows as c where c.id = o.id);

create or replace view current_observations as
select * exclude (is_current) from observations where is_current;

-- 0011's definition, with the flag left out of what it computes.
create or replace macro current_observations_all() as table
select * exclude (rn, is_current)
from (
    select
        o.*,
        row_number() over (
            partition by o.indicator_code, o.unit_code, o.period order by o.upload_id desc, o.id desc
        ) as rn
    from observations as o
    inner join uploads as u on u.id = o.upload_id
    where u.status = 'active'
)
where rn = 1;

-- The same for the keys one upload wrote: their rows found by an IN on the upload's keys, which DuckDB builds its hash
-- table on (0011's correlated EXISTS, with the uploads join beside it, had it build on every row of history instead:
-- a quarter of a second at 2 M rows, benchmarks/scale.py).
create or replace macro current_observations_of(upload) as table
select * exclude (rn, is_current)
from (
    select
        o.*,
        row_number() over (
            partition by o.indicator_code, o.unit_code, o.period order by o.upload_id desc, o.id desc
        ) as rn
    from observations as o
    inner join uploads as u on u.id = o.upload_id
    where
        u.status = 'active'
        and (o.indicator_code, o.unit_code, o.period) in (
            select indicator_code, unit_code, period from observations where upload_id = upload
        )
)
where rn = 1;

-- 0011's provincial series, reading the current observations.
create or replace macro board_series_of(upload, province, baseline_kind) as table
with obs as (
    select
        o.*,
        d.issued_on as source_issued_on,
        u.file_name as upload_file,
        u.kind as upload_kind,
        coalesce(case when u.kind = baseline_kind then d.issued_on end, cast(u.uploaded_at as date)) as reported_on
    from (select * exclude (is_current) from observations where is_current) as o
    inner join uploads as u on u.id = o.upload_id
    left join documents as d on d.code = o.source_doc
    -- The pairs as an IN on the upload's pairs (all of them for null): 0011's `upload is null or exists (…)` became a
    -- mark join over every current row, 0,2 s at 2 M rows against 10 ms for this (benchmarks/scale.py).
    where (o.indicator_code, o.period) in (
        select indicator_code, period from observations where upload_id = upload or upload is null
    )
),

province_rows as (
    select *, cast(null as integer) as n_units
    from obs
    where unit_code = province
),

commune_rows as (
    select
        o.indicator_code,
        o.period,
        min(o.period_start) as period_start,
        min(o.period_end) as period_end,
        case
            when count(o.denominator) = count(*) and sum(o.denominator) > 0 and i.measure = 'percent'
                then round(100 * sum(o.numerator) / sum(o.denominator), 1)
            when i.measure = 'percent' then round(avg(o.value), 1)
            else sum(o.value)
        end as value,
        sum(o.numerator) as numerator,
        sum(o.denominator) as denominator,
        min(o.source_doc) as source_doc,
        min(o.source_ref) as source_ref,
        min(o.source_issued_on) as source_issued_on,
        case when min(o.upload_id) = max(o.upload_id) then min(o.upload_file) end as upload_file,  -- one upload
        max(o.upload_kind) as upload_kind,
        max(o.reported_on) as reported_on,
        count(*) as n_units
    from obs as o
    inner join units as un on un.code = o.unit_code and un.kind in ('commune', 'ward')
    inner join indicators as i on i.code = o.indicator_code and i.level = 'commune'
    where not exists (
        select 1 from province_rows as p where p.indicator_code = o.indicator_code and p.period = o.period
    )
    group by o.indicator_code, o.period, i.measure
)

select
    indicator_code,
    period,
    period_start,
    period_end,
    value,
    numerator,
    denominator,
    source_doc,
    source_ref,
    source_issued_on,
    upload_file,
    upload_kind,
    reported_on,
    n_units,
    id as observation_id
from province_rows
union all by name
-- commune_rows has exactly the series' columns; a sum has no reported row.
select *, cast(null as integer) as observation_id
from commune_rows;

drop table current_observation_rows;
