-- The rows of a unit's return template: every indicator the unit reports (its reporting duties, migration 0006), for
-- the unit its duty names, with the next target not yet due at the end of the month (else its last one) and that
-- unit's latest value for a period that ended before the month.
-- Parameters: $reporter_code (varchar): the unit sending the return; $as_of (date): the last day of the month reported.
with duties as (
    select indicator_code, unit_code
    from reporting_duties
    where reporter_code = $reporter_code
),

previous as (
    select
        o.*,
        row_number() over (
            partition by o.indicator_code, o.unit_code order by o.period_end desc, o.period_start desc, o.id desc
        ) as rn
    from current_observations as o
    inner join duties as d on d.indicator_code = o.indicator_code and d.unit_code = o.unit_code
    where o.period_end < date_trunc('month', $as_of)
)

select
    i.code,
    i.name,
    i.unit_of_measure,
    i.measure,
    i.level,
    i.reporter_code,
    i.frequency,
    i.numerator as numerator_def,
    i.denominator as denominator_def,
    d.unit_code,
    t.comparator,
    t.target_value,
    t.deadline,
    t.deadline_text,
    p.period as previous_period,
    p.value as previous_value,
    p.denominator as previous_denominator
from duties as d
inner join indicators as i on i.code = d.indicator_code
left join next_targets($as_of) as t on t.indicator_code = i.code
left join previous as p on p.indicator_code = d.indicator_code and p.unit_code = d.unit_code and p.rn = 1
order by
    group_order(i.group_code),
    i.sort_order,
    i.code,
    d.unit_code
