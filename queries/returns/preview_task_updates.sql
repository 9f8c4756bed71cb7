-- What a return does to each task's reported progress: new, changed or unchanged against its last report.
-- Reads the registered frame `incoming` (the validated rows of the sheet "Tiến độ nhiệm vụ").
select
    i._row as row_number,
    i.task_code,
    t.name as task_name,
    c.status as old_status,
    i.status as new_status,
    c.completed_on as old_completed_on,
    cast(i.completed_on as date) as new_completed_on,
    c.progress as old_progress,
    cast(i.progress as double) as new_progress,
    case
        when c.task_code is null then 'new'
        when
            c.status is not distinct from i.status
            and c.completed_on is not distinct from cast(i.completed_on as date)
            and c.progress is not distinct from cast(i.progress as double)
            then 'unchanged'
        else 'changed'
    end as change
from incoming as i
left join tasks as t on t.code = i.task_code
left join current_task_updates as c on c.task_code = i.task_code
order by i._row
