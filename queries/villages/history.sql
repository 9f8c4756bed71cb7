-- One village's record from the register row and every monthly return about it, oldest first, each with its file,
-- sheet and row; rows of rolled-back uploads are kept and marked. Parameters: $village_code (varchar).
select
    0 as seq,
    null as period,
    'register' as entry,
    v.mobile,
    v.fibre,
    v.grid_power,
    v.note,
    u.file_name,
    u.kind as upload_kind,
    u.status as upload_status,
    u.uploaded_at,
    v.sheet,
    v.row_number,
    v.source_doc,
    v.source_ref
from villages as v
inner join uploads as u on u.id = v.upload_id
where v.code = $village_code

union all

select
    r.id as seq,
    r.period,
    $return_kind as entry,
    r.mobile,
    r.fibre,
    r.grid_power,
    r.note,
    u.file_name,
    u.kind as upload_kind,
    u.status as upload_status,
    u.uploaded_at,
    r.sheet,
    r.row_number,
    null as source_doc,
    null as source_ref
from village_reports as r
inner join uploads as u on u.id = r.upload_id
where r.village_code = $village_code
order by seq = 0 desc, period, seq
