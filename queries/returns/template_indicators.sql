-- Every indicator with who reports it, its next target not yet due at the end of the month (else its last one)
-- and the latest value of one unit for a period that ended before that month: the rows of a return template.
-- Parameters: $unit_code (varchar): the unit the figures are for (a commune, or '12' for the province);
-- $as_of (date): the last day of the month reported.
with previous as (
    select
        o.*,
        row_number() over (
            partition by o.indicator_code order by o.period_end desc, o.period_start desc, o.id desc
        ) as rn
    from current_observations as o
    where o.unit_code = $unit_code and o.period_end < date_trunc('month', $as_of)
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
    t.comparator,
    t.target_value,
    t.deadline,
    t.deadline_text,
    p.period as previous_period,
    p.value as previous_value,
    p.denominator as previous_denominator
from indicators as i
left join next_targets($as_of) as t on t.indicator_code = i.code
left join previous as p on p.indicator_code = i.code and p.rn = 1
order by
    case i.group_code
        when 'I' then 1 when 'II' then 2 when 'III' then 3 when 'IV' then 4 when 'V' then 5
        when 'VI' then 6 when 'VII' then 7 when 'VIII' then 8 when 'IX' then 9 when 'X' then 10 else 99
    end,
    i.sort_order,
    i.code
