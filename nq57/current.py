"""What the pages read instead of all of history, kept exact inside every commit and rollback.

Migration 0011 defines it: the newest active observation of each indicator, unit and period (flagged `is_current`
on the row itself since migration 0013, read through the view `current_observations`) and the provincial series the
board draws (`board_series_rows`). Each is defined by a table macro that computes it for the keys one upload wrote, so
a commit or a rollback pays only for what it changed: in the same transaction, the flags and the series rows of its
keys are set to what the definition says now. A catalogue change (indicators, units, documents) can change figures the
upload wrote no observation of, so an upload that brings one refreshes every pair it touched
(current/forget_touched_series), or the whole series when that is most of them; rows loaded with plain SQL
(benchmarks) call rebuild.
"""

from collections.abc import Mapping, Sized

import duckdb

import queries

# The catalogue sheets a provincial figure depends on: an indicator's level and measure, a unit's kind, a document's
# date. An upload that brings one refreshes the pairs they touch too (the baseline, an administrator's bulk load).
SERIES_SHEETS = frozenset({"documents", "units", "indicators"})


def committed(cur: duckdb.DuckDBPyConnection, upload_id: int, sheets: Mapping[str, Sized]) -> None:
    """Bring the maintained series up to date with the upload just written, whose sheets (their rows) are given
    (inside its transaction, after the write). Its observations are the newest of their keys and were written current;
    the rows they replace were retired just before (current/retire_replaced, run by the importer on the incoming rows),
    without ranking any history."""
    if not SERIES_SHEETS & sheets.keys():
        _upload_series(cur, upload_id)
    elif "units" in sheets or 2 * len(sheets.get("observations", ())) >= _stored_rows(cur):
        # One pass over every pair costs less than finding the pairs touched when they are most of them: a unit
        # reports in every pair of its indicators (a commune, in all the commune-level ones), and an upload whose own
        # rows are most of the store (the baseline, a first bulk load, benchmarks/import_return.py) touches most.
        _rebuild_series(cur)
    else:  # indicators or documents: the pairs of those indicators, and of the figures citing those documents
        queries.execute(cur, "current/forget_touched_series", upload_id=upload_id)
        queries.execute(cur, "current/add_touched_series", upload_id=upload_id)


def rolled_back(cur: duckdb.DuckDBPyConnection, upload_id: int) -> None:
    """Bring the maintained flag and series up to date with the upload just rolled back (inside that transaction):
    for each key it wrote, what is newest among the uploads still active. A catalogue upload is never rolled back."""
    queries.execute(cur, "current/retire_upload", upload_id=upload_id)
    queries.execute(cur, "current/restore_current", upload_id=upload_id)
    _upload_series(cur, upload_id)


def _upload_series(cur: duckdb.DuckDBPyConnection, upload_id: int) -> None:
    queries.execute(cur, "current/forget_series", upload_id=upload_id)
    queries.execute(cur, "current/add_series", upload_id=upload_id)


def _rebuild_series(cur: duckdb.DuckDBPyConnection) -> None:
    queries.execute(cur, "current/clear_series")
    queries.execute(cur, "current/rebuild_series")


def _stored_rows(cur: duckdb.DuckDBPyConnection) -> int:
    return queries.execute(cur, "current/observation_count").fetchone()[0]


def rebuild(cur: duckdb.DuckDBPyConnection) -> None:
    """Compute the flag and the series again from every row (after rows were loaded with plain SQL, not through the
    importer)."""
    queries.execute(cur, "current/rebuild_observations")
    _rebuild_series(cur)


def drift(cur: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows by which the current observations and the series differ from what their definitions compute now:
    {'observations': 0, 'series': 0} when exact."""
    row = queries.frame(cur, "current/drift").iloc[0]
    return {"observations": int(row["observations"]), "series": int(row["series"])}
