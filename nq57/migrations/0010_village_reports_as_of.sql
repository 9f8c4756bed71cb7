-- What the returns last said of each village for a month or before (the newest active report of the latest period):
-- one definition for the board of a period and for a month's return template.
create macro village_reports_as_of(month) as table
select * exclude (rn)
from (
    select
        r.*,
        row_number() over (partition by r.village_code order by r.period desc, r.upload_id desc, r.id desc) as rn
    from village_reports as r
    inner join uploads as u on u.id = r.upload_id
    where u.status = 'active' and r.period <= month
)
where rn = 1;
