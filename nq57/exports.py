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
