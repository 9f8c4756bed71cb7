-- Remove from the maintained current observations every key (indicator, unit, period) the upload wrote, before
-- current/add_observations puts back what is current for those keys now (after a commit or a rollback). A semi join:
-- the hash table is built once on the upload's rows (validation refuses a key twice in one file), with no distinct
-- keys to aggregate first, which cost more than the delete itself for a bulk load's thousands of rows.
-- Parameters: $upload_id (integer).
delete from current_observation_rows as c
where exists (
    select 1
    from observations as k
    where
        k.upload_id = $upload_id
        and k.indicator_code = c.indicator_code
        and k.unit_code = c.unit_code
        and k.period = c.period
)
