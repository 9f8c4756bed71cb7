-- Add the national mapping from the registered frame `incoming` (the sheet "Chỉ tiêu quốc gia"), keeping the sheet
-- row each came from; the newest active upload's rows are the mapping in force (queries/national/mapping.sql).
-- Parameters: $upload_id (integer), $sheet (varchar).
insert into national_map (
    indicator_code, set_code, national_code, national_name, relation, source, note, upload_id, sheet, row_number
)
select
    indicator_code, set_code, national_code, national_name, relation, source, note, $upload_id, $sheet,
    cast(_row as integer)
from incoming
order by _row
