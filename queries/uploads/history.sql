-- Every file loaded, the baseline included, newest first.
select id, file_name, kind, unit_code, period, uploaded_by, uploaded_at, sha256, size_bytes, row_counts, status
from uploads
order by id desc
