-- Compute again the provincial series of every (indicator, period) pair the upload wrote (migration 0011's
-- definition), from the current observations as they now stand.
-- Parameters: $upload_id (integer).
insert into board_series_rows
select * from board_series_of($upload_id, $province, $baseline_kind)
