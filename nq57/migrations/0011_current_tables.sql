-- What the pages read most is kept as tables, brought up to date inside every commit and rollback (nq57.current)
-- instead of being recomputed from all of history on every read: the newest active observation of each indicator,
-- unit and period, and the provincial series the board draws (each indicator's figure per period, reported or
-- summed from the communes). Each is defined by table macros, for the keys one upload wrote and for every key: a
-- commit or a rollback replaces the rows of its keys with what the macro says now, a whole rebuild computes every
-- key, and the tests hold the tables to the whole computation (nq57.current.drift) after every commit and rollback.

-- The newest active observation of every key (indicator, unit, period), computed from all of history: the
-- definition, for a whole rebuild and for nq57.current.drift.
create macro current_observations_all() as table
select * exclude (rn)
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

-- The same for the keys one upload wrote only (a commit or a rollback), a semi join DuckDB runs in milliseconds on
-- twenty million rows where the whole ranking takes half a minute. The two must say the same for those keys: the
-- tests compare the table kept with this one against current_observations_all after every commit and rollback.
create macro current_observations_of(upload) as table
select * exclude (rn)
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
        and exists (
            select 1
            from observations as k
            where
                k.upload_id = upload
                and k.indicator_code = o.indicator_code
                and k.unit_code = o.unit_code
                and k.period = o.period
        )
)
where rn = 1;

create table current_observation_rows as
select * from current_observations_all();

create or replace view current_observations as
select * from current_observation_rows;

-- Each indicator's provincial figure per period, for the (indicator, period) pairs `upload` wrote (every pair for
-- null), with where it came from. A commune-level indicator whose province figure nobody reported gets one summed
-- from the communes that did (sum of numerators over sum of denominators for a rate), with how many communes it
-- covers (n_units); a province-level indicator is never summed from commune rows. observation_id: the reported
-- row's id (null for a sum), which breaks ties between periods ending on the same day as it always has.
create macro board_series_of(upload, province, baseline_kind) as table
with obs as (
    select
        o.*,
        d.issued_on as source_issued_on,
        u.file_name as upload_file,
        u.kind as upload_kind,
        coalesce(case when u.kind = baseline_kind then d.issued_on end, cast(u.uploaded_at as date)) as reported_on
    from current_observation_rows as o
    inner join uploads as u on u.id = o.upload_id
    left join documents as d on d.code = o.source_doc
    where
        upload is null
        or exists (
            select 1
            from observations as k
            where k.upload_id = upload and k.indicator_code = o.indicator_code and k.period = o.period
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

-- Filled here for a database made before this migration; the province is the unit of kind 'province' (nq57.codes
-- holds its code, bound by the queries that refresh this table).
create table board_series_rows as
select * from board_series_of(null, (select code from units where kind = 'province'), 'baseline');
