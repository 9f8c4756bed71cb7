-- Put back the newest active observation of every key the upload wrote (migration 0011's definition).
-- Parameters: $upload_id (integer).
insert into current_observation_rows
select * from current_observations_of($upload_id)
