"""The command line does what the page does: dry run, import, rollback, with Vietnamese messages and exit codes."""

import getpass
import io

import duckdb
import pytest

from nq57 import access, cli, signin, store
from tests.accounts import ADMIN, CLERK, LEADER, make_accounts_in
from tests.conftest import table_snapshot
from tests.workbooks import return_workbook


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "nq57.duckdb"
    cli.init_database(path)
    make_accounts_in(path)
    return path


def snapshot(path):
    con = duckdb.connect(str(path))
    try:
        return {t: table_snapshot(con, t) for t in ("uploads", "observations")}
    finally:
        con.close()


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_dry_run_import_and_rollback(db, tmp_path, capsys):
    good = write(
        tmp_path,
        "t5.xlsx",
        return_workbook("SKHCN", "2026-05", observations=[{"indicator_code": "HT_5G", "unit_code": "12", "value": 44}]),
    )
    before = snapshot(db)
    assert cli.main(["--db", str(db), "import", good, "--dry-run"]) == 0
    assert (
        "Tệp hợp lệ (chạy thử, chưa ghi gì): Số liệu: 1 dòng. mới 1, thay đổi 0, không đổi 0."
        in capsys.readouterr().out
    )
    assert snapshot(db) == before
    assert cli.main(["import", good, "--as", CLERK.username, "--db", str(db)]) == 0
    assert "Đã nhập lần số 2: Số liệu: 1 dòng." in capsys.readouterr().out
    assert (tmp_path / "uploads").is_dir()  # archived beside the database
    assert cli.main(["--db", str(db), "rollback", "2", "--as", ADMIN.username]) == 0
    assert "Đã hoàn tác lần nhập số 2" in capsys.readouterr().out
    assert cli.main(["--db", str(db), "rollback", "1", "--as", ADMIN.username]) == 1
    assert "không hoàn tác được" in capsys.readouterr().err


def test_a_rejected_file_exits_1_and_writes_nothing(db, tmp_path, capsys):
    bad = write(
        tmp_path,
        "sai.xlsx",
        return_workbook(
            "SKHCN", "2026-05", observations=[{"indicator_code": "HT_5G", "unit_code": "12", "value": 140}]
        ),
    )
    before = snapshot(db)
    assert cli.main(["--db", str(db), "import", bad]) == 1
    err = capsys.readouterr().err
    assert "Tệp bị từ chối, không có gì được ghi (1 lỗi):" in err
    assert "- Trang “Số liệu”, dòng 2, cột “Giá trị”: tỷ lệ 140% nằm ngoài khoảng 0–100." in err
    assert snapshot(db) == before


def test_a_missing_database_is_said_plainly(tmp_path, capsys):
    assert cli.main(["--db", str(tmp_path / "none.duckdb"), "rollback", "3"]) == 1
    assert "Chưa có cơ sở dữ liệu" in capsys.readouterr().err


def test_every_writing_command_acts_as_an_account_held_to_its_rights(db, tmp_path, capsys):
    other = write(
        tmp_path,
        "xa.xlsx",
        return_workbook("03434", "2026-05", observations=[{"indicator_code": "TTHC_TRUCTUYEN", "value": 40}]),
    )
    own = write(
        tmp_path,
        "skhcn.xlsx",
        return_workbook("SKHCN", "2026-05", observations=[{"indicator_code": "HT_5G", "unit_code": "12", "value": 44}]),
    )
    before = snapshot(db)
    # A clerk cannot write another unit's return; a leader cannot upload at all; nobody acts without an account.
    assert cli.main(["--db", str(db), "import", other, "--as", CLERK.username]) == 1
    assert "chỉ được gửi và hoàn tác báo cáo của đơn vị SKHCN" in capsys.readouterr().err
    assert cli.main(["--db", str(db), "import", own, "--as", LEADER.username]) == 1
    assert "Tài khoản lãnh đạo chỉ xem" in capsys.readouterr().err
    assert cli.main(["--db", str(db), "import", own, "--as", "ai-do"]) == 1
    assert "Không có tài khoản “ai-do”" in capsys.readouterr().err
    assert cli.main(["--db", str(db), "sample", "--as", CLERK.username, "--until", "2026-11-30"]) == 1
    assert "Chỉ quản trị viên được nhập dữ liệu gốc, dữ liệu hàng loạt hay dữ liệu mẫu." in capsys.readouterr().err
    assert snapshot(db) == before
    # Locks: an administrator locks a month, a return for it is refused, unlocking needs a reason.
    assert cli.main(["--db", str(db), "lock", "2026-05", "--as", CLERK.username]) == 1
    assert cli.main(["--db", str(db), "lock", "2026-05", "--as", ADMIN.username, "--reason", "Họp tháng 5"]) == 0
    assert cli.main(["--db", str(db), "import", own, "--as", CLERK.username]) == 1
    assert "khóa" in capsys.readouterr().err
    assert snapshot(db) == before
    with pytest.raises(SystemExit):
        cli.main(["--db", str(db), "unlock", "2026-05", "--as", ADMIN.username])  # --reason is required
    assert cli.main(["--db", str(db), "unlock", "2026-05", "--as", ADMIN.username, "--reason", "Sửa số liệu"]) == 0
    assert cli.main(["--db", str(db), "import", own, "--as", CLERK.username]) == 0
    con = duckdb.connect(str(db))
    try:
        log = con.execute(
            "select actor, action, target, detail from audit_log where action <> 'user' order by id"
        ).fetchall()
    finally:
        con.close()
    assert [(a, b) for a, b, _, _ in log[-3:]] == [
        (ADMIN.username, "lock"),
        (ADMIN.username, "unlock"),
        (CLERK.username, "upload"),
    ]
    assert "Sửa số liệu" in log[-2][3]


