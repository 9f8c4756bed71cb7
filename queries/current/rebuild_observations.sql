-- Turn the flag of every row that differs from the definition (migration 0011: the newest active observation of each
-- key is current), after rows were written with plain SQL rather than through the importer. Only rows whose flag
-- changes are written.
update observations
set is_current = not is_current
where is_current <> (id in (select id from current_observations_all()))
