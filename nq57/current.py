"""The tables the pages read instead of all of history, kept exact inside every commit and rollback.

Migration 0011 defines what they hold: the newest active observation of each indicator, unit and period
(`current_observation_rows`, read through the view `current_observations`) and the provincial series the board draws
(`board_series_rows`). Each is defined by a table macro that computes it for the keys one upload wrote, so a commit or
a rollback pays only for what it changed: in the same transaction, the rows of its keys are replaced with what the
definition says now. A catalogue change (indicators, units, documents) can change every figure of the series, so an
upload that brings one rebuilds the series whole; rows loaded with plain SQL (benchmarks) call rebuild.
"""

import duckdb

import queries


def refresh(cur: duckdb.DuckDBPyConnection, upload_id: int, catalogue_changed: bool = False) -> None:
    """Bring the maintained tables up to date with one upload just written or just rolled back (call inside its
    transaction, after the write)."""
    queries.execute(cur, "current/forget_observations", upload_id=upload_id)
    queries.execute(cur, "current/add_observations", upload_id=upload_id)
    if catalogue_changed:
        queries.execute(cur, "current/clear_series")
        queries.execute(cur, "current/rebuild_series")
    else:
        queries.execute(cur, "current/forget_series", upload_id=upload_id)
        queries.execute(cur, "current/add_series", upload_id=upload_id)


def rebuild(cur: duckdb.DuckDBPyConnection) -> None:
    """Compute both tables again from every row (after rows were loaded with plain SQL, not through the importer)."""
    for name in ("current/clear_observations", "current/rebuild_observations", "current/clear_series"):
        queries.execute(cur, name)
    queries.execute(cur, "current/rebuild_series")


def drift(cur: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows by which each table differs from what its definition computes now: {'observations': 0, 'series': 0}
    when exact."""
    row = queries.frame(cur, "current/drift").iloc[0]
    return {"observations": int(row["observations"]), "series": int(row["series"])}
