-- An earlier active upload of the same file, if any.
-- Parameters: $sha256 (varchar).
select id, file_name, uploaded_by, uploaded_at
from uploads
where sha256 = $sha256 and status = 'active'
order by id
limit 1
