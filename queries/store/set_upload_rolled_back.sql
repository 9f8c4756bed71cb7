-- Mark an upload rolled back: its rows stay as history but drop out of every current view.
-- Parameters: $upload_id (integer), $by (varchar), $at (timestamp).
update uploads
set status = 'rolled_back', rolled_back_at = $at, rolled_back_by = $by
where id = $upload_id and status = 'active'
