-- Remove from the maintained current observations every key (indicator, unit, period) the upload wrote, before
-- current/add_observations puts back what is current for those keys now (after a commit or a rollback).
-- Parameters: $upload_id (integer).
delete from current_observation_rows as c
using (select distinct indicator_code, unit_code, period from observations where upload_id = $upload_id) as k
where c.indicator_code = k.indicator_code and c.unit_code = k.unit_code and c.period = k.period
