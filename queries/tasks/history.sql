-- Every update of one task ever reported, newest first, with the file, sheet and row it came from and the unit whose
-- return it was (never the user name of who loaded it); a task of
-- 01-TB/CQTTBCD and the task of 32-KH/TU it restates share their updates (task_code says which one each was for).
-- Parameters: $task_code (varchar).
with pair as (
    select code
    from tasks
    where coalesce(restates, code) = (select coalesce(restates, code) from tasks where code = $task_code)
)

select
    t.task_code,
    t.report_date,
    t.status,
    t.completed_on,
    t.progress,
    t.note,
    u.id as upload_id,
    u.file_name,
    un.name as unit_name,
    u.uploaded_at,
    u.status as upload_status,
    t.sheet,
    t.row_number
from task_updates as t
inner join uploads as u on u.id = t.upload_id
left join units as un on un.code = u.unit_code
where t.task_code in (select code from pair)
order by t.report_date desc, t.upload_id desc, t.id desc
