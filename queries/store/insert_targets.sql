-- Add targets from the registered frame `incoming`, keeping the sheet row each came from.
-- Parameters: $upload_id (integer), $sheet (varchar).
insert into targets (
    indicator_code, comparator, target_value, deadline, deadline_text, source_doc, source_ref, wording,
    note, upload_id, sheet, row_number
)
select
    indicator_code, comparator, cast(target_value as double), cast(deadline as date), deadline_text,
    source_doc, source_ref, wording, note, $upload_id, $sheet, cast(_row as integer)
from incoming
order by _row
