"""The DuckDB store: opening the file, applying schema migrations, and transactions."""

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


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
    row = con.execute("select count(*) from information_schema.tables where table_name = 'schema_version'").fetchone()
    if not row or row[0] == 0:
        return 0
    return con.execute("select coalesce(max(version), 0) from schema_version").fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply every migration newer than the database, each in its own transaction; return those applied."""
    con.execute(
        "create table if not exists schema_version ("
        "version integer primary key, name varchar not null, applied_at timestamp not null)"
    )
    current = schema_version(con)
    applied = []
    for version, name, path in migrations():
        if version <= current:
            continue
        with transaction(con):
            con.execute(path.read_text(encoding="utf-8"))
            con.execute("insert into schema_version values (?, ?, current_timestamp::timestamp)", [version, name])
        applied.append(version)
    return applied


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the database file (created if missing) and bring its schema up to date."""
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    if not read_only:
        migrate(con)
    return con


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Run a block in one transaction: all of it is committed, or none of it."""
    con.execute("begin transaction")
    try:
        yield con
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")
