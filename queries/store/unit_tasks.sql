-- The tasks a unit leads, directly or as a member of a group the task is given to.
-- Parameters: $unit_code (varchar).
select distinct ta.task_code
from task_agencies as ta
where
    ta.role = 'lead'
    and (
        ta.unit_code = $unit_code
        or ta.unit_code in (select group_code from unit_groups where unit_code = $unit_code)
    )
