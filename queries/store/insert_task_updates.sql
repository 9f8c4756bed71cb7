-- Add task progress reported in a return, from the registered frame `incoming`.
-- Parameters: $upload_id (integer), $sheet (varchar).
insert into task_updates (
    task_code, report_date, status, completed_on, progress, note, period, upload_id, sheet, row_number
)
select
    task_code, cast(report_date as date), status, cast(completed_on as date), cast(progress as double), note,
    period, $upload_id, $sheet, cast(_row as integer)
from incoming
order by _row
