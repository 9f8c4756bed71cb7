-- Empty the maintained provincial series, before it is computed again for every pair (a catalogue changed).
delete from board_series_rows
