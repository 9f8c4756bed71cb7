-- Fill the emptied provincial series for every (indicator, period) pair.
insert into board_series_rows
select * from board_series_of(null, $province, $baseline_kind)
