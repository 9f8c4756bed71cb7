-- What a return does to each figure: new, changed (with the value it replaces) or unchanged.
-- Reads the registered frame `incoming` (the validated rows of the sheet "Số liệu").
select
    i._row as row_number,
    i.indicator_code,
    ind.name as indicator_name,
    ind.measure,
    i.unit_code,
    un.name as unit_name,
    i.period,
    c.value as old_value,
    cast(i.value as double) as new_value,
    case
        when c.value is null then 'new'
        when c.value = cast(i.value as double) then 'unchanged'
        else 'changed'
    end as change
from incoming as i
left join indicators as ind on ind.code = i.indicator_code
left join units as un on un.code = i.unit_code
left join current_observations as c
    on c.indicator_code = i.indicator_code and c.unit_code = i.unit_code and c.period = i.period
order by i._row
