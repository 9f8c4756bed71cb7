-- Each indicator's provincial figure per period up to a day, with where it came from. A commune-level indicator whose
-- province figure nobody reported gets one summed from the communes that did (sum of numerators over sum of
-- denominators for a rate), with how many of all communes and wards it covers (n_units of n_communes): the board calls
-- it provisional until every one has reported. A province-level indicator is never summed from commune rows.
-- Parameters: $as_of (date): periods begun by then count (a month in progress counts).
with obs as (
    select
        o.*,
        d.issued_on as source_issued_on,
        u.file_name as upload_file,
        u.kind as upload_kind,
        coalesce(case when u.kind = $baseline_kind then d.issued_on end, cast(u.uploaded_at as date)) as reported_on
    from current_observations as o
    inner join uploads as u on u.id = o.upload_id
    left join documents as d on d.code = o.source_doc
    where o.period_start <= $as_of
),

province as (
    select *, cast(null as integer) as n_units
    from obs
    where unit_code = $province
),

all_communes as (
    select count(*) as n from units where kind in ('commune', 'ward')
),

communes as (
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
        case when count(distinct o.upload_id) = 1 then min(o.upload_file) end as upload_file,
        max(o.upload_kind) as upload_kind,
        max(o.reported_on) as reported_on,
        count(*) as n_units
    from obs as o
    inner join units as un on un.code = o.unit_code and un.kind in ('commune', 'ward')
    inner join indicators as i on i.code = o.indicator_code and i.level = 'commune'
    where not exists (
        select 1 from province as p where p.indicator_code = o.indicator_code and p.period = o.period
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
    cast(null as bigint) as n_communes
from province
union all by name
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
    (select n from all_communes) as n_communes
from communes
order by indicator_code, period_end
