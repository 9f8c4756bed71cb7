"""The monthly return template: what a clerk downloads, and that a filled template imports as it was filled."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

import queries
from nq57 import cli
from nq57.excel import read_workbook
from nq57.importer import commit, prepare
from nq57.problems import WorkbookRejected
from nq57.template import build_template
from nq57.workbook_format import MOBILE_LABELS, TASK_STATUS_LABELS
from tests.conftest import table_snapshot

TODAY = dt.date(2026, 5, 4)
SHEETS = ["Hướng dẫn", "Thông tin", "Số liệu", "Tiến độ nhiệm vụ", "Thôn, bản"]
INPUT = "00FFF2CC"  # light yellow: cells to fill
LOCKED = "00EDEDED"  # light grey: codes and context


def template(con, unit: str, period: str = "2026-05") -> bytes:
    return build_template(con, unit, period, today=TODAY)


def book(data: bytes):
    return load_workbook(io.BytesIO(data))


def header(ws) -> dict[str, int]:
    """Column number by header label."""
    return {c.value: c.column for c in ws[1] if c.value}


def records(ws) -> list[dict]:
    """Every row under the header as {label: value}."""
    cols = header(ws)
    return [{label: ws.cell(row=r, column=j).value for label, j in cols.items()} for r in range(2, ws.max_row + 1)]


def cell(ws, key_label: str, key, label: str):
    """The cell in column `label` of the row whose `key_label` is `key`."""
    cols = header(ws)
    for r in range(2, ws.max_row + 1):
        if ws.cell(row=r, column=cols[key_label]).value == key:
            return ws.cell(row=r, column=cols[label])
    raise KeyError(key)


def validation(ws, coordinate: str):
    found = [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]
    assert len(found) == 1, f"{ws.title}!{coordinate} has {len(found)} validations"
    return found[0]


def fill(
    data: bytes,
    observations: dict[str, dict] | None = None,
    tasks: dict[str, dict] | None = None,
    villages: dict[str, dict] | None = None,
    new_villages: tuple[dict, ...] = (),
    prepared_by: str = "Lò Văn Minh",
) -> bytes:
    """The template as a clerk fills it: {code: {column label: value}} per sheet, new villages in the blank rows."""
    wb = book(data)
    cell(wb["Thông tin"], "Mục", "Người lập", "Giá trị").value = prepared_by
    for sheet, key_label, rows in (
        ("Số liệu", "Mã chỉ tiêu", observations),
        ("Tiến độ nhiệm vụ", "Mã nhiệm vụ", tasks),
        ("Thôn, bản", "Mã thôn, bản", villages),
    ):
        for code, values in (rows or {}).items():
            for label, value in values.items():
                target = cell(wb[sheet], key_label, code, label)
                assert target.protection.locked is False, f"{sheet}: {code} / {label} is locked"
                target.value = value
    if new_villages:
        ws = wb["Thôn, bản"]
        cols = header(ws)
        blank = [r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=cols["Tên thôn, bản"]).value is None]
        for r, values in zip(blank, new_villages, strict=False):
            for label, value in values.items():
                ws.cell(row=r, column=cols[label]).value = value
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def every_indicator(data: bytes, by_measure: dict[str, object]) -> dict[str, dict]:
    """A value for every indicator row of a template, by its kind (read from its unit of measure)."""
    rows = records(book(data)["Số liệu"])
    return {r["Mã chỉ tiêu"]: {"Giá trị": by_measure[r["Đơn vị tính"]]} for r in rows}


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


# --- the round trip: a filled template imports as it was filled --------------------------------


def import_filled(con, data: bytes, archive, now: dt.datetime):
    prepared = prepare(con, data, "bao_cao.xlsx", now=now)
    result = commit(con, prepared, "Lò Văn Minh", archive, now=now)
    return prepared, result


def test_round_trip_with_numbers(loaded, tmp_path):
    data = template(loaded, "03434")
    figures = every_indicator(data, {"%": 50})
    figures["TTHC_TRUCTUYEN"] = {"Tử số": 45, "Mẫu số": 60}  # the rate computed from its parts
    figures["VNEID"] = {"Giá trị": 62.5, "Ghi chú": "Theo Công an xã"}
    filled = fill(
        data,
        observations=figures,
        tasks={
            "32KH-17": {"Trạng thái": "Đã hoàn thành", "Ngày hoàn thành": dt.date(2026, 5, 15)},
            "32KH-18": {"Trạng thái": "Đang thực hiện", "Tiến độ (%)": 60, "Ghi chú": "Đã lập 5 tổ"},
            "01TB-01": {"Trạng thái": "Chưa triển khai"},
        },
        villages={"BAN-004": {"Sóng di động": "4G", "Cáp quang": "Có", "Điện lưới": "Có"}},
        new_villages=({"Tên thôn, bản": "Bản Mới", "Sóng di động": "Sóng chập chờn", "Cáp quang": "Không"},),
    )
    prepared, result = import_filled(loaded, filled, tmp_path, dt.datetime(2026, 5, 20, 9, 30))
    assert prepared.warnings == []
    assert (prepared.unit_code, prepared.period) == ("03434", "2026-05")
    assert result.row_counts == {"observations": 5, "task_updates": 3, "villages": 3}

    values = dict(
        loaded.execute(
            "select indicator_code, value from current_observations where unit_code = '03434' and period = '2026-05'"
        ).fetchall()
    )
    assert values == {
        "TTHC_TRUCTUYEN": 75.0,
        "VNEID": 62.5,
        "HT_4G_THON": 50.0,
        "CBX_MAYTINH_CKS": 50.0,
        "NL_CBCCXA_KNS": 50.0,
    }
    tasks = loaded.execute(
        "select task_code, status, completed_on, progress, note from current_task_updates order by task_code"
    ).fetchall()
    assert tasks == [
        ("01TB-01", "not_started", None, None, None),
        ("32KH-17", "done", dt.date(2026, 5, 15), 100.0, None),
        ("32KH-18", "in_progress", None, 60.0, "Đã lập 5 tổ"),
    ]
    villages = loaded.execute(
        "select name, mobile, fibre, grid_power, reported_period from current_villages "
        "where commune_code = '03434' order by name"
    ).fetchall()
    assert villages == [
        ("Bản Mới", "patchy", False, None, "2026-05"),
        ("Nậm Po", "4g", True, True, "2026-05"),
        ("Pá De", "none", None, None, "2026-05"),
    ]


def test_next_month_carries_what_was_reported(loaded, tmp_path):
    may = fill(
        template(loaded, "03434"),
        observations=every_indicator(template(loaded, "03434"), {"%": 40}),
        tasks={code: {"Trạng thái": "Đang thực hiện", "Tiến độ (%)": 30} for code in ("32KH-17", "32KH-18", "01TB-01")},
        villages={"BAN-007": {"Sóng di động": "3G"}},
    )
    import_filled(loaded, may, tmp_path, dt.datetime(2026, 5, 25, 8, 0))
    june = book(template(loaded, "03434", "2026-06"))
    vneid = {r["Mã chỉ tiêu"]: r for r in records(june["Số liệu"])}["VNEID"]
    assert (vneid["Giá trị kỳ trước"], vneid["Kỳ trước"], vneid["Giá trị"]) == ("40%", "Tháng 5/2026", None)
    task = {r["Mã nhiệm vụ"]: r for r in records(june["Tiến độ nhiệm vụ"])}["32KH-18"]
    assert (task["Trạng thái"], task["Tiến độ (%)"]) == ("Đang thực hiện", 30)
    assert task["Báo cáo gần nhất"] == "Đang thực hiện, 30% (Tháng 5/2026)"
    village = {r["Mã thôn, bản"]: r for r in records(june["Thôn, bản"])}["BAN-007"]
    assert (village["Sóng di động"], village["Cập nhật gần nhất"]) == ("3G", "Tháng 5/2026")

    # June's template with the figures typed and the rest left as carried forward imports as it stands.
    filled = fill(
        template(loaded, "03434", "2026-06"),
        observations=every_indicator(template(loaded, "03434", "2026-06"), {"%": 45}),
    )
    prepared, _ = import_filled(loaded, filled, tmp_path, dt.datetime(2026, 6, 20, 8, 0))
    assert set(prepared.preview["task_updates"]["change"]) == {"unchanged"}
    assert loaded.execute("select progress from current_task_updates where task_code = '32KH-18'").fetchone() == (30,)


def test_a_later_report_is_not_carried_back_into_an_earlier_months_template(loaded, tmp_path):
    """Found by the any-return property test: after July's return reported a task done on 19/7, February's template
    came prefilled with that completion, and sending it back was refused ("sau kỳ báo cáo")."""
    july = fill(
        template(loaded, "03434", "2026-07"),
        observations=every_indicator(template(loaded, "03434", "2026-07"), {"%": 40}),
        tasks={"32KH-18": {"Trạng thái": "Đã hoàn thành", "Ngày hoàn thành": dt.date(2026, 7, 19)}},
        villages={"BAN-007": {"Sóng di động": "4G"}},
    )
    import_filled(loaded, july, tmp_path, dt.datetime(2026, 7, 25, 8, 0))
    february = book(template(loaded, "03434", "2026-02"))
    task = {r["Mã nhiệm vụ"]: r for r in records(february["Tiến độ nhiệm vụ"])}["32KH-18"]
    assert (task["Trạng thái"], task["Ngày hoàn thành"], task["Báo cáo gần nhất"]) == (None, None, "Chưa có báo cáo")
    village = {r["Mã thôn, bản"]: r for r in records(february["Thôn, bản"])}["BAN-007"]
    assert (village["Sóng di động"], village["Cập nhật gần nhất"]) == ("Không có sóng", "Dữ liệu gốc")
    filled = fill(
        template(loaded, "03434", "2026-02"),
        observations=every_indicator(template(loaded, "03434", "2026-02"), {"%": 30}),
    )
    import_filled(loaded, filled, tmp_path, dt.datetime(2026, 7, 26, 8, 0))  # taken as it stands
    august = {r["Mã nhiệm vụ"]: r for r in records(book(template(loaded, "03434", "2026-08"))["Tiến độ nhiệm vụ"])}
    assert august["32KH-18"]["Trạng thái"] == "Đã hoàn thành"  # a later month still carries it forward


def test_round_trip_with_vietnamese_text(loaded, tmp_path):
    data = template(loaded, "SKHCN", "2026-06")
    kinds = {"%": "45,5", "bản": "5", "thôn/bản": "1.234", "bài toán": "3", "sáng kiến": "12", "chỉ số": "0,72"}
    figures = every_indicator(data, kinds)
    figures["HT_5G"] = {"Giá trị": "45,5%"}
    figures["DVC_TOANTRINH"] = {"Tử số": "1.234", "Mẫu số": "1.500"}
    filled = fill(
        data,
        observations=figures,
        tasks={
            "32KH-03": {"Trạng thái": "Đã hoàn thành", "Ngày hoàn thành": "30/6/2026"},
            "32KH-04": {"Trạng thái": "đang thực hiện", "Tiến độ (%)": "45,5%"},
            "32KH-26": {"Trạng thái": "Đang thực hiện", "Tiến độ (%)": "60"},
            "01TB-01": {"Trạng thái": "Đã hoàn thành", "Ngày hoàn thành": "2026-04-28"},
        },
    )
    prepared, result = import_filled(loaded, filled, tmp_path, dt.datetime(2026, 6, 29, 16, 0))
    assert result.row_counts == {"observations": len(figures), "task_updates": 4}
    values = dict(
        loaded.execute(
            "select indicator_code, value from current_observations where unit_code = '12' and period = '2026-06'"
        ).fetchall()
    )
    assert values["HT_5G"] == 45.5
    assert values["TTHC_SOHOA"] == 45.5
    assert values["THON_CHUA_CAPQUANG"] == 1234
    assert values["CDS_CHISO"] == 0.72
    assert values["DVC_TOANTRINH"] == pytest.approx(82.2666, abs=1e-3)
    tasks = loaded.execute(
        "select task_code, status, completed_on, progress from current_task_updates order by task_code"
    ).fetchall()
    assert tasks == [
        ("01TB-01", "done", dt.date(2026, 4, 28), 100.0),
        ("32KH-03", "done", dt.date(2026, 6, 30), 100.0),
        ("32KH-04", "in_progress", None, 45.5),
        ("32KH-26", "in_progress", None, 60.0),
    ]


# --- a template left blank, in whole or in part -------------------------------------------------

# A clerk fills only what changed: rows left as the template prefilled them are skipped by the reader, and a
# return in which nothing differs from the store is refused with one message.


def test_a_blank_template_writes_nothing(loaded):
    before = {t: table_snapshot(loaded, t) for t in ("uploads", "observations", "task_updates", "village_reports")}
    for unit in ("SKHCN", "03434"):
        with pytest.raises(WorkbookRejected):
            prepare(loaded, template(loaded, unit), "mau_chua_dien.xlsx")
    assert {t: table_snapshot(loaded, t) for t in before} == before


def test_rows_left_blank_are_skipped(loaded, tmp_path):
    data = fill(template(loaded, "SKHCN"), observations={"BAN_CHUA_BRDD": {"Giá trị": "5"}})
    prepared, result = import_filled(loaded, data, tmp_path, dt.datetime(2026, 5, 20, 9, 30))
    assert result.row_counts == {"observations": 1}
    assert list(prepared.preview["observations"]["change"]) == ["new"]


def test_an_untouched_agency_template_is_refused_with_one_message(loaded):
    with pytest.raises(WorkbookRejected) as refused:
        prepare(loaded, template(loaded, "SKHCN"), "mau_chua_dien.xlsx")
    assert [str(p) for p in refused.value.problems] == [
        "Tệp không có dòng số liệu nào (các trang Số liệu, Tiến độ nhiệm vụ, Thôn, bản đều trống)."
    ]


def test_an_untouched_commune_template_is_refused_with_one_message(loaded):
    with pytest.raises(WorkbookRejected) as refused:
        prepare(loaded, template(loaded, "03434"), "mau_chua_dien.xlsx")
    problems = refused.value.problems
    assert len(problems) == 1 and problems[0].row is None, [str(p) for p in problems]
