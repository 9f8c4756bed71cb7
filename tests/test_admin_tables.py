"""The administration and returns pages' tables (nq57.access, nq57.backup, nq57.uploads) on the baseline."""

import datetime as dt

import pytest

import queries
from nq57 import access, backup, uploads
from tests.accounts import ADMIN, CLERK, make_accounts


@pytest.fixture
def admin(loaded):
    """The baseline with the test accounts and March 2026 locked."""
    make_accounts(loaded)
    access.lock_period(loaded, ADMIN, "2026-03", "họp ngày 5/4")
    return loaded.cursor()


def test_users_frame(admin):
    units = queries.frame(admin, "returns/reporters")
    names = dict(zip(units["code"], units["name"], strict=True))
    frame = access.users_frame(queries.frame(admin, "access/users"), names)
    rows = frame.set_index("Tên đăng nhập")
    assert list(rows.index) == ["quantri", "canbo.skhcn", "canbo.tatong", "lanhdao"]
    assert list(rows.loc["quantri", ["Vai trò", "Đơn vị", "Trạng thái", "Người tạo"]]) == [
        "Quản trị viên",
        "",
        "Đang dùng",
        "Hệ thống (cài đặt)",
    ]
    assert list(rows.loc["canbo.skhcn", ["Họ và tên", "Vai trò", "Đơn vị", "Người tạo"]]) == [
        "Lò Văn Minh",
        "Cán bộ báo cáo của đơn vị",
        "Sở Khoa học và Công nghệ",
        "quantri",
    ]


def test_locks_frame_and_lockable_months(admin):
    locked = queries.frame(admin, "access/locks")
    frame = access.locks_frame(locked)
    assert list(frame.columns) == ["Kỳ", "Khóa lúc", "Người khóa", "Ghi chú"]
    assert list(frame.iloc[0][["Kỳ", "Người khóa", "Ghi chú"]]) == ["Tháng 3/2026", "quantri", "họp ngày 5/4"]
    months = access.lockable_months(locked, dt.date(2026, 4, 15))
    assert months[:3] == ["2026-04", "2026-02", "2026-01"]  # March is locked already
    assert len(months) == 12


def test_audit_filtered_and_shown(admin):
    entries = queries.frame(admin, "access/audit_log")
    assert access.audit_actors(entries) == ["", "baseline", access.SYSTEM, "quantri"]
    assert len(access.filter_audit(entries, [], "")) == len(entries)
    table = access.audit_frame(access.filter_audit(entries, ["lock"], "quantri"))
    assert len(table) == 1
    row = table.iloc[0]
    assert (row["Việc"], row["Đối tượng"], row["Chi tiết"]) == ("Khóa sổ", "2026-03", '{"reason": "họp ngày 5/4"}')
    assert isinstance(row["Thời gian"], dt.datetime)  # kept as a time for the workbook
    shown = access.audit_shown(table).iloc[0]["Thời gian"]
    assert shown == f"{row['Thời gian']:%H:%M} {row['Thời gian'].day}/{row['Thời gian'].month}/{row['Thời gian'].year}"
    made = access.filter_audit(entries, ["user"], "")
    assert set(access.audit_frame(made)["Việc"]) == {"Tạo tài khoản"}
    assert set(made["target"]) == {"quantri", "canbo.skhcn", "canbo.tatong", "lanhdao"}


def test_backup_listing(tmp_path):
    assert backup.listing(tmp_path / "none").empty
    (tmp_path / "20260403-080000.part").mkdir()  # half written: no backup
    for name, size in (("20260401-080000", 2_000_000), ("20260402-080000", 500_000)):
        (tmp_path / name / "archive").mkdir(parents=True)
        (tmp_path / name / "nq57.duckdb").write_bytes(b"x" * size)
    frame = backup.listing(tmp_path)
    assert frame.to_dict("list") == {
        "Bản sao lưu": ["20260402-080000", "20260401-080000"],  # newest first
        "Dung lượng (MB)": [0.5, 2.0],
    }


def test_upload_history_and_what_may_be_undone(admin):
    history = queries.frame(admin, "uploads/history")
    frame = uploads.history_frame(history)
    row = frame.iloc[0]
    assert (row["Lần nhập"], row["Tệp"], row["Loại"], row["Đơn vị"], row["Kỳ"]) == (
        1,
        "nq57_baseline.xlsx",
        "Dữ liệu gốc",
        "Tỉnh Lai Châu",
        "",
    )
    assert (row["Người nhập"], row["Trạng thái"]) == ("Hệ thống (dữ liệu gốc)", "Đang dùng")
    assert row["Số dòng"].startswith("Văn bản: 3; Đơn vị: 62; Danh mục chỉ tiêu: 40")
    assert row["Mã kiểm tra (SHA-256)"] == history["sha256"].iloc[0][:16] + "…"
    assert uploads.undoable(history, ADMIN) == {}  # the baseline is never rolled back from the page
    assert uploads.undoable(history, CLERK) == {}
