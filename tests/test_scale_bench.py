"""The scale benchmark at toy sizes: the store grows to the asked row counts and the board still reads it."""

import datetime as dt

import duckdb

from benchmarks import scale
from nq57 import board, codes, snapshot, store

TODAY = dt.date.today()  # a return is refused for a month not begun: the benchmark's months end at today's


def test_grows_in_bulk_batches_and_the_board_reads_the_real_indicators(tmp_path):
    db = tmp_path / "nq57.duckdb"
    scale.setup(db)
    first = scale.grow(db, 1_000, TODAY, batch=600)
    second = scale.grow(db, 2_000, TODAY, batch=600)
    assert (first["rows"], second["rows"]) == (1_000, 2_000)

    con = duckdb.connect(str(db), read_only=True)
    try:
        [(batches, rows, active)] = con.execute(
            "select count(distinct u.id), count(*), bool_and(u.status = 'active')"
            " from observations as o inner join uploads as u on u.id = o.upload_id where u.kind = ?",
            [codes.BULK],
        ).fetchall()
        [(keys, first_period, last_period)] = con.execute(
            "select count(distinct (indicator_code, unit_code, period)), min(period_start), max(period_start)"
            " from observations where upload_id > 1"
        ).fetchall()
        real = {c for (c,) in con.execute("select code from indicators where upload_id = 1").fetchall()}
    finally:
        con.close()
    assert (batches, active) == (4, True)  # 600 + 388 up to 1 000 (12 baseline rows), then 600 + 400
    assert rows == keys == 2_000 - 12  # every bulk row a figure of its own
    last_month = (TODAY.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    assert (first_period, last_period) == (scale._first_month(TODAY), last_month)
    assert len(real) == 40

    con = store.connect(db, app=True)
    try:
        period = board.choose_period("quarter", board.period_choices("quarter", TODAY)[0], TODAY)
        cur = con.cursor()
        got = snapshot.read(cur, period.as_of, period.previous_as_of)
        cur.close()
    finally:
        con.close()
    assert real <= set(got.board["code"])
    # Summed from the communes: the first commune-level indicator in code order is the first the bulk rows fill.
    assert got.board.set_index("code").loc["CBX_MAYTINH_CKS", "period"] == f"{last_month:%Y-%m}"

    figures = scale.measure(db, TODAY, repeats=1)  # a return committed and rolled back on top
    assert all(figures[k] > 0 for k in ("snapshot", "map", "commit", "rollback"))
