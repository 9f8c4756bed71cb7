-- The observations a return just committed become the current ones of their keys: the upload was recorded in the same
-- transaction, so its id is the highest and its rows win every key they share with older uploads (migration 0011's
-- order: upload_id, then id), and validation refuses a key twice in one file, so each key has one row here. No
-- history to rank; a rollback goes through current/add_observations instead.
-- Parameters: $upload_id (integer).
insert into current_observation_rows
select *
from observations
where upload_id = $upload_id
