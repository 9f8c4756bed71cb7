-- A token that changes whenever an upload is committed or rolled back; keys the result cache.
select coalesce(max(id), 0) as last_upload_id, count(*) filter (where status = 'active') as active_uploads
from uploads
