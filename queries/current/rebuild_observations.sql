-- Fill the emptied current observations with the newest active observation of every key.
insert into current_observation_rows
select * from current_observations_all()
