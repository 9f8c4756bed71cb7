"""Schema migrations and transactions of the DuckDB store."""

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from nq57 import access, cli, current, store
from tests.conftest import table_snapshot

NATIONAL_MAP = store.MIGRATIONS_DIR / "0012_national_map.sql"
TABLES = (
    "documents",
    "units",
    "indicators",
    "targets",
    "observations",
    "tasks",
    "task_agencies",
    "task_updates",
    "villages",
    "national_map",
)


def test_migrations_are_recorded_and_applied_once(tmp_path):
    db = tmp_path / "a.duckdb"
    con = store.connect(db)
    versions = [v for v, _, _ in store.migrations()]
    assert con.execute("select version from schema_version order by version").fetchall() == [(v,) for v in versions]
    assert store.migrate(con) == []
    con.close()
    con = store.connect(db)
    assert store.schema_version(con) == max(versions)
    con.close()


def test_a_new_migration_is_applied_to_an_existing_database(tmp_path, monkeypatch):
    db = tmp_path / "a.duckdb"
    store.connect(db).close()
    extra = tmp_path / "migrations"
    extra.mkdir()
    for _, _, path in store.migrations():
        (extra / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (extra / "0999_add_test_table.sql").write_text("create table later_table (x integer);", encoding="utf-8")
    monkeypatch.setattr(store, "MIGRATIONS_DIR", extra)
    con = store.connect(db)
    assert store.schema_version(con) == 999
    assert con.execute("select count(*) from later_table").fetchone() == (0,)
    con.close()


def test_transaction_rolls_back_on_error(mem):
    with pytest.raises(RuntimeError), store.transaction(mem):
        mem.execute("insert into task_agencies values ('x', 'y', 'lead')")
        raise RuntimeError("boom")
    assert mem.execute("select count(*) from task_agencies").fetchone() == (0,)


def test_init_twice_gives_the_same_content(tmp_path):
    a, b = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    cli.init_database(a)
    cli.init_database(b)
    cli.init_database(b)  # rebuilding over an existing file replaces it
    ca, cb = duckdb.connect(str(a), read_only=True), duckdb.connect(str(b), read_only=True)
    for table in TABLES:
        assert table_snapshot(ca, table) == table_snapshot(cb, table), table
    assert table_snapshot(ca, "uploads", exclude=("uploaded_at",)) == table_snapshot(
        cb, "uploads", exclude=("uploaded_at",)
    )
    assert cb.execute("select count(*) from uploads").fetchone() == (1,)


def test_cli_init_if_missing_keeps_an_existing_database(tmp_path, capsys):
    db = tmp_path / "x.duckdb"
    assert cli.main(["--db", str(db), "init"]) == 0
    before = db.stat().st_mtime_ns
    assert cli.main(["--db", str(db), "init", "--if-missing"]) == 0
    assert db.stat().st_mtime_ns == before
    assert "đã có" in capsys.readouterr().out


def only_migrations(folder: Path, keep) -> Path:
    """A migrations folder holding only the migrations whose version `keep` accepts: a database made with it stands
    for one made by an older (or differently merged) version of the app."""
    folder.mkdir()
    for version, _, path in store.migrations():
        if keep(version):
            (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_observations_lose_their_key_index_and_keep_their_rows_and_ids(tmp_path, monkeypatch):
    from nq57 import importer, paths
    from tests.workbooks import return_workbook

    db = tmp_path / "a.duckdb"
    before = only_migrations(tmp_path / "migrations", lambda version: version < 5)
    with monkeypatch.context() as m:
        m.setattr(store, "MIGRATIONS_DIR", before)
        # Today's audit entries have a column (os_user, migration 0008) that a version-4 log lacks; this test is
        # about observations, so the older imports are not audited.
        m.setattr(access, "audit", lambda *args, **kwargs: None)
        # Nor is what later migrations maintain (0011's series, 0013's flag): they compute it from every row.
        m.setattr(current, "committed", lambda *args, **kwargs: None)
        m.delitem(importer.REPLACES, "observations")
        con = store.connect(db)
        # Today's importer writes the column a later migration (0007) adds and the table of another (0012); those
        # add them only if missing.
        con.execute("alter table tasks add column restates varchar")
        con.execute(NATIONAL_MAP.read_text(encoding="utf-8"))
        importer.import_workbook(con, paths.BASELINE_XLSX.read_bytes(), "nq57_baseline.xlsx", "baseline")
        rows = [{"indicator_code": "HT_5G", "unit_code": "12", "value": 40}]
        # As a bulk load: a return is checked against the reporting duties, a view of a later migration.
        bulk = return_workbook("SKHCN", "2026-05", observations=rows, kind="bulk")
        importer.import_workbook(con, bulk, "t5.xlsx", "clerk")
        stored = con.execute("select * from observations order by id").fetchall()
        current_rows = con.execute("select * from current_observations order by id").fetchall()
        con.close()
    con = store.connect(db)
    try:
        assert store.schema_version(con) == max(v for v, _, _ in store.migrations())
        assert con.execute("select * exclude (is_current) from observations order by id").fetchall() == stored
        assert con.execute("select * from current_observations order by id").fetchall() == current_rows
        assert current.drift(con) == {"observations": 0, "series": 0}
        keys = "select count(*) from duckdb_constraints() where table_name = 'observations' and constraint_type = ?"
        assert con.execute(keys, ["PRIMARY KEY"]).fetchall() == [(0,)]
        rows = [{"indicator_code": "HT_5G", "unit_code": "12", "value": 41}]
        importer.import_workbook(con, return_workbook("SKHCN", "2026-06", observations=rows), "t6.xlsx", "clerk")
        [(new_id,)] = con.execute("select id from observations where period = '2026-06'").fetchall()
        assert new_id > max(row[0] for row in stored)  # ids still come from the sequence, after the old ones
    finally:
        con.close()


def test_migration_8_moves_the_failed_sign_in_counts_out_of_users(tmp_path, monkeypatch):
    db = tmp_path / "a.duckdb"
    before = only_migrations(tmp_path / "migrations", lambda version: version < 8)
    with monkeypatch.context() as m:
        m.setattr(store, "MIGRATIONS_DIR", before)
        con = store.connect(db)
        con.execute(
            "insert into users (username, full_name, role, password_hash, failed_count, locked_until, created_at, "
            "created_by) values ('LanhDao', 'Lãnh đạo', 'leader', 'scrypt$x', 4, timestamp '2026-12-01 09:01:00', "
            "timestamp '2026-01-01', 'he-thong'), ('quantri', 'Quản trị', 'admin', null, 0, null, "
            "timestamp '2026-01-01', 'he-thong')"
        )
        con.execute("insert into audit_log (logged_at, actor, action) values (timestamp '2026-01-01', 'quantri', 'x')")
        con.close()
    con = store.connect(db)
    try:
        assert con.execute("select * from sign_in_attempts").fetchall() == [
            ("lanhdao", 4, dt.datetime(2026, 12, 1, 9, 1), dt.datetime(2026, 12, 1, 9, 1))
        ]
        columns = [r[0] for r in con.execute("describe users").fetchall()]
        assert "failed_count" not in columns and "locked_until" not in columns
        assert con.execute("select username, session_epoch, active from users order by 1").fetchall() == [
            ("LanhDao", 0, True),
            ("quantri", 0, True),
        ]
        assert con.execute("select actor, os_user from audit_log").fetchall() == [("quantri", None)]
    finally:
        con.close()


def test_a_migration_numbered_below_the_latest_applied_is_still_applied(tmp_path, monkeypatch):
    """Branches land in any order: a database that has 0008 but not 0006 gets 0006 on its next start."""
    partial = only_migrations(tmp_path / "migrations", lambda version: version != 6)
    db = tmp_path / "a.duckdb"
    with monkeypatch.context() as m:
        m.setattr(store, "MIGRATIONS_DIR", partial)
        store.connect(db).close()
    con = store.connect(db)
    try:
        versions = [v for (v,) in con.execute("select version from schema_version order by version").fetchall()]
        assert versions == [v for v, _, _ in store.migrations()]
        assert con.execute("select count(*) from reporting_duties").fetchall() == [(0,)]
    finally:
        con.close()


def test_tasks_gain_the_task_they_restate_when_an_older_database_migrates(tmp_path, monkeypatch):
    from nq57 import importer, paths

    db = tmp_path / "a.duckdb"
    before = only_migrations(tmp_path / "migrations", lambda version: version < 7)
    with monkeypatch.context() as m:
        m.setattr(store, "MIGRATIONS_DIR", before)
        con = store.connect(db)
        assert "restates" not in [r[0] for r in con.execute("describe tasks").fetchall()]
        con.execute(
            "insert into tasks (code, plan, group_code, name, lead_text, recurring, upload_id) "
            "values ('32KH-03', '32-KH/TU', 'II', 'Kế hoạch năm 2026', 'Các sở', false, 1)"
        )
        con.close()
    con = store.connect(db)
    try:
        assert store.schema_version(con) == max(v for v, _, _ in store.migrations())
        assert con.execute("select code, name, restates from tasks").fetchall() == [
            ("32KH-03", "Kế hoạch năm 2026", None)
        ]
        importer.import_workbook(con, paths.BASELINE_XLSX.read_bytes(), "nq57_baseline.xlsx", "baseline")
        links = con.execute("select code, restates from tasks where restates is not null order by code").fetchall()
        assert links == [("01TB-01", "32KH-03"), ("01TB-02", "32KH-17"), ("01TB-06", "32KH-16"), ("01TB-25", "32KH-21")]
    finally:
        con.close()


def test_an_older_database_gains_the_national_map_and_the_baseline_fills_it(tmp_path, monkeypatch):
    from nq57 import importer, national, paths

    db = tmp_path / "a.duckdb"
    before = only_migrations(tmp_path / "migrations", lambda version: version < 12)
    with monkeypatch.context() as m:
        m.setattr(store, "MIGRATIONS_DIR", before)
        con = store.connect(db)
        assert con.execute(
            "select count(*) from information_schema.tables where table_name = 'national_map'"
        ).fetchall() == [(0,)]
        con.close()
    con = store.connect(db)
    try:
        assert 12 in [v for (v,) in con.execute("select version from schema_version").fetchall()]
        assert national.mapping(con.cursor()).empty  # no mapping until a workbook brings its sheet
        importer.import_workbook(con, paths.BASELINE_XLSX.read_bytes(), "nq57_baseline.xlsx", "baseline")
        mapped = national.mapping(con.cursor())
        assert (
            len(mapped) == len((paths.BASELINE_DIR / "national_map.csv").read_text(encoding="utf-8").splitlines()) - 1
        )
        assert list(mapped.columns) == national.COLUMNS
    finally:
        con.close()
