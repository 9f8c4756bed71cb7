-- Every village on record as it stands (current_villages: the latest active return over the register's own state):
-- coverage, fibre, grid power and the deadline, with where each came from (the register row's document, file,
-- sheet and row; the latest monthly return's file, sheet and row).
select
    v.code,
    v.name,
    v.name_ocr,
    v.name_certain,
    v.commune_code,
    c.name as commune_name,
    v.mobile,
    v.fibre,
    v.grid_power,
    v.close_by,
    v.close_by_text,
    v.lat,
    v.lon,
    v.coords_exact,
    v.source_doc,
    v.source_ref,
    d.issued_on as source_issued_on,
    v.note,
    u.file_name as register_file,
    u.kind as register_kind,
    v.sheet as register_sheet,
    v.row_number as register_row,
    v.reported_period,
    v.report_note,
    ru.file_name as report_file,
    ru.kind as report_kind,
    r.sheet as report_sheet,
    r.row_number as report_row
from current_villages as v
inner join uploads as u on u.id = v.upload_id
left join units as c on c.code = v.commune_code
left join documents as d on d.code = v.source_doc
left join uploads as ru on ru.id = v.report_upload_id
-- The row of that return the view took: the last one, should a return list the village twice.
left join village_reports as r
    on r.village_code = v.code and r.upload_id = v.report_upload_id and r.period = v.reported_period
qualify row_number() over (partition by v.code order by r.id desc) = 1
order by (v.mobile in ('none', 'patchy')) desc, v.close_by, v.code
