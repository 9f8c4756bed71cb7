"""The tables the pages read instead of all of history, kept exact inside every commit and rollback.

Migration 0011 defines what they hold: the newest active observation of each indicator, unit and period
(`current_observation_rows`, read through the view `current_observations`) and the provincial series the board draws
(`board_series_rows`). Each is defined by a table macro that computes it for the keys one upload wrote, so a commit or
a rollback pays only for what it changed: in the same transaction, the rows of its keys are replaced with what the
definition says now. A catalogue change (indicators, units, documents) can change every figure of the series, so an
upload that brings one rebuilds the series whole; rows loaded with plain SQL (benchmarks) call rebuild.
"""

from collections.abc import Iterable

import duckdb

import queries

# The catalogue sheets a provincial figure depends on: an indicator's level and measure, a unit's kind, a document's
# date. An upload that brings one computes the whole series again (the baseline, an administrator's bulk load).
SERIES_SHEETS = frozenset({"documents", "units", "indicators"})


def committed(cur: duckdb.DuckDBPyConnection, upload_id: int, sheets: Iterable[str]) -> None:
    """Bring the maintained tables up to date with the upload just written, whose sheets are given (inside its
    transaction, after the write): its rows are the newest of their keys, so they replace the current ones without
    ranking any history."""
    queries.execute(cur, "current/forget_observations", upload_id=upload_id)
    queries.execute(cur, "current/add_committed_observations", upload_id=upload_id)
    _series(cur, upload_id, bool(SERIES_SHEETS & set(sheets)))


def rolled_back(cur: duckdb.DuckDBPyConnection, upload_id: int) -> None:
    """Bring the maintained tables up to date with the upload just rolled back (inside that transaction): for each
    key it wrote, what is newest among the uploads still active. A catalogue upload is never rolled back."""
    queries.execute(cur, "current/forget_observations", upload_id=upload_id)
    queries.execute(cur, "current/add_observations", upload_id=upload_id)
    _series(cur, upload_id, False)


def _series(cur: duckdb.DuckDBPyConnection, upload_id: int, catalogue_changed: bool) -> None:
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
