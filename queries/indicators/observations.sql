-- Every observation of one indicator, with its unit and where it came from (document or upload, sheet, row).
-- Parameters: $indicator_code (varchar).
select
    o.period,
    o.period_end,
    o.unit_code,
    un.name as unit_name,
    o.value,
    o.numerator,
    o.denominator,
    o.source_doc,
    d.issued_on as source_issued_on,
    o.source_ref,
    o.note,
    up.file_name as upload_file,
    up.kind as upload_kind,
    o.sheet,
    o.row_number
from current_observations as o
left join units as un on un.code = o.unit_code
left join documents as d on d.code = o.source_doc
left join uploads as up on up.id = o.upload_id
where o.indicator_code = $indicator_code
order by o.period_end, o.unit_code
