"""The process's one DuckDB connection and the cached query results the pages draw from."""

import atexit
import datetime as dt
import gc
import threading
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

import queries
from nq57 import archive, board, cli, importer, national, paths, report, snapshot, store, template
from nq57.snapshot import Snapshot


@st.cache_resource(show_spinner=False)
def connection(db: str):
    """One connection per process and database file; built from data/ if the file is missing."""
    if not Path(db).exists():
        cli.init_database(Path(db))
    con = store.connect(db, app=True)  # no file access beyond the database, a memory limit (store.app_config)
    archive.check_archive(con)  # at start-up: differences between uploads and the archive go to the log
    _freeze_the_start_up()
    return con


_frozen = threading.Event()


def _freeze_the_start_up() -> None:
    """Once per process, with the first connection: every page's modules are imported by then (pandas, pyarrow,
    plotly, DuckDB, Streamlit: most of the heap), and they live as long as the process. Collected once and moved out
    of the cycle collector's sight (gc.freeze), they are no longer walked by each of its full collections, which
    otherwise stall every session in flight for up to a tenth of a second (benchmarks/sessions.py). They are handed
    back to it at exit, so the process still ends as it would have (connections closed, nothing reported leaked)."""
    if not _frozen.is_set():
        _frozen.set()
        gc.collect()
        gc.freeze()
        atexit.register(gc.unfreeze)


def db_file() -> str:
    return str(paths.db_path())


def _read_version() -> tuple:
    db = db_file()
    cur = connection(db).cursor()
    try:
        return (db, *queries.execute(cur, "meta/data_version").fetchone())
    finally:
        cur.close()


# Session id -> (its latest run's cursors dict, store.committed() then, the version read): see data_version.
_run_versions: dict[str, tuple] = {}
_run_versions_lock = threading.Lock()
_SESSIONS_KEPT = 4096  # beyond this many sessions seen the memo starts afresh (a few hundred bytes each)


def data_version() -> tuple:
    """Changes whenever an upload is committed or rolled back, so cached results are recomputed.

    Read from the database once per script run, not on every cached call (a page makes a dozen, each a SQL query):
    later calls of the same run reuse the first one's answer. A run is told apart by the dict of cursors Streamlit
    makes afresh for every run of a session (ScriptRunContext.reset, fragment runs included); it is held here by
    session id, so an old run's dict is never mistaken for a new one's.

    Still correct when others write: a write by another process (the CLI import, another app process) is seen by
    the next script run of every session, one run at most after it lands; within a run every result now comes from
    one version. A write by this process (nq57.store.committed counts every committed transaction: uploads,
    rollbacks, accounts, locks) makes the next call read the version again, even within the run that wrote.
    An in-process counter alone would miss other processes' writes; this keeps one cheap query per run instead.
    Outside a script run (a download's callback, tests calling this directly) it is read every time.
    """
    ctx = get_script_run_ctx(suppress_warning=True)
    written = store.committed()
    if ctx is None:
        return _read_version()
    seen = _run_versions.get(ctx.session_id)
    if seen is not None and seen[0] is ctx.cursors and seen[1] == written:
        return seen[2]
    version = _read_version()
    with _run_versions_lock:
        if len(_run_versions) >= _SESSIONS_KEPT:
            _run_versions.clear()
        _run_versions[ctx.session_id] = (ctx.cursors, written, version)
    return version


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(name: str, version: tuple, params: tuple):
    cur = connection(version[0]).cursor()
    try:
        return queries.frame(cur, name, **dict(params))
    finally:
        cur.close()


def query(name: str, **params):
    """The result of the named query as a DataFrame, cached until the data changes."""
    return query_at(data_version(), name, **params)


def query_at(version: tuple, name: str, **params):
    """The named query's result at a data version (data_version), for cached functions keyed on that version."""
    return _cached(name, version, tuple(sorted(params.items())))


