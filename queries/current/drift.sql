-- How many rows the maintained flag and table hold that their definitions (migration 0011) would not compute now, or
-- lack that they would: 0 and 0 when both are exact (nq57.current.drift).
with observations_now as (
    select * from current_observations_all()
),

series_now as (
    select * from board_series_of(null, $province, $baseline_kind)
)

select
    (
        select count(*) from (
            (select * from current_observations except all select * from observations_now)
            union all
            (select * from observations_now except all select * from current_observations)
        )
    ) as observations,
    (
        select count(*) from (
            (select * from board_series_rows except all select * from series_now)
            union all
            (select * from series_now except all select * from board_series_rows)
        )
    ) as series
