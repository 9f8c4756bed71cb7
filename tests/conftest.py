"""Shared fixtures: the baseline database built once per session, in-memory stores, the refusal tests' store."""

import shutil
from pathlib import Path

import duckdb
import fastexcel
import pytest
import python_calamine

from nq57 import cli, passwords, paths, store
from nq57.importer import import_workbook
from tests.workbooks import return_workbook

SEEDS = paths.SOURCES_DIR


@pytest.fixture(autouse=True)
def public_board(monkeypatch):
    """The read-only pages open without signing in, as in the province's public board mode; tests of sign-in and
    of the closed mode remove it."""
    monkeypatch.setenv("NQ57_PUBLIC_BOARD", "1")


@pytest.fixture(autouse=True)
def raise_errors(monkeypatch):
    """A page that fails shows its exception to AppTest (at.exception), not the users' short Vietnamese message;
    tests of that message remove it."""
    monkeypatch.setenv("NQ57_RAISE_ERRORS", "1")


@pytest.fixture(autouse=True)
def fast_scrypt(request, monkeypatch):
    """New password hashes use N=2^14 (16 MiB, ~0,05 s) instead of OWASP's minimum (128 MiB, ~0,4 s): the tests make
    dozens of accounts. A test marked production_scrypt keeps the production parameters."""
    if "production_scrypt" not in request.keywords:
        monkeypatch.setattr(passwords, "SCRYPT", (2**14, 8, 1))


@pytest.fixture(scope="session")
def baseline_db(tmp_path_factory) -> Path:
    """A database file built by `python -m nq57 init` from data/, shared read-only by the session."""
    db = tmp_path_factory.mktemp("db") / "nq57.duckdb"
    cli.init_database(db)
    return db


@pytest.fixture(scope="session")
def accounts_template(baseline_db, tmp_path_factory) -> Path:
    """The baseline database with the test accounts of tests/accounts.py, made once per session."""
    from tests.accounts import make_accounts_in

    db = tmp_path_factory.mktemp("accounts") / "nq57.duckdb"
    shutil.copy(baseline_db, db)
    make_accounts_in(db)
    return db


@pytest.fixture
def accounts_db(accounts_template, tmp_path, monkeypatch) -> Path:
    """A fresh copy of the baseline with the test accounts, and the app (NQ57_DB) pointed at it."""
    db = tmp_path / "nq57.duckdb"
    shutil.copy(accounts_template, db)
    monkeypatch.setenv("NQ57_DB", str(db))
    return db


@pytest.fixture
def ro(baseline_db):
    """A connection to the session's baseline database, for tests that only read.

    Opened with the default configuration: the pages under test hold one to the same file in this process,
    and DuckDB refuses a second connection to it with different settings (read_only).
    """
    con = duckdb.connect(str(baseline_db))
    yield con
    con.close()


@pytest.fixture
def mem():
    """An empty, migrated in-memory store."""
    con = store.connect(":memory:")
    yield con
    con.close()


@pytest.fixture
def loaded(mem):
    """An in-memory store with the baseline imported, for tests that write."""
    import_workbook(mem, paths.BASELINE_XLSX.read_bytes(), paths.BASELINE_XLSX.name, "baseline")
    return mem


@pytest.fixture
def archive(tmp_path) -> Path:
    """Where an import keeps the files it takes (not created until it takes one)."""
    return tmp_path / "uploads"


@pytest.fixture(scope="module")
def shared():
    """One store with the baseline for the refusal tests: each checks it leaves every table as it found it."""
    con = store.connect(":memory:")
    import_workbook(con, paths.BASELINE_XLSX.read_bytes(), paths.BASELINE_XLSX.name, "baseline")
    yield con
    con.close()


@pytest.fixture(scope="session")
def valid() -> bytes:
    """A small, valid monthly return (immutable bytes, so shared by the session)."""
    return return_workbook(
        "SKHCN", "2026-05", observations=[{"indicator_code": "HT_5G", "unit_code": "12", "value": 45}]
    )


@pytest.fixture
def no_calamine(monkeypatch):
    """Fail the test if calamine (through python-calamine or fastexcel) is asked to parse the file: the guard must
    refuse it first."""

    def parse(*args, **kwargs):
        pytest.fail("calamine was given a file the guard should have refused")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", staticmethod(parse))
    monkeypatch.setattr(fastexcel, "read_excel", parse)


@pytest.fixture(scope="session")
def seed_text():
    """The text of a source document in data/sources, by file-name prefix."""

    def read(prefix: str) -> str:
        matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
        if not matches:
            pytest.fail(f"source document {prefix} not found in {SEEDS}")
        return matches[0].read_text(encoding="utf-8")

    return read


def table_snapshot(con, table: str, exclude: tuple[str, ...] = ()) -> list[tuple]:
    """Every row of a table, sorted, without the named columns: for comparing database states."""
    cols = [r[0] for r in con.execute(f"describe {table}").fetchall() if r[0] not in exclude]
    return con.execute(f"select {', '.join(cols)} from {table} order by all").fetchall()
