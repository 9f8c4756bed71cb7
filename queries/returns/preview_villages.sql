-- What a return does to each village: a new village, changed coverage, fibre or power, or unchanged.
-- Reads the registered frame `incoming` (the validated rows of the sheet "Thôn, bản").
select
    i._row as row_number,
    i.code,
    i.name,
    i.commune_code,
    c.mobile as old_mobile,
    i.mobile as new_mobile,
    c.fibre as old_fibre,
    cast(i.fibre as boolean) as new_fibre,
    c.grid_power as old_grid_power,
    cast(i.grid_power as boolean) as new_grid_power,
    case
        when c.code is null then 'new'
        when
            c.mobile is not distinct from i.mobile
            and c.fibre is not distinct from cast(i.fibre as boolean)
            and c.grid_power is not distinct from cast(i.grid_power as boolean)
            then 'unchanged'
        else 'changed'
    end as change
from incoming as i
left join current_villages as c on c.code = i.code
order by i._row
