-- After a rollback: the newest active observation of every key the upload wrote is current again (migration 0011's
-- definition, for those keys only).
-- Parameters: $upload_id (integer).
update observations
set is_current = true
where not is_current and id in (select id from current_observations_of($upload_id))
