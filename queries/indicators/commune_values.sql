-- Every commune and ward with one indicator's figure for the latest period any of them reported (null where a
-- commune has not reported that period), best first. Parameters: $indicator_code (varchar), $as_of (date).
with reported as (
    select o.*
    from current_observations as o
    inner join units as un on un.code = o.unit_code and un.kind in ('commune', 'ward')
    where o.indicator_code = $indicator_code and o.period_start <= $as_of
),

latest as (
    select arg_max(period, period_end) as period
    from reported
)

select
    un.code,
    un.name,
    un.kind,
    l.period,
    r.value,
    r.numerator,
    r.denominator
from units as un
cross join latest as l
left join reported as r on r.unit_code = un.code and r.period = l.period
where un.kind in ('commune', 'ward')
order by r.value desc nulls last, un.name
