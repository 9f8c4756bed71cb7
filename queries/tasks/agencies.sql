-- Each task's agencies, one row per task and agency, with the role (lead or partner).
select
    ta.task_code,
    ta.role,
    un.code as unit_code,
    un.name as unit_name
from task_agencies as ta
inner join units as un on un.code = ta.unit_code
order by un.name, ta.task_code
