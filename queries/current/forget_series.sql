-- Remove from the maintained provincial series every (indicator, period) pair the upload wrote, before
-- current/add_series computes them again.
-- Parameters: $upload_id (integer).
delete from board_series_rows as s
using (select distinct indicator_code, period from observations where upload_id = $upload_id) as k
where s.indicator_code = k.indicator_code and s.period = k.period
