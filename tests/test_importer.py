"""The import path shared by the baseline and the returns: all or nothing, every problem named."""

import io

import pytest
from openpyxl import load_workbook

from nq57 import paths
from nq57.importer import import_workbook
from nq57.problems import WorkbookRejected
from tests.conftest import table_snapshot

TABLES = ("uploads", "observations", "targets", "tasks", "villages", "units", "indicators")


def snapshot(con):
    return {t: table_snapshot(con, t) for t in TABLES}


def edited_baseline(edit) -> bytes:
    """The baseline workbook with one edit applied, as a clerk might have changed it."""
    wb = load_workbook(paths.BASELINE_XLSX)
    edit(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def only_observations(wb):
    for name in wb.sheetnames:
        if name not in ("Thông tin", "Số liệu"):
            del wb[name]
    wb["Thông tin"]["B2"] = "return"


def rejected(con, data: bytes) -> list[str]:
    before = snapshot(con)
    with pytest.raises(WorkbookRejected) as info:
        import_workbook(con, data, "bad.xlsx", "clerk")
    assert snapshot(con) == before, "a rejected file must change nothing"
    return [str(p) for p in info.value.problems]


def test_baseline_import_counts(mem):
    result = import_workbook(mem, paths.BASELINE_XLSX.read_bytes(), "nq57_baseline.xlsx", "baseline")
    assert result.row_counts == {
        "documents": 3, "units": 62, "indicators": 40, "targets": 33, "tasks": 66, "observations": 12, "villages": 8,
    }  # fmt: skip
    provenance = mem.execute(
        "select sheet, row_number from observations where indicator_code = 'NV_HOANTHANH'"
    ).fetchone()
    assert provenance == ("Số liệu", 2)


def test_same_file_twice_is_recognised(loaded):
    problems = rejected(loaded, paths.BASELINE_XLSX.read_bytes())
    assert "đã được nhập trước đây" in problems[0]


def test_not_an_excel_file(loaded):
    problems = rejected(loaded, b"hello, this is a text file")
    assert problems == ["Tệp không phải sổ tính Excel (.xlsx). Hãy tải mẫu báo cáo và điền vào mẫu."]


def test_legacy_xls(loaded):
    assert ".xls" in rejected(loaded, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)[0]


def test_truncated_workbook(loaded):
    data = paths.BASELINE_XLSX.read_bytes()
    assert "hỏng" in rejected(loaded, data[: len(data) // 2])[0]


def test_every_bad_cell_is_named_with_sheet_row_and_column(loaded):
    def edit(wb):
        only_observations(wb)
        ws = wb["Số liệu"]
        ws["D2"] = "mười"  # text where a number belongs
        ws["A3"] = "KHONG_CO"  # unknown indicator
        ws["D8"] = 120  # GRDP growth is a percentage: over 100
        ws["B4"] = "99999"  # unknown commune code

    problems = rejected(loaded, edited_baseline(edit))
    expected_number = "cần số (ví dụ 45,5 hoặc 1.234)."
    assert f"Trang “Số liệu”, dòng 2, cột “Giá trị”: giá trị “mười” không hợp lệ; {expected_number}" in problems
    assert "Trang “Số liệu”, dòng 3, cột “Mã chỉ tiêu”: Mã chỉ tiêu “KHONG_CO” không có trong danh mục." in problems
    assert "Trang “Số liệu”, dòng 8, cột “Giá trị”: tỷ lệ 120% nằm ngoài khoảng 0–100." in problems
    assert "Trang “Số liệu”, dòng 4, cột “Mã đơn vị”: Mã đơn vị “99999” không có trong danh mục." in problems


def test_missing_column(loaded):
    def edit(wb):
        only_observations(wb)
        wb["Số liệu"]["D1"] = "Giá trị cũ"

    assert rejected(loaded, edited_baseline(edit)) == ["Trang “Số liệu”, cột “Giá trị”: Thiếu cột bắt buộc “Giá trị”."]


def test_a_return_adds_observations_with_provenance(loaded):
    def edit(wb):
        only_observations(wb)
        ws = wb["Số liệu"]
        ws.delete_rows(3, ws.max_row)
        ws["A2"], ws["B2"], ws["C2"], ws["D2"], ws["E2"], ws["F2"] = "HT_5G", "12", "2026-05", "45,5%", None, None
        ws["G2"] = None

    result = import_workbook(loaded, edited_baseline(edit), "bao_cao_thang_5.xlsx", "clerk")
    assert result.row_counts == {"observations": 1}
    row = loaded.execute(
        "select o.value, o.period_end, u.file_name, u.uploaded_by, o.sheet, o.row_number "
        "from observations o join uploads u on u.id = o.upload_id where indicator_code = 'HT_5G'"
    ).fetchone()
    assert row[0] == 45.5 and str(row[1]) == "2026-05-31"
    assert row[2:] == ("bao_cao_thang_5.xlsx", "clerk", "Số liệu", 2)