def test_create_admin_once_with_a_password_from_stdin(tmp_path, capsys, monkeypatch):
    path = tmp_path / "nq57.duckdb"
    cli.init_database(path)
    monkeypatch.setattr("sys.stdin", io.StringIO("mot-mat-khau-dai\n"))
    command = ["--db", str(path), "create-admin", "--username", "qtv", "--name", "Quản trị", "--password-stdin"]
    assert cli.main(command) == 0
    assert "Đã tạo quản trị viên “qtv”" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("mot-mat-khau-khac\n"))
    assert cli.main(["--db", str(path), "create-admin", "--username", "qt2", "--name", "B", "--password-stdin"]) == 1
    assert "Đã có quản trị viên" in capsys.readouterr().err


def audit_rows(db, action: str) -> list[tuple]:
    con = duckdb.connect(str(db))
    try:
        return con.execute(
            "select actor, os_user, target from audit_log where action = ? order by id", [action]
        ).fetchall()
    finally:
        con.close()


def test_command_line_writes_record_the_operating_system_user_beside_the_account(db, monkeypatch):
    monkeypatch.setattr(getpass, "getuser", lambda: "vanhanh")
    assert cli.main(["--db", str(db), "lock", "2026-05", "--as", ADMIN.username]) == 0
    assert audit_rows(db, "lock") == [(ADMIN.username, "vanhanh", "2026-05")]

    # No login name and no passwd entry: the command still runs with --as, and says nothing it does not know.
    def unknown():
        raise KeyError("getpwuid(): uid not found: 1234")

    monkeypatch.setattr(getpass, "getuser", unknown)
    assert cli.main(["--db", str(db), "unlock", "2026-05", "--as", ADMIN.username, "--reason", "Sửa"]) == 0
    assert audit_rows(db, "unlock") == [(ADMIN.username, None, "2026-05")]
    # The app's writes leave it empty: the same write made outside the command line.
    con = store.connect(db)
    try:
        access.lock_period(con, ADMIN, "2026-06")
    finally:
        con.close()
    assert audit_rows(db, "lock")[-1] == (ADMIN.username, None, "2026-06")


def test_an_administrator_resets_a_password_and_stops_and_reopens_an_account_from_the_command_line(
    db, monkeypatch, capsys
):
    monkeypatch.setattr(getpass, "getuser", lambda: "vanhanh")
    monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-moi-dai\n"))
    reset = ["--db", str(db), "reset-password", "--username", LEADER.username, "--password-stdin"]
    assert cli.main([*reset, "--as", CLERK.username]) == 1
    assert "Chỉ quản trị viên được làm việc này." in capsys.readouterr().err
    assert cli.main([*reset, "--as", ADMIN.username]) == 0
    assert "Đã đặt lại mật khẩu của tài khoản “lanhdao”" in capsys.readouterr().out
    con = store.connect(db)
    try:
        assert signin.authenticate(con, LEADER.username, "mat-khau-moi-dai") == LEADER
    finally:
        con.close()
    assert cli.main(["--db", str(db), "deactivate-user", "--username", ADMIN.username, "--as", ADMIN.username]) == 1
    assert "không thể tự ngừng tài khoản của chính mình" in capsys.readouterr().err
    assert cli.main(["--db", str(db), "deactivate-user", "--username", CLERK.username, "--as", ADMIN.username]) == 0
    assert "Đã ngừng tài khoản “canbo.skhcn”" in capsys.readouterr().out
    assert cli.main(["--db", str(db), "lock", "2026-05", "--as", CLERK.username]) == 1  # a stopped account acts no more
    assert "Không có tài khoản “canbo.skhcn” (hoặc tài khoản đã ngừng)" in capsys.readouterr().err
    assert cli.main(["--db", str(db), "reactivate-user", "--username", CLERK.username, "--as", ADMIN.username]) == 0
    assert [audit_rows(db, a) for a in ("password_reset", "user_deactivated", "user_reactivated")] == [
        [(ADMIN.username, "vanhanh", LEADER.username)],
        [(ADMIN.username, "vanhanh", CLERK.username)],
        [(ADMIN.username, "vanhanh", CLERK.username)],
    ]