@st.cache_data(show_spinner=False, max_entries=4)
def _archive_problems(version: tuple) -> list[str]:
    return archive.check_archive(connection(version[0]))


def archive_problems() -> list[str]:
    """Where the uploads table and the archive of uploaded files disagree (for administrators), until data changes."""
    return _archive_problems(data_version())


@st.cache_data(show_spinner="Đang kiểm tra tệp…", max_entries=16)
def _prepare(data: bytes, file_name: str, version: tuple):
    return importer.prepare(connection(version[0]), data, file_name)


def prepare(data: bytes, file_name: str):
    """The dry run of an uploaded workbook (validation and preview), cached while the data does not change."""
    return _prepare(data, file_name, data_version())


@st.cache_data(show_spinner=False, max_entries=64)
def _return_template(unit_code: str, period: str, version: tuple) -> bytes:
    cur = connection(version[0]).cursor()
    try:
        return template.build_template(cur, unit_code, period)
    finally:
        cur.close()


def return_template(unit_code: str, period: str) -> bytes:
    """The return template of a unit for a month, rebuilt when the data changes."""
    return _return_template(unit_code, period, data_version())


def commit(prepared, user):
    """Write a previewed return as the signed-in user (refused in nq57.access unless allowed); every cached result
    is recomputed because the data version changes."""
    con = connection(db_file())
    return importer.commit(con, prepared, user.username, archive.default_archive(con), user=user)


def rollback(upload_id: int, user):
    return importer.rollback(connection(db_file()), upload_id, user.username, user=user)


@st.cache_resource(show_spinner=False)
def baseline_workbook() -> bytes:
    """The baseline workbook's bytes, read once per process for its download button."""
    return paths.BASELINE_XLSX.read_bytes()


@st.cache_data(show_spinner=False, max_entries=64)
def _board(version: tuple, as_of: dt.date, previous_as_of: dt.date) -> Snapshot:
    cur = connection(version[0]).cursor()
    try:
        return snapshot.read(cur, as_of, previous_as_of)
    finally:
        cur.close()


def snapshot_at(version: tuple, period: board.BoardPeriod) -> Snapshot:
    """The snapshot of a period at a data version (data_version), from the cache."""
    return _board(version, period.as_of, period.previous_as_of)


def board_snapshot(period: board.BoardPeriod) -> Snapshot:
    """Everything the overview, meeting mode and the pack show for a period, cached until the data changes."""
    return snapshot_at(data_version(), period)


# Report drafts by (data version, quarter, minute, grouped by national set): a plain memo, not st.cache_data, whose
# replay of the progress bar's updates on a hit fails (CacheReplayClosureError) once the bar is gone.
_REPORTS: dict[tuple, bytes] = {}
_REPORTS_KEPT = 8
_reports_lock = threading.Lock()


def report_draft(code: str, by_national: bool, progress) -> bytes:
    """The quarterly report draft (.docx) of a quarter at the data version of this run, built once per minute for
    every session; progress(step, steps, what) is called while it builds, not when it was built already."""
    minute = dt.datetime.now().replace(second=0, microsecond=0)
    key = (data_version(), code, minute, by_national)
    with _reports_lock:
        built = _REPORTS.get(key)
    if built is None:
        cur = connection(key[0][0]).cursor()
        try:
            built = report.draft(cur, code, minute, progress, by_national)
        finally:
            cur.close()
        with _reports_lock:
            while len(_REPORTS) >= _REPORTS_KEPT:
                _REPORTS.pop(next(iter(_REPORTS)))
            _REPORTS[key] = built
    return built


@st.cache_data(show_spinner=False, max_entries=4)
def _national(version: tuple):
    cur = connection(version[0]).cursor()
    try:
        return national.mapping(cur)
    finally:
        cur.close()


def national_map_at(version: tuple):
    """The province's indicators mapped to the national sets (nq57.national.mapping) at a data version."""
    return _national(version)


def national_map():
    """The mapping to the national sets, cached until the data changes."""
    return _national(data_version())
