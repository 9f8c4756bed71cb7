-- Add what a return says about each village, from the registered frame `incoming`.
-- Parameters: $upload_id (integer), $sheet (varchar).
insert into village_reports (village_code, period, mobile, fibre, grid_power, note, upload_id, sheet, row_number)
select
    code, period, mobile, cast(fibre as boolean), cast(grid_power as boolean), note,
    $upload_id, $sheet, cast(_row as integer)
from incoming
order by _row
