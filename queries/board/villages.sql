-- Every village with its coverage as last reported for a month or before (the register's own state otherwise).
-- Parameters: $month (varchar, YYYY-MM).
with reports as (
    select * exclude (rn)
    from (
        select
            r.*,
            row_number() over (partition by r.village_code order by r.period desc, r.upload_id desc, r.id desc) as rn
        from village_reports as r
        inner join uploads as u on u.id = r.upload_id
        where u.status = 'active' and r.period <= $month
    )
    where rn = 1
)

select
    v.code,
    v.name,
    c.name as commune,
    coalesce(r.mobile, v.mobile) as mobile,
    coalesce(r.fibre, v.fibre) as fibre,
    coalesce(r.grid_power, v.grid_power) as grid_power,
    v.close_by,
    v.close_by_text
from villages as v
inner join uploads as u on u.id = v.upload_id
left join units as c on c.code = v.commune_code
left join reports as r on r.village_code = v.code
where u.status = 'active'
order by c.name, v.name
