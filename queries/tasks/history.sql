-- Every update of one task ever reported, newest first, with the file, sheet and row it came from; a task of
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
    u.uploaded_by,
    u.uploaded_at,
    u.status as upload_status,
    t.sheet,
    t.row_number
from task_updates as t
inner join uploads as u on u.id = t.upload_id
where t.task_code in (select code from pair)
order by t.report_date desc, t.upload_id desc, t.id desc
