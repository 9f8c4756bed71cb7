-- Compute again the provincial series of the pairs current/forget_touched_series removed (a catalogue upload's
-- commit), from the current observations as they now stand, by the one-pass form of migration 0011's definition that
-- current/rebuild_series uses for every pair (nq57.current chooses between the two). The pairs of the indicators the
-- upload defined are taken whole; the other pairs (the upload's own, its documents') are listed first.
-- The aggregate below is current/rebuild_series's, written out again on purpose: one statement for both, with
-- `$upload_id is null or …` in front of this filter, made the whole rebuild 30 % slower (9,8 → 12,9 ms on 9.548 rows).
-- Parameters: $upload_id (integer).
insert into board_series_rows
with touched as (
    select code from indicators where upload_id = $upload_id
),

pairs as (
    select indicator_code, period
    from observations
    where upload_id = $upload_id and indicator_code not in (select code from touched)
    union all
    select indicator_code, period
    from current_observations
    where
        source_doc in (select code from documents where upload_id = $upload_id)
        and indicator_code not in (select code from touched)
),

-- Every current observation of those pairs: all of a pair's rows make its figure, not only the touched ones.
touched_observations as not materialized (
    select *
    from current_observations as o
    where
        o.indicator_code in (select code from touched)
        or exists (select 1 from pairs as p where p.indicator_code = o.indicator_code and p.period = o.period)
)

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
from touched_observations as o
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
from touched_observations as o
inner join uploads as u on u.id = o.upload_id
left join documents as d on d.code = o.source_doc
left join units as un on un.code = o.unit_code
left join indicators as i on i.code = o.indicator_code
where o.unit_code = $province or (un.kind in ('commune', 'ward') and i.level = 'commune')
group by o.indicator_code, o.period
having not bool_or(o.unit_code = $province)  -- a reported province figure is never replaced by a sum
