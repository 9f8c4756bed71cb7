"""Returns that are messy but honest are accepted; duplicate rows and the same file sent twice are refused."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from nq57 import excel
from nq57.excel import arrow
from nq57.importer import import_workbook
from nq57.problems import WorkbookRejected
from tests.refusals import MAY, refused, snapshot
from tests.workbooks import assert_same_reads, return_workbook, vneid_return

# --- messy but honest: accepted ------------------------------------------------------------------


def messy_base() -> bytes:
    """A commune's return with a row on each data sheet, values typed as the template expects."""
    return return_workbook(
        "03434",
        "2026-05",
        observations=[
            {"indicator_code": "VNEID", "value": 45.5},
            {"indicator_code": "HT_4G_THON", "value": 62.5},
            {"indicator_code": "TTHC_TRUCTUYEN", "numerator": 1234, "denominator": 1500},
        ],
        task_updates=[
            {"task_code": "32KH-17", "status": "Đã hoàn thành", "completed_on": dt.date(2026, 5, 15)},
            {"task_code": "32KH-18", "status": "Đang thực hiện", "progress": 60},
        ],
        villages=[{"code": "BAN-004", "name": "Nậm Po", "mobile": "4G", "fibre": False, "grid_power": True}],
    )


DATA_SHEETS = ("Số liệu", "Tiến độ nhiệm vụ", "Thôn, bản")
CODE_COLUMNS = {
    "Thông tin": ("Giá trị",),
    "Số liệu": ("Mã chỉ tiêu", "Mã đơn vị", "Kỳ"),
    "Tiến độ nhiệm vụ": ("Mã nhiệm vụ", "Trạng thái"),
    "Thôn, bản": ("Mã thôn, bản", "Sóng di động"),
}


def edit(wb, title: str, label: str, change) -> None:
    """Apply change(value) to every filled cell under the header `label` (found wherever the column now is)."""
    ws = wb[title]
    column = next(c.column for c in ws[1] if c.value == label)
    for (cell,) in ws.iter_rows(min_row=2, min_col=column, max_col=column):
        if cell.value is not None:
            cell.value = change(cell.value)


def reorder_sheets(wb) -> None:
    for title in reversed(DATA_SHEETS):  # the data sheets first, then the instructions, the info last
        wb.move_sheet(title, offset=-wb.index(wb[title]))
    wb.move_sheet("Thông tin", offset=len(wb.sheetnames) - 1 - wb.index(wb["Thông tin"]))


def extra_columns(wb) -> None:
    for title in DATA_SHEETS:
        ws = wb[title]
        ws.insert_cols(1)
        ws.cell(row=1, column=1, value="STT")
        for row in range(2, ws.max_row + 1):
            ws.cell(row=row, column=1, value=row - 1)
        ws.cell(row=1, column=ws.max_column + 1, value="Ghi chú của xã")
        ws.cell(row=2, column=ws.max_column, value="nhập lại lần 2")


def stray_spaces(wb) -> None:
    for title, labels in CODE_COLUMNS.items():
        for label in labels:
            edit(wb, title, label, lambda v: f" \u00a0{v} \t" if isinstance(v, str) else v)


def blank_rows(wb) -> None:
    for title in DATA_SHEETS:
        ws = wb[title]
        for row in range(ws.max_row, 1, -1):  # two empty rows before every data row, and two after the last
            ws.insert_rows(row, amount=2)
        ws.insert_rows(ws.max_row + 1, amount=2)


def numbers_as_text(wb) -> None:
    edit(wb, "Số liệu", "Giá trị", lambda v: {45.5: "45,5", 62.5: "62,5%"}.get(v, v))
    edit(wb, "Số liệu", "Tử số", lambda v: "1.234" if v == 1234 else v)
    edit(wb, "Số liệu", "Mẫu số", lambda v: "1500" if v == 1500 else v)
    edit(wb, "Tiến độ nhiệm vụ", "Tiến độ (%)", lambda v: "60%" if v == 60 else v)


def dates_as_text(wb) -> None:
    edit(wb, "Tiến độ nhiệm vụ", "Ngày hoàn thành", lambda v: f"{v.day}/{v.month}/{v.year}")


def dates_as_iso_text(wb) -> None:
    edit(wb, "Tiến độ nhiệm vụ", "Ngày hoàn thành", lambda v: v.strftime("%Y-%m-%d"))


def dates_with_a_time(wb) -> None:
    edit(wb, "Tiến độ nhiệm vụ", "Ngày hoàn thành", lambda v: dt.datetime(v.year, v.month, v.day, 8, 30))
    ws = wb["Tiến độ nhiệm vụ"]
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"


EDITS = {
    "as-sent": [],
    "sheets-reordered": [reorder_sheets],
    "extra-columns": [extra_columns],
    "stray-spaces": [stray_spaces],
    "blank-rows": [blank_rows],
    "numbers-as-text": [numbers_as_text],
    "dates-as-text": [dates_as_text],
    "dates-as-iso-text": [dates_as_iso_text],
    "excel-dates-with-time": [dates_with_a_time],
    "all-at-once": [
        numbers_as_text,
        dates_as_text,
        stray_spaces,
        extra_columns,
        blank_rows,
        reorder_sheets,
    ],
}


