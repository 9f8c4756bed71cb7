"""The DuckDB store: opening the file, applying schema migrations, and transactions."""

import contextlib
import logging
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import duckdb

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

# One writer at a time in this process. DuckDB lets two transactions run at once and fails the second at commit when
# both touched the same rows ("Transaction conflict"); waiting here instead means two clerks committing at the same
# moment both land, one after the other. Re-entrant, so a check and its write can be held together.
WRITE_LOCK = threading.RLock()
# Transactions committed by this process (under WRITE_LOCK): the app re-reads its data version when this moves.
_committed = 0


def committed() -> int:
    """How many write transactions this process has committed; grows with every one (components.db.data_version
    reads the data version again when it has moved, so a write is seen by the same script run that made it)."""
    return _committed


def migrations() -> list[tuple[int, str, Path]]:
    """The migration files in order: (version, name, path)."""
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        m = _MIGRATION_NAME.match(path.name)
        if not m:
            raise RuntimeError(f"migration file not named NNNN_name.sql: {path.name}")
        found.append((int(m.group(1)), m.group(2), path))
    return found


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    # fetchall, not fetchone: a result not read to its end keeps its transaction open, and on the app's shared
    # connection that open reader would pin old row versions and stop every checkpoint.
    [(count,)] = con.execute(
        "select count(*) from information_schema.tables where table_name = 'schema_version'"
    ).fetchall()
    if count == 0:
        return 0
    [(version,)] = con.execute("select coalesce(max(version), 0) from schema_version").fetchall()
    return version


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply every migration newer than the database, each in its own transaction; return those applied."""
    con.execute(
        "create table if not exists schema_version ("
        "version integer primary key, name varchar not null, applied_at timestamp not null)"
    )
    # Every migration not yet recorded, in order: a version written on a branch that landed after a later-numbered
    # one is still applied.
    done = {version for (version,) in con.execute("select version from schema_version").fetchall()}
    applied = []
    for version, name, path in migrations():
        if version in done:
            continue
        with transaction(con):
            con.execute(path.read_text(encoding="utf-8"))
            con.execute("insert into schema_version values (?, ?, current_timestamp::timestamp)", [version, name])
        applied.append(version)
    return applied


def threads() -> int:
    """DuckDB's worker threads per query: 1 unless NQ57_DUCKDB_THREADS says otherwise. The tables are small (tens of
    thousands of rows): a parallel plan costs more to schedule than it saves (an import's writes take a third less
    time on one thread, benchmarks/import_return.py), and the app's sessions still run their queries side by side,
    each on its own thread."""
    return int(os.environ.get("NQ57_DUCKDB_THREADS") or 1)


def app_config() -> dict[str, str | bool | int]:
    """The settings of the app's connection. It reads no file it was not given: the importer hands DuckDB the
    frames it read itself (fastexcel, python-calamine), so read_csv, COPY, ATTACH and the like have nothing to do
    there and are refused. Memory is capped (NQ57_MEMORY_LIMIT, default 1GB; DuckDB spills to disk beyond it), and
    neither setting can be changed by a query afterwards."""
    return {
        "enable_external_access": False,
        "memory_limit": os.environ.get("NQ57_MEMORY_LIMIT") or "1GB",
        "threads": threads(),
        "lock_configuration": True,
    }


# A commit whose log would pass this size checkpoints as it commits (DuckDB's automatic checkpoint), and one DuckDB
# estimates above its auto_checkpoint_skip_wal_threshold (100 KB by default) is then written to the database file
# only, not to the write-ahead log first: a bulk load or the baseline is written once, not twice (a third fewer bytes
# and a tenth less time for its commit: tests/test_hardening.py, benchmarks/import_return.py). Smaller commits go to
# the log as before, and an import or a rollback checkpoints right after (checkpoint below): the file alone is whole.
CHECKPOINT_THRESHOLD = "100KB"


def _set(con: duckdb.DuckDBPyConnection, settings: dict[str, str | bool | int]) -> None:
    for name, value in settings.items():
        con.execute(f"set {name} = ?", [value]).fetchall()


def connect(path: str | Path, read_only: bool = False, app: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the database file (created if missing) and bring its schema up to date; with app=True, then lock it
    down with the app's settings (app_config), which hold for every connection to that file in the process."""
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    # Set after opening, not as connect(config=...): DuckDB refuses a second connection to a file in one process with
    # another config, and these settings are the database's, so every connection to it gets them anyway. Unless
    # locked: a file the app opened in this process has its settings locked (app_config), these set before.
    [(locked,)] = con.execute("select current_setting('lock_configuration')").fetchall()
    if not locked:
        writes_log = not read_only and str(path) != ":memory:"  # a store in memory has no log to skip
        _set(con, {"threads": threads()} | ({"checkpoint_threshold": CHECKPOINT_THRESHOLD} if writes_log else {}))
    if not read_only:
        migrate(con)
    if app:
        _set(con, app_config())
    return con


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Run a block in one transaction, holding the process's write lock: all of it is committed, or none of it."""
    global _committed
    with WRITE_LOCK:
        con.execute("begin transaction")
        try:
            yield con
        except BaseException:
            con.execute("rollback")
            raise
        con.execute("commit")
        _committed += 1


def checkpoint(con: duckdb.DuckDBPyConnection) -> bool:
    """Write what the write-ahead log holds into the database file, so the file alone is whole (and a crash later
    has nothing of it to replay). Under the write lock, between two writers' transactions.

    A committed transaction is already safe in the log, so when DuckDB cannot checkpoint now (a reader still holds
    an older snapshot) this logs it and returns False; the next commit, or DuckDB's own automatic checkpoint, does
    it. It never waits (FORCE CHECKPOINT would wait for every reader while holding the write lock)."""
    cur = con.cursor()
    try:
        with WRITE_LOCK:
            cur.execute("checkpoint")
        return True
    except duckdb.TransactionException as busy:
        log.warning("checkpoint postponed: %s", busy)
        return False
    finally:
        cur.close()
