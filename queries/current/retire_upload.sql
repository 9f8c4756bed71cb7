-- The rows of an upload just rolled back stop being current, before current/restore_current puts back, for each key
-- it wrote, the newest row among the uploads still active.
-- Parameters: $upload_id (integer).
update observations
set is_current = false
where upload_id = $upload_id and is_current
