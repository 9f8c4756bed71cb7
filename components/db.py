"""The process's one DuckDB connection and the cached query results the pages draw from."""

from pathlib import Path

import streamlit as st

import queries
from nq57 import cli, paths, store


@st.cache_resource(show_spinner=False)
def connection(db: str):
    """One connection per process and database file; built from data/ if the file is missing."""
    if not Path(db).exists():
        cli.init_database(Path(db))
    return store.connect(db)


def _db() -> str:
    return str(paths.db_path())


def data_version() -> tuple:
    """Changes whenever an upload is committed or rolled back, so cached results are recomputed."""
    cur = connection(_db()).cursor()
    try:
        return (_db(), *queries.execute(cur, "meta/data_version").fetchone())
    finally:
        cur.close()


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(name: str, version: tuple, params: tuple):
    cur = connection(version[0]).cursor()
    try:
        return queries.frame(cur, name, **dict(params))
    finally:
        cur.close()


def load(name: str, **params):
    """The result of the named query as a DataFrame, cached until the data changes."""
    return _cached(name, data_version(), tuple(sorted(params.items())))
