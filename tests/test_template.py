"""The monthly return template: what a clerk downloads, its sheets, locks, validations and who may have one."""

import pytest

import queries
from nq57 import cli
from nq57.excel import read_workbook
from nq57.workbook_format import MOBILE_LABELS, TASK_STATUS_LABELS
from tests.templates import book, cell, records, template

SHEETS = ["Hướng dẫn", "Thông tin", "Số liệu", "Tiến độ nhiệm vụ", "Thôn, bản"]
INPUT = "00FFF2CC"  # light yellow: cells to fill
LOCKED = "00EDEDED"  # light grey: codes and context


def validation(ws, coordinate: str):
    found = [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]
    assert len(found) == 1, f"{ws.title}!{coordinate} has {len(found)} validations"
    return found[0]


# --- what the template holds ---------------------------------------------------------------------


def test_sheets_in_order(loaded):
    assert book(template(loaded, "03434")).sheetnames == SHEETS
    assert book(template(loaded, "SKHCN")).sheetnames == SHEETS[:4]  # an agency has no villages


def test_info_sheet_reads_as_a_return(loaded):
    data = template(loaded, "03434")
    ws = book(data)["Thông tin"]
    assert [c.value for c in ws[1]] == ["Mục", "Giá trị"]
    assert cell(ws, "Mục", "Người lập", "Giá trị").protection.locked is False
    assert cell(ws, "Mục", "Mã đơn vị báo cáo", "Giá trị").protection.locked is True
    info = read_workbook(data).info
    assert {k: info[k] for k in ("kind", "unit_code", "period")} == {
        "kind": "return",
        "unit_code": "03434",
        "period": "2026-05",
    }


def test_an_empty_preparer_is_not_read_as_text(loaded):
    assert "prepared_by" not in read_workbook(template(loaded, "03434")).info


def test_instructions_say_who_when_and_how(loaded):
    ws = book(template(loaded, "03434"))["Hướng dẫn"]
    text = "\n".join(str(c.value) for c in ws["A"] if c.value)
    for expected in (
        "Xã Nậm Hàng (mã 03434)",
        "Tháng 5/2026",
        "chậm nhất ngày 30/5/2026",
        "351-KH/TU",
        "45,5",
        "1.234",
        "30/6/2026",
        "nền xám",
        "“Nộp báo cáo”",
        "Chưa có gì được ghi",
    ):
        assert expected in text, expected
    february = book(template(loaded, "SKHCN", "2026-02"))["Hướng dẫn"]
    assert any("chậm nhất ngày 28/2/2026" in str(c.value) for c in february["A"])


def test_commune_template_lists_its_indicators_tasks_and_villages(loaded):
    wb = book(template(loaded, "03434"))
    commune_level = [
        code for (code,) in loaded.execute("select code from indicators where level = 'commune'").fetchall()
    ]
    figures = records(wb["Số liệu"])
    assert sorted(r["Mã chỉ tiêu"] for r in figures) == sorted(commune_level)
    assert {(r["Mã đơn vị"], r["Kỳ"]) for r in figures} == {("03434", "2026-05")}
    assert all(r["Giá trị"] is None for r in figures)

    tasks = [r["Mã nhiệm vụ"] for r in records(wb["Tiến độ nhiệm vụ"])]
    assert {"32KH-17", "32KH-18"} <= set(tasks)  # led by “Đảng ủy các xã, phường” (G_DUXA)
    assert set(tasks) == set(queries.frame(loaded, "store/unit_tasks", unit_code="03434")["task_code"])
    row = cell(wb["Tiến độ nhiệm vụ"], "Mã nhiệm vụ", "32KH-17", "Cơ quan chủ trì")
    assert row.value == "Đảng ủy các xã, phường"

    villages = records(wb["Thôn, bản"])
    listed = [(r["Mã thôn, bản"], r["Tên thôn, bản"], r["Mã xã"], r["Sóng di động"]) for r in villages[:2]]
    assert listed == [("BAN-004", "Nậm Po", "03434", "Không có sóng"), ("BAN-007", "Pá De", "03434", "Không có sóng")]
    assert len(villages) == 12  # and ten blank rows for a village the register lacks
    assert all(r["Mã thôn, bản"] is None and r["Tên thôn, bản"] is None for r in villages[2:])


