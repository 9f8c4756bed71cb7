-- Every update of one task ever reported, newest first, with the file, sheet and row it came from.
-- Parameters: $task_code (varchar).
select
    t.report_date,
    t.status,
    t.completed_on,
    t.progress,
    t.note,
    u.id as upload_id,
    u.file_name,
    u.uploaded_at,
    u.status as upload_status,
    t.sheet,
    t.row_number
from task_updates as t
inner join uploads as u on u.id = t.upload_id
where t.task_code = $task_code
order by t.report_date desc, t.upload_id desc, t.id desc
