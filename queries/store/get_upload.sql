-- One upload by id.
-- Parameters: $upload_id (integer).
select id, file_name, sha256, kind, unit_code, period, uploaded_by, uploaded_at, row_counts, status
from uploads
where id = $upload_id
