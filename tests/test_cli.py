"""The command line does what the page does: dry run, import, rollback, with Vietnamese messages and exit codes."""

import duckdb
import pytest

from nq57 import cli
from tests.conftest import table_snapshot
from tests.workbooks import return_workbook


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "nq57.duckdb"
    cli.init_database(path)
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
    assert cli.main(["import", good, "--as", "Lò Văn Minh", "--db", str(db)]) == 0
    assert "Đã nhập lần số 2: Số liệu: 1 dòng." in capsys.readouterr().out
    assert (tmp_path / "uploads").is_dir()  # archived beside the database
    assert cli.main(["--db", str(db), "rollback", "2", "--as", "admin"]) == 0
    assert "Đã hoàn tác lần nhập số 2" in capsys.readouterr().out
    assert cli.main(["--db", str(db), "rollback", "1"]) == 1
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