def test_agency_template_reports_the_province_figure(loaded):
    wb = book(template(loaded, "SKHCN"))
    rows = {r["Mã chỉ tiêu"]: r for r in records(wb["Số liệu"])}
    reported = {
        code for (code,) in loaded.execute("select code from indicators where reporter_code = 'SKHCN'").fetchall()
    }
    assert set(rows) == reported
    assert rows["HT_5G"]["Mã đơn vị"] == "12"
    assert rows["HT_5G"]["Mục tiêu"] == "≥ 45%"
    assert rows["HT_5G"]["Tên chỉ tiêu"] == "Tỷ lệ phủ sóng 5G trên địa bàn"
    assert rows["BAN_CHUA_BRDD"]["Giá trị kỳ trước"] == "8"
    assert rows["BAN_CHUA_BRDD"]["Kỳ trước"] == "Quý I/2026"
    # The target is the next one not yet due at the end of the month: ≤ 4 by 30/4/2026, then 0 in 2026.
    assert rows["BAN_CHUA_BRDD"]["Mục tiêu"] == "≤ 0"
    april = {r["Mã chỉ tiêu"]: r for r in records(book(template(loaded, "SKHCN", "2026-04"))["Số liệu"])}
    assert (april["BAN_CHUA_BRDD"]["Mục tiêu"], april["BAN_CHUA_BRDD"]["Hạn"]) == ("≤ 4", "trước ngày 30/4/2026")
    assert "HT_5G" not in {r["Mã chỉ tiêu"] for r in records(book(template(loaded, "VPTU"))["Số liệu"])}


def test_a_unit_with_nothing_to_report_is_told_so(loaded):
    data = template(loaded, "BCD")  # the steering committee leads one task and reports no indicator
    ws = book(data)["Số liệu"]
    assert [r["Tên chỉ tiêu"] for r in records(ws)] == ["Đơn vị không có chỉ tiêu nào phải báo cáo."]
    assert len(read_workbook(data).sheets["observations"]) == 0  # the note is not a row of figures


def test_codes_and_context_are_locked_inputs_are_open(loaded):
    wb = book(template(loaded, "03434"))
    for ws in wb.worksheets:
        assert ws.protection.sheet, ws.title
        assert not ws.protection.password, ws.title
    ws = wb["Số liệu"]
    for label in ("Mã chỉ tiêu", "Tên chỉ tiêu", "Mục tiêu", "Giá trị kỳ trước", "Mã đơn vị", "Kỳ"):
        c = cell(ws, "Mã chỉ tiêu", "VNEID", label)
        assert (c.protection.locked, c.fill.fgColor.rgb) == (True, LOCKED), label
    for label in ("Giá trị", "Tử số", "Mẫu số", "Ghi chú"):
        c = cell(ws, "Mã chỉ tiêu", "VNEID", label)
        assert (c.protection.locked, c.fill.fgColor.rgb) == (False, INPUT), label
    ws = wb["Tiến độ nhiệm vụ"]
    assert cell(ws, "Mã nhiệm vụ", "32KH-17", "Tên nhiệm vụ").protection.locked is True
    for label in ("Trạng thái", "Ngày hoàn thành", "Tiến độ (%)", "Ghi chú"):
        assert cell(ws, "Mã nhiệm vụ", "32KH-17", label).protection.locked is False, label
    ws = wb["Thôn, bản"]
    assert cell(ws, "Mã thôn, bản", "BAN-004", "Tên thôn, bản").protection.locked is True
    assert cell(ws, "Mã thôn, bản", "BAN-004", "Sóng di động").protection.locked is False
    assert ws["B5"].protection.locked is False  # the name of a new village
    assert ws["A5"].protection.locked is True  # its code is given by the importer
    assert wb["Số liệu"].freeze_panes == "C2"


def test_numerator_and_denominator_only_for_rates(loaded):
    ws = book(template(loaded, "SKHCN"))["Số liệu"]
    assert cell(ws, "Mã chỉ tiêu", "DVC_TOANTRINH", "Tử số").protection.locked is False  # a percentage
    assert cell(ws, "Mã chỉ tiêu", "BAN_CHUA_BRDD", "Tử số").protection.locked is True  # a count
    assert cell(ws, "Mã chỉ tiêu", "BAN_CHUA_BRDD", "Mẫu số").fill.fgColor.rgb == LOCKED
    assert "Tổng số thủ tục" not in str(cell(ws, "Mã chỉ tiêu", "DVC_TOANTRINH", "Cách tính").value)
    assert "Số thủ tục hành chính có đủ điều kiện" in cell(ws, "Mã chỉ tiêu", "DVC_TOANTRINH", "Cách tính").value


