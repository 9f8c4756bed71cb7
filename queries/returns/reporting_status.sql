-- Which units have sent their return for a month: the units expected to report (communes and wards, and the
-- agencies that report an indicator or lead a task themselves) with the first time each return came in.
-- Parameters: $period (varchar, YYYY-MM).
with expected as (
    select code from units where kind in ('commune', 'ward')
    union
    select reporter_code from indicators where reporter_code is not null
    union
    select ta.unit_code
    from task_agencies as ta
    inner join units as u on u.code = ta.unit_code
    where ta.role = 'lead' and u.kind in ('agency', 'enterprise')
),

received as (
    select unit_code, min(uploaded_at) as first_at, max(uploaded_at) as last_at, count(*) as n_returns
    from uploads
    where kind = $return_kind and status = 'active' and period = $period
    group by unit_code
)

select
    u.code as unit_code,
    u.name as unit_name,
    u.kind,
    r.first_at,
    r.last_at,
    coalesce(r.n_returns, 0) as n_returns
from expected as e
inner join units as u on u.code = e.code
left join received as r on r.unit_code = u.code
order by (u.kind in ('commune', 'ward')), u.name
