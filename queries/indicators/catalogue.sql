-- Every indicator with its group, the next target not yet due (or the last one), and its latest provincial value.
-- Parameters: $as_of (date).
with latest as (
    -- The province's own figures: the reported rows of the maintained series (board_series_rows, migration 0011).
    select
        s.*,
        row_number() over (partition by s.indicator_code order by s.period_end desc, s.observation_id desc) as rn
    from board_series_rows as s
    where s.observation_id is not null and s.period_start <= $as_of
),

target_counts as (
    select indicator_code, count(*) as n_targets
    from targets
    group by indicator_code
)

select
    i.code,
    i.name,
    i.group_code,
    i.group_name,
    i.sort_order,
    i.measure,
    i.unit_of_measure,
    i.direction,
    i.level,
    i.frequency,
    i.numerator as numerator_def,
    i.denominator as denominator_def,
    t.comparator,
    t.target_value,
    t.deadline,
    t.deadline_text,
    t.source_doc as target_doc,
    coalesce(c.n_targets, 0) as n_targets,
    l.value,
    l.denominator,
    l.period,
    l.period_end,
    l.source_doc as value_doc
from indicators as i
left join next_targets($as_of) as t on t.indicator_code = i.code
left join latest as l on l.indicator_code = i.code and l.rn = 1
left join target_counts as c on c.indicator_code = i.code
order by
    group_order(i.group_code),
    i.sort_order
