-- Every village with its coverage as last reported for a month or before (the register's own state otherwise), and
-- the kind of upload that put it on the register (the baseline's documents, or a return or bulk load adding it).
-- Parameters: $month (varchar, YYYY-MM).
select
    v.code,
    v.name,
    c.name as commune,
    coalesce(r.mobile, v.mobile) as mobile,
    coalesce(r.fibre, v.fibre) as fibre,
    coalesce(r.grid_power, v.grid_power) as grid_power,
    v.close_by,
    v.close_by_text,
    u.kind as upload_kind
from villages as v
inner join uploads as u on u.id = v.upload_id
left join units as c on c.code = v.commune_code
left join village_reports_as_of($month) as r on r.village_code = v.code
where u.status = 'active'
order by c.name, v.name
