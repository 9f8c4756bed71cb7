-- For each incoming observation, the current value of the same indicator and unit in the month before.
-- Reads the registered frame `incoming` (indicator_code, unit_code, period_start, _row).
select
    i._row,
    o.value as previous_value,
    o.period as previous_period
from incoming as i
inner join current_observations as o
    on
        o.indicator_code = i.indicator_code
        and o.unit_code = i.unit_code
        and o.period_end = cast(i.period_start as date) - interval 1 day
        and length(o.period) = 7
