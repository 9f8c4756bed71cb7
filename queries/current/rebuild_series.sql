-- Fill the emptied provincial series for every (indicator, period) pair: migration 0011's definition
-- (board_series_of), written as one pass over the current observations. Each reported province row is a figure; the
-- commune and ward rows of a commune-level indicator are summed in one aggregate with the province rows of the same
-- pairs, and a pair that has a province row keeps no sum (`having`), instead of a second look at the province rows
-- for each commune row (the macro's `not exists`), which costs a third more. The tests hold the two to each other
-- (nq57.current.drift compares the table with the macro after every commit and rollback).
insert into board_series_rows
select
    o.indicator_code,
    o.period,
    o.period_start,
    o.period_end,
    o.value,
    o.numerator,
    o.denominator,
    o.source_doc,
    o.source_ref,
    d.issued_on as source_issued_on,
    u.file_name as upload_file,
    u.kind as upload_kind,
    coalesce(case when u.kind = $baseline_kind then d.issued_on end, cast(u.uploaded_at as date)) as reported_on,
    cast(null as bigint) as n_units,
    o.id as observation_id
from current_observations as o
inner join uploads as u on u.id = o.upload_id
left join documents as d on d.code = o.source_doc
where o.unit_code = $province

union all

select
    o.indicator_code,
    o.period,
    min(o.period_start) as period_start,
    min(o.period_end) as period_end,
    case
        when count(o.denominator) = count(*) and sum(o.denominator) > 0 and any_value(i.measure) = 'percent'
            then round(100 * sum(o.numerator) / sum(o.denominator), 1)
        when any_value(i.measure) = 'percent' then round(avg(o.value), 1)
        else sum(o.value)
    end as value,
    sum(o.numerator) as numerator,
    sum(o.denominator) as denominator,
    min(o.source_doc) as source_doc,
    min(o.source_ref) as source_ref,
    min(d.issued_on) as source_issued_on,
    case when min(o.upload_id) = max(o.upload_id) then min(u.file_name) end as upload_file,  -- one upload
    max(u.kind) as upload_kind,
    max(coalesce(case when u.kind = $baseline_kind then d.issued_on end, cast(u.uploaded_at as date))) as reported_on,
    count(*) as n_units,
    cast(null as integer) as observation_id
from current_observations as o
inner join uploads as u on u.id = o.upload_id
left join documents as d on d.code = o.source_doc
left join units as un on un.code = o.unit_code
left join indicators as i on i.code = o.indicator_code
where o.unit_code = $province or (un.kind in ('commune', 'ward') and i.level = 'commune')
group by o.indicator_code, o.period
having not bool_or(o.unit_code = $province)  -- a reported province figure is never replaced by a sum
