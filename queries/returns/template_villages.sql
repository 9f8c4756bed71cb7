-- The villages of a commune (for the province, those of every commune under it) as last reported for the template's
-- month or before (the register's own state otherwise), with the month of that report: the village rows of a
-- commune's return template. A later month's report is not carried back into an earlier month's template.
-- Parameters: $unit_code (varchar), $month (varchar, YYYY-MM).
select
    v.code,
    v.name,
    v.commune_code,
    coalesce(r.mobile, v.mobile) as mobile,
    coalesce(r.fibre, v.fibre) as fibre,
    coalesce(r.grid_power, v.grid_power) as grid_power,
    v.close_by,
    v.close_by_text,
    r.period as reported_period
from villages as v
inner join uploads as u on u.id = v.upload_id
left join village_reports_as_of($month) as r on r.village_code = v.code
where
    u.status = 'active'
    and (
        v.commune_code = $unit_code
        or v.commune_code in (select un.code from units as un where un.parent_code = $unit_code)
    )
order by v.code
