-- Every reporting duty (the view reporting_duties, migration 0006) with the names a person reads: which unit sends
-- which indicator, for which unit's figure. For the checks of a return (nq57.scope) and the administrator's list.
select
    d.indicator_code,
    i.name as indicator_name,
    d.level,
    d.reporter_code,
    r.name as reporter_name,
    r.kind as reporter_kind,
    d.unit_code,
    u.kind as unit_kind
from reporting_duties as d
inner join indicators as i on i.code = d.indicator_code
left join units as r on r.code = d.reporter_code
left join units as u on u.code = d.unit_code
order by d.indicator_code, d.reporter_code, d.unit_code
