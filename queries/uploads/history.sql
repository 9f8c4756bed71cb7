-- Every file loaded, the baseline included, newest first.
select
    up.id, up.file_name, up.kind, up.unit_code, un.name as unit_name, up.period, up.uploaded_by, up.uploaded_at,
    up.sha256, up.size_bytes, up.row_counts, up.status, up.rolled_back_at, up.rolled_back_by
from uploads as up
left join units as un on un.code = up.unit_code
order by up.id desc