def messy(edits) -> bytes:
    wb = load_workbook(io.BytesIO(messy_base()))
    for change in edits:
        change(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("edits", EDITS.values(), ids=EDITS.keys())
def test_a_messy_but_honest_return_is_accepted(loaded, archive, edits):
    result = import_workbook(loaded, messy(edits), "xa_nam_hang.xlsx", "clerk", archive, now=MAY)
    assert result.row_counts == {"observations": 3, "task_updates": 2, "villages": 1}
    landed = loaded.execute(
        "select indicator_code, unit_code, period, round(value, 4), numerator, denominator "
        "from observations where upload_id = ? order by indicator_code",
        [result.upload_id],
    ).fetchall()
    assert landed == [
        ("HT_4G_THON", "03434", "2026-05", 62.5, None, None),
        ("TTHC_TRUCTUYEN", "03434", "2026-05", 82.2667, 1234.0, 1500.0),  # computed from 1.234 / 1500
        ("VNEID", "03434", "2026-05", 45.5, None, None),
    ]
    tasks = loaded.execute(
        "select task_code, status, completed_on, progress, period from task_updates where upload_id = ? order by 1",
        [result.upload_id],
    ).fetchall()
    assert tasks == [
        ("32KH-17", "done", dt.date(2026, 5, 15), 100.0, "2026-05"),
        ("32KH-18", "in_progress", None, 60.0, "2026-05"),
    ]
    villages = loaded.execute(
        "select village_code, period, mobile, fibre, grid_power from village_reports where upload_id = ?",
        [result.upload_id],
    ).fetchall()
    assert villages == [("BAN-004", "2026-05", "4g", False, True)]


def bad_cells(wb) -> None:
    edit(wb, "Số liệu", "Giá trị", lambda v: "khoảng 45" if v == 45.5 else v)
    edit(wb, "Tiến độ nhiệm vụ", "Trạng thái", lambda v: "Xong rồi" if v == "Đang thực hiện" else v)
    edit(wb, "Thôn, bản", "Sóng di động", lambda v: "6G")
    edit(wb, "Tiến độ nhiệm vụ", "Ngày hoàn thành", lambda v: "31/2/2026")


@pytest.mark.parametrize("edits", [*EDITS.values(), [bad_cells]], ids=[*EDITS.keys(), "bad-cells"])
def test_a_return_reads_the_same_through_fastexcel_as_through_calamine_cells(monkeypatch, edits):
    data = messy(edits)
    read = excel.read_workbook(data)
    monkeypatch.setattr(arrow, "load_table", lambda *args: None)
    assert_same_reads(read, excel.read_workbook(data))


# --- duplicates and the same file twice ----------------------------------------------------------------


def test_a_duplicate_row_is_refused_naming_both_rows(shared, archive):
    data = vneid_return({"value": 40}, {"value": 41})
    assert refused(shared, data, archive) == ["Trang “Số liệu”, dòng 3: Dòng trùng với dòng 2."]


def test_a_duplicate_hidden_by_spaces_and_blank_rows_is_refused(shared, archive):
    wb = load_workbook(
        io.BytesIO(vneid_return({"value": 40}, {"value": 41}, {"indicator_code": "HT_4G_THON", "value": 5}))
    )
    ws = wb["Số liệu"]
    ws.insert_rows(3, amount=2)
    ws["A5"] = " VNEID "
    buffer = io.BytesIO()
    wb.save(buffer)
    assert refused(shared, buffer.getvalue(), archive) == ["Trang “Số liệu”, dòng 5: Dòng trùng với dòng 2."]


def test_a_duplicate_with_the_period_written_differently_is_refused(loaded, archive):
    data = vneid_return({"value": 40}, {"value": 41, "period": "2026-5"})
    assert refused(loaded, data, archive) == ["Trang “Số liệu”, dòng 3: Dòng trùng với dòng 2."]


def test_the_same_file_twice_is_recognised(loaded, archive):
    data = messy_base()
    first = import_workbook(loaded, data, "bao_cao_thang_5.xlsx", "Nguyễn Văn A", archive, now=MAY)
    archived = sorted(archive.iterdir())
    before = snapshot(loaded)
    with pytest.raises(WorkbookRejected) as info:
        import_workbook(loaded, data, "bao_cao_thang_5 (1).xlsx", "Trần Thị B", archive, now=MAY)
    assert [str(p) for p in info.value.problems] == [
        f"Tệp này đã được nhập ngày 20/5/2026 (lần nhập số {first.upload_id}, tệp “bao_cao_thang_5.xlsx”, "
        "người nhập Nguyễn Văn A); không nhập lại."
    ]
    assert snapshot(loaded) == before
    assert sorted(archive.iterdir()) == archived
