-- Each indicator's provincial figure per period up to a day, with where it came from: the series migration 0011
-- defines and nq57.current keeps up to date. A commune-level indicator whose province figure nobody reported has one
-- summed from the communes that did, covering n_units of n_communes (all communes and wards): the board calls it
-- provisional until every one has reported. A province-level indicator is never summed from commune rows.
-- Parameters: $as_of (date): periods begun by then count (a month in progress counts).
select
    s.* exclude (observation_id),
    case when s.n_units is not null then (select count(*) from units where kind in ('commune', 'ward')) end
        as n_communes
from board_series_rows as s
where s.period_start <= $as_of
order by s.indicator_code, s.period_end
