-- What the returns last said of each village for a month or before (the newest active report of the latest period):
-- one definition for the board of a period, a month's return template and the register as it stands (current_villages).
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

-- The register as it stands now is the same definition with no month left out ('9999-12' follows every period).
create or replace view current_villages as
select
    v.* exclude (mobile, fibre, grid_power),
    coalesce(l.mobile, v.mobile) as mobile,
    coalesce(l.fibre, v.fibre) as fibre,
    coalesce(l.grid_power, v.grid_power) as grid_power,
    l.period as reported_period,
    l.upload_id as report_upload_id,
    l.note as report_note
from villages as v
inner join uploads as u on u.id = v.upload_id
left join village_reports_as_of('9999-12') as l on l.village_code = v.code
where u.status = 'active';
