"""Small Excel exports of lists a leader reads out (the deadlines ahead), formatted for print, cells neutralised."""

import datetime as dt
import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from nq57 import fmt
from nq57.pack import neutralise

_HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")


def deadlines_workbook(rows: pd.DataFrame, as_of: dt.date, days: int) -> bytes:
    """The overdue tasks and those due within `days` of as_of, one row each, in the order read out."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Nhiệm vụ đến hạn"
    ws["A1"] = neutralise(f"Nhiệm vụ quá hạn và đến hạn trong {days} ngày tới, tính đến ngày {fmt.date(as_of)}")
    ws["A1"].font = Font(bold=True, size=14)
    headers = ["Mã", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn", "Hạn", "Trạng thái",
               "Số ngày quá hạn", "Còn (ngày)", "Báo cáo gần nhất", "Văn bản giao"]  # fmt: skip
    widths = [10, 60, 34, 34, 18, 12, 22, 10, 10, 14, 16]
    for j, (title, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=3, column=j, value=title)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(j)].width = width
    for i, r in enumerate(rows.itertuples(index=False), start=4):
        values = [
            r.code, r.name, r.lead, r.partners, r.deadline_text,
            None if pd.isna(r.deadline) else pd.Timestamp(r.deadline).date(),
            r.state_label,
            None if pd.isna(r.days_overdue) else int(r.days_overdue),
            None if pd.isna(r.days_left) else int(r.days_left),
            None if pd.isna(r.report_date) else pd.Timestamp(r.report_date).date(),
            r.plan,
        ]  # fmt: skip
        for j, value in enumerate(values, start=1):
            cell = ws.cell(row=i, column=j, value=neutralise(None if value is pd.NA else value))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(value, dt.date):
                cell.number_format = "d/m/yyyy"
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _sheet(ws, title: str, table: pd.DataFrame, widths: list[int]) -> None:
    """A title in A1, bold white headers in row 3, then the rows: every cell neutralised, dates as dates."""
    ws["A1"] = neutralise(title)
    ws["A1"].font = Font(bold=True, size=14)
    for j, (header, width) in enumerate(zip(table.columns, widths, strict=True), start=1):
        cell = ws.cell(row=3, column=j, value=neutralise(str(header)))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(j)].width = width
    for i, row in enumerate(table.itertuples(index=False), start=4):
        for j, value in enumerate(row, start=1):
            if value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
                value = None
            elif hasattr(value, "item"):  # numpy scalars
                value = value.item()
            cell = ws.cell(row=i, column=j, value=neutralise(value))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(value, dt.date):
                cell.number_format = "d/m/yyyy"
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def gap_register_workbook(register: pd.DataFrame, reconciliation: pd.DataFrame, as_of: dt.date) -> bytes:
    """The villages with a coverage gap, most urgent first, and the documents' totals beside the register's counts.

    register: nq57.coverage.register_table; reconciliation: nq57.coverage.reconcile.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "Sổ lõm sóng"
    widths = [8, 22, 20, 30, 16, 11, 11, 12, 20, 12, 20, 30, 28, 30, 50][: len(register.columns)]
    widths += [16] * (len(register.columns) - len(widths))
    _sheet(ws, f"Thôn, bản còn thiếu hạ tầng số (sóng di động, cáp quang, điện lưới), đến ngày {fmt.date(as_of)}",
           register, widths)  # fmt: skip
    _sheet(wb.create_sheet("Đối chiếu"), "Đối chiếu với số liệu của văn bản", reconciliation,
           [32, 12, 12, 40, 14, 12, 50, 40][: len(reconciliation.columns)])  # fmt: skip
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def table_workbook(frame: pd.DataFrame, title: str, sheet: str) -> bytes:
    """Any small table as a titled, printable sheet, every cell neutralised (the audit log, a register)."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ws["A1"] = neutralise(title)
    ws["A1"].font = Font(bold=True, size=14)
    for j, name in enumerate(frame.columns, start=1):
        cell = ws.cell(row=3, column=j, value=neutralise(str(name)))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _HEADER_FILL
        ws.column_dimensions[get_column_letter(j)].width = 18 if j > 1 else 12
    for i, row in enumerate(frame.itertuples(index=False), start=4):
        for j, value in enumerate(row, start=1):
            if value is None or value is pd.NA or (isinstance(value, float) and value != value):
                value = None
            elif isinstance(value, pd.Timestamp):
                value = value.to_pydatetime()
            cell = ws.cell(row=i, column=j, value=neutralise(value))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(value, dt.datetime):
                cell.number_format = "hh:mm d/m/yyyy"
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
