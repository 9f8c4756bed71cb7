-- Add observations from the registered frame `incoming` (in sheet order), keeping the sheet row each came from.
-- Parameters: $upload_id (integer), $sheet (varchar).
insert into observations (
    indicator_code, unit_code, period, period_start, period_end, value, numerator, denominator,
    source_doc, source_ref, note, upload_id, sheet, row_number
)
select
    indicator_code, unit_code, period, cast(period_start as date), cast(period_end as date),
    cast(value as double), cast(numerator as double), cast(denominator as double),
    source_doc, source_ref, note, $upload_id, $sheet, cast(_row as integer)
from incoming
