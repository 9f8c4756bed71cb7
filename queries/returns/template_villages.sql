-- The villages of a commune (for the province, those of every commune under it) as the register has them now,
-- with the month of their latest report: the village rows of a commune's return template.
-- Parameters: $unit_code (varchar).
select
    v.code,
    v.name,
    v.commune_code,
    v.mobile,
    v.fibre,
    v.grid_power,
    v.close_by,
    v.close_by_text,
    v.reported_period
from current_villages as v
where
    v.commune_code = $unit_code
    or v.commune_code in (select u.code from units as u where u.parent_code = $unit_code)
order by v.code
