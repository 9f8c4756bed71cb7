"""Backups: `python -m nq57 backup` copies the database and the upload archive; `restore` brings one back."""

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

import components.db
from components import auth
from nq57 import cli
from tests.accounts import ADMIN, CLERK, make_accounts_in
from tests.conftest import table_snapshot
from tests.workbooks import return_workbook

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "nq57.duckdb"
    cli.init_database(path)
    make_accounts_in(path)
    return path


def state(path: Path) -> dict:
    con = duckdb.connect(str(path))
    try:
        return {t: table_snapshot(con, t) for t in ("uploads", "observations", "users", "period_locks")}
    finally:
        con.close()


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_backup_change_restore_round_trip(db, tmp_path, capsys):
    assert cli.main(["--db", str(db), "backup", "--as", ADMIN.username]) == 0
    [folder] = list((tmp_path / "backups").iterdir())
    assert f"Đã sao lưu cơ sở dữ liệu và tệp đã nhập vào {folder}" in capsys.readouterr().out
    saved, saved_files = state(db), files(tmp_path / "uploads")
    assert files(folder / "uploads") == saved_files

    may = tmp_path / "t5.xlsx"
    may.write_bytes(
        return_workbook("SKHCN", "2026-05", observations=[{"indicator_code": "HT_5G", "unit_code": "12", "value": 44}])
    )
    assert cli.main(["--db", str(db), "import", str(may), "--as", CLERK.username]) == 0
    assert cli.main(["--db", str(db), "lock", "2026-05", "--as", ADMIN.username]) == 0
    assert state(db) != saved and files(tmp_path / "uploads") != saved_files

    assert cli.main(["--db", str(db), "restore", str(folder), "--as", ADMIN.username]) == 0
    out = capsys.readouterr().out
    assert f"Đã khôi phục {db} và tệp đã nhập từ {folder}." in out
    assert state(db) == saved
    assert files(tmp_path / "uploads") == saved_files
    # What the restore replaced is kept beside it, and the restore is in the audit log.
    [kept] = [p for p in tmp_path.iterdir() if p.name.startswith("nq57.duckdb.before-restore-")]
    assert str(kept) in out
    con = duckdb.connect(str(db))
    try:
        assert con.execute("select actor, target from audit_log where action = 'restore'").fetchall() == [
            (ADMIN.username, str(folder))
        ]
    finally:
        con.close()


def test_keeps_the_newest_backups(db, tmp_path):
    for _ in range(4):
        assert (
            cli.main(["--db", str(db), "backup", "--keep", "2", "--dir", str(tmp_path / "b"), "--as", "quantri"]) == 0
        )
    kept = sorted(p.name for p in (tmp_path / "b").iterdir())
    assert len(kept) == 2 and not any(name.endswith(".part") for name in kept)


def test_only_an_administrator_backs_up_or_restores(db, tmp_path, capsys):
    assert cli.main(["--db", str(db), "backup", "--as", CLERK.username]) == 1
    assert "Chỉ quản trị viên được làm việc này." in capsys.readouterr().err
    assert not (tmp_path / "backups").exists()
    assert cli.main(["--db", str(db), "backup", "--as", ADMIN.username]) == 0
    [folder] = list((tmp_path / "backups").iterdir())
    assert cli.main(["--db", str(db), "restore", str(folder), "--as", CLERK.username]) == 1
    assert "Chỉ quản trị viên được làm việc này." in capsys.readouterr().err


def test_restore_refuses_while_another_process_has_the_database_open(db, tmp_path, capsys):
    assert cli.main(["--db", str(db), "backup", "--as", ADMIN.username]) == 0
    [folder] = list((tmp_path / "backups").iterdir())
    before = db.read_bytes()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('open', flush=True); input()",
            str(db),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        assert cli.main(["--db", str(db), "restore", str(folder), "--as", ADMIN.username]) == 1
        assert "đang được mở bởi một tiến trình khác" in capsys.readouterr().err
    finally:
        holder.communicate("\n")
    assert db.read_bytes() == before


def test_restore_refuses_a_folder_that_is_no_backup(db, tmp_path, capsys):
    assert cli.main(["--db", str(db), "restore", str(tmp_path), "--as", ADMIN.username]) == 1
    assert "không phải một bản sao lưu" in capsys.readouterr().err


def test_an_administrator_backs_up_from_the_page_while_the_app_runs(db, tmp_path, monkeypatch):
    monkeypatch.setenv("NQ57_DB", str(db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state[auth.USER_KEY] = ADMIN
    at.run()
    at.switch_page("app_pages/admin.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(i.value == "Chưa có bản sao lưu nào." for i in at.info)
    at.button(key="admin-backup-now").click().run()
    assert not at.exception, [e.value for e in at.exception]
    [folder] = list((tmp_path / "backups").iterdir())
    assert any(s.value == f"Đã sao lưu vào {folder}." for s in at.success)
    assert at.dataframe[-1].value["Bản sao lưu"].tolist() == [folder.name]
    # The copy opens on its own and holds what the app holds.
    copy = duckdb.connect(str(folder / "nq57.duckdb"), read_only=True)
    try:
        assert copy.execute("select count(*) from users").fetchall() == [(4,)]  # tests/accounts.py makes four
    finally:
        copy.close()
    components.db.connection.clear()
