"""Small Excel exports of lists a leader reads out (the deadlines ahead), formatted for print, cells neutralised."""

import datetime as dt
import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from nq57 import fmt, xlsx_style, xlsx_text


def _sheet(ws, title: str, table: pd.DataFrame, widths: list[int]) -> None:
    """A title in A1, bold white headers in row 3, then the rows: every cell neutralised, dates as dates."""
    xlsx_text.put(ws, 1, 1, title)
    ws["A1"].font = Font(bold=True, size=14)
    xlsx_style.header_row(
        ws,
        3,
        [str(header) for header in table.columns],
        widths,
        font=xlsx_style.WHITE_BOLD,
        fill=xlsx_style.NAVY_FILL,
        alignment=xlsx_style.WRAP_TOP,
    )
    for i, row in enumerate(table.itertuples(index=False), start=4):
        for j, value in enumerate(row, start=1):
            cell = xlsx_text.put(ws, i, j, value)
            value = cell.value
            cell.alignment = xlsx_style.WRAP_TOP
            if isinstance(value, dt.datetime):
                cell.number_format = xlsx_style.DATETIME_FORMAT
            elif isinstance(value, dt.date):
                cell.number_format = xlsx_style.DATE_FORMAT
    ws.freeze_panes = "A4"
    xlsx_style.fit_to_width(ws, title_rows="3:3", a4=False)


def gap_register_workbook(register: pd.DataFrame, reconciliation: pd.DataFrame, as_of: dt.date) -> bytes:
    """The villages with a coverage gap, most urgent first, and the documents' totals beside the register's counts.

    register: nq57.coverage.register_table; reconciliation: nq57.coverage.reconcile.
    """
    widths = [8, 22, 20, 30, 16, 11, 11, 12, 20, 12, 20, 30, 28, 30, 50][: len(register.columns)]
    widths += [16] * (len(register.columns) - len(widths))
    title = f"Thôn, bản còn thiếu hạ tầng số (sóng di động, cáp quang, điện lưới), đến ngày {fmt.date(as_of)}"
    return _book(
        [
            ("Sổ lõm sóng", title, register, widths),
            ("Đối chiếu", "Đối chiếu với số liệu của văn bản", reconciliation,
             [32, 12, 12, 40, 14, 12, 50, 40][: len(reconciliation.columns)]),
        ]
    )  # fmt: skip


def _book(sheets: list[tuple[str, str, pd.DataFrame, list[int]]]) -> bytes:
    """A workbook of (sheet name, title, table, column widths), each sheet written by _sheet."""
    wb = Workbook()
    for k, (name, title, table, widths) in enumerate(sheets):
        ws = wb.active if k == 0 else wb.create_sheet()
        ws.title = name[:31]
        _sheet(ws, title, table, widths)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def deadlines_workbook(rows: pd.DataFrame, as_of: dt.date, days: int) -> bytes:
    """The tasks past their deadline (reported overdue, then not reported since the deadline) and those due within
    `days` of as_of, one row each, in the order read out (nq57.task_rules.deadlines_ahead)."""

    def day(values):
        return [None if pd.isna(v) else pd.Timestamp(v).date() for v in values]

    table = pd.DataFrame(
        {
            "Mã": rows["code"],
            "Nhiệm vụ": rows["name"],
            "Cơ quan chủ trì": rows["lead"],
            "Cơ quan phối hợp": rows["partners"],
            "Thời hạn": rows["deadline_text"],
            "Hạn": day(rows["deadline"]),
            "Trạng thái": rows["state_label"],
            "Số ngày kể từ hạn": rows["days_overdue"],
            "Còn (ngày)": rows["days_left"],
            "Báo cáo gần nhất": day(rows["report_date"]),
            "Văn bản giao": rows["plan"],
            "Cùng việc với": rows["linked"] if "linked" in rows else None,
        }
    )
    title = f"Nhiệm vụ đã qua hạn và đến hạn trong {days} ngày tới, tính đến ngày {fmt.date(as_of)}"
    return _book([("Nhiệm vụ đến hạn", title, table, [10, 60, 34, 34, 18, 12, 22, 10, 10, 14, 16, 12])])


def table_workbook(frame: pd.DataFrame, title: str, sheet: str) -> bytes:
    """Any small table as a titled, printable sheet, every cell neutralised (the audit log, a register)."""
    return _book([(sheet, title, frame, [12] + [18] * (len(frame.columns) - 1))])


def national_workbook(rows: pd.DataFrame, title: str) -> bytes:
    """Our figures under the national indicators' codes (nq57.national.export_frame), one row per mapping, by set and
    national code, for typing or pasting into the national system; every cell neutralised."""
    widths = [34, 14, 44, 16, 20, 44, 12, 18, 16, 24, 44, 50, 50][: len(rows.columns)]
    return _book([("Chỉ tiêu quốc gia", title, rows, widths + [16] * (len(rows.columns) - len(widths)))])