def test_validations_and_formats(loaded):
    wb = book(template(loaded, "03434"))
    ws = wb["Số liệu"]
    value = cell(ws, "Mã chỉ tiêu", "VNEID", "Giá trị")
    dv = validation(ws, value.coordinate)
    assert (dv.type, dv.operator, dv.formula1, dv.formula2) == ("decimal", "between", "0", "100")
    assert dv.showErrorMessage and "từ 0 đến 100" in dv.error and dv.errorTitle == "Tỷ lệ không hợp lệ"
    assert value.number_format == "#,##0.0#"
    denominator = validation(ws, cell(ws, "Mã chỉ tiêu", "VNEID", "Mẫu số").coordinate)
    assert (denominator.type, denominator.operator, denominator.formula1) == ("decimal", "greaterThanOrEqual", "0")

    ws = wb["Tiến độ nhiệm vụ"]
    status = validation(ws, cell(ws, "Mã nhiệm vụ", "32KH-17", "Trạng thái").coordinate)
    assert status.type == "list"
    assert status.formula1 == '"' + ",".join(TASK_STATUS_LABELS.values()) + '"'
    done_on = cell(ws, "Mã nhiệm vụ", "32KH-17", "Ngày hoàn thành")
    assert done_on.number_format == "d/m/yyyy"
    dates = validation(ws, done_on.coordinate)
    assert (dates.type, dates.formula2) == ("date", "DATE(2026,5,31)")  # not after the month reported
    progress = validation(ws, cell(ws, "Mã nhiệm vụ", "32KH-17", "Tiến độ (%)").coordinate)
    assert (progress.type, progress.formula1, progress.formula2) == ("decimal", "0", "100")
    assert cell(ws, "Mã nhiệm vụ", "01TB-01", "Hạn (ngày)").number_format == "d/m/yyyy"

    ws = wb["Thôn, bản"]
    mobile = validation(ws, "F5")  # a blank row too
    assert mobile.formula1 == '"Không có sóng,Sóng chập chờn,3G,4G,5G"'
    assert mobile.formula1.strip('"').split(",") == list(MOBILE_LABELS.values())
    assert validation(ws, "G2").formula1 == '"Có,Không"'
    assert validation(ws, "H12").formula1 == '"Có,Không"'


def test_same_content_same_bytes(loaded):
    assert template(loaded, "03434") == template(loaded, "03434")
    assert template(loaded, "SKHCN", "2026-06") == template(loaded, "SKHCN", "2026-06")


@pytest.mark.parametrize(
    ("unit", "period", "message"),
    [
        ("KHONG_CO", "2026-05", "Không có đơn vị mã “KHONG_CO” trong danh mục."),
        ("G_SBN", "2026-05", "là nhóm đơn vị được giao chung, không tự lập báo cáo"),
        ("BCY", "2026-05", "cơ quan Trung ương"),
        ("12", "2026-05", "là cấp tỉnh"),
        ("SKHCN", "2026-13", "Kỳ báo cáo “2026-13” không hợp lệ"),
        ("SKHCN", "2026-5", "ví dụ 2026-05"),
        ("SKHCN", "2026-Q2", "không hợp lệ"),
    ],
)
def test_who_cannot_report_and_bad_months(loaded, unit, period, message):
    with pytest.raises(ValueError, match=message):
        template(loaded, unit, period)


def test_cli_writes_a_template_and_refuses_bad_input(baseline_db, tmp_path, capsys):
    out = tmp_path / "mau" / "03434.xlsx"
    argv = ["--db", str(baseline_db), "template", "--unit", "03434", "--period", "2026-05", "--out", str(out)]
    assert cli.main(argv) == 0
    assert book(out.read_bytes()).sheetnames == SHEETS
    said = capsys.readouterr().out
    assert "Đã ghi mẫu báo cáo Tháng 5/2026 của Xã Nậm Hàng (03434)" in said
    assert "2 thôn, bản" in said and "Hạn nộp: 30/5/2026" in said

    other = tmp_path / "other.xlsx"
    assert (
        cli.main(["template", "--db", str(baseline_db), "--unit", "G_SBN", "--period", "2026-05", "--out", str(other)])
        == 1
    )
    assert "nhóm đơn vị" in capsys.readouterr().err
    assert (
        cli.main(["template", "--db", str(baseline_db), "--unit", "SKHCN", "--period", "2026-13", "--out", str(other)])
        == 1
    )
    assert "Kỳ báo cáo “2026-13” không hợp lệ" in capsys.readouterr().err
    assert not other.exists()
    missing = tmp_path / "none.duckdb"
    assert (
        cli.main(["--db", str(missing), "template", "--unit", "SKHCN", "--period", "2026-05", "--out", str(other)]) == 1
    )
    assert not missing.exists()
