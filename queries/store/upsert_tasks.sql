-- Insert or replace tasks from the registered frame `incoming`.
-- Parameters: $upload_id (integer), $sheet (varchar).
insert or replace into tasks (
    code, plan, group_code, group_name, seq, name, lead_text, partner_text, product, deadline_text,
    deadline, recurring, source_ref, note, restates, upload_id, sheet, row_number
)
select
    code, plan, group_code, group_name, cast(seq as integer), name, lead_text, partner_text, product,
    deadline_text, cast(deadline as date), cast(recurring as boolean), source_ref, note, restates,
    $upload_id, $sheet, cast(_row as integer)
from incoming
