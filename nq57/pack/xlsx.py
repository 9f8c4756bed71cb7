"""The meeting pack as an Excel workbook: a summary, every indicator by group, tasks past their deadline, villages
without signal; every text cell written by nq57.xlsx_text.put."""

import io
import math
import re

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from nq57 import fmt, xlsx_style, xlsx_text
from nq57.board import status_counts
from nq57.pack import common
from nq57.periods import as_date
from nq57.xlsx_text import neutralise

_BORDER = xlsx_style.thin_border("A0AEC0")
_GROUP_FILL = xlsx_style.solid(common.PALE_GREY)
_SAMPLE_FILL = xlsx_style.solid("FFF3BF")
_SAMPLE_FONT = Font(bold=True, color="9C4221")

_BOARD_HEADERS = [
    "Mã", "Chỉ tiêu", "Giá trị", "Kỳ", "Ngày báo cáo", "Mục tiêu", "Hạn", "Trạng thái", "Giải thích", "Nguồn",
    "Ghi chú",
]  # fmt: skip
_BOARD_WIDTHS = [9, 42, 13, 13, 13, 13, 12, 18, 50, 40, 13]
_NUMBER_TEXT = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?%?$|^-?\d+(,\d+)?%?$")


def _numeric_cell(value, value_text) -> tuple[float, str] | None:
    """The number and an Excel format when the value is shown as a plain number or percent; None for '137/240' etc."""
    if (
        not common.missing(value)
        and common.missing(value_text)
        and isinstance(value, int | float)
        and math.isfinite(value)
    ):
        return float(value), "General"
    if common.missing(value) or not isinstance(value_text, str):
        return None
    text = value_text.strip()
    if not _NUMBER_TEXT.match(text):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if math.isinf(number):
        return None
    decimals = len(text.rstrip("%").split(",")[1]) if "," in text else 0
    code = "#,##0" + ("." + "0" * decimals if decimals else "")
    if text.endswith("%"):
        code += '"%"'
    return number, code


def _put(ws: Worksheet, row: int, col: int, value, number_format: str | None = None):
    """Write one cell: text neutralised and forced to a string cell, dates as real dates, numbers as numbers."""
    cell = xlsx_text.put(ws, row, col, value)
    if number_format:
        cell.number_format = number_format
    cell.alignment = xlsx_style.WRAP_TOP
    cell.border = _BORDER
    return cell


def _date_value(value):
    return as_date(value) if not common.missing(value) else None


def _header(ws: Worksheet, titles: list[str], widths: list[float]) -> None:
    xlsx_style.header_row(
        ws, 1, titles, widths, font=xlsx_style.WHITE_BOLD, fill=xlsx_style.NAVY_FILL, alignment=xlsx_style.CENTRED,
        border=_BORDER,
    )  # fmt: skip
    ws.row_dimensions[1].height = 32


def _print_setup(ws: Worksheet, header_rows: str | None = "1:1", portrait: bool = False) -> None:
    xlsx_style.fit_to_width(ws, title_rows=header_rows, portrait=portrait)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    if header_rows:
        ws.freeze_panes = f"A{int(header_rows.split(':')[1]) + 1}"


def _empty_note(ws: Worksheet, row: int, ncols: int, text: str) -> None:
    cell = _put(ws, row, 1, text)
    cell.font = Font(italic=True, color=common.MUTED)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)


def _paragraphs(meta: dict) -> list[str]:
    return [p for p in str(meta.get("rule") or "").split("\n\n") if p] or [""]


def _summary_sheet(ws: Worksheet, board: pd.DataFrame, meta: dict) -> None:
    ws.title = "Tóm tắt"
    xlsx_style.set_width(ws, 1, 30)
    xlsx_style.set_width(ws, 2, 70)
    ws.sheet_view.showGridLines = False
    title = meta.get("title") or common.DEFAULT_TITLE
    cell = xlsx_text.put(ws, 1, 1, str(title))
    cell.data_type = "s"
    cell.font = Font(bold=True, size=16, color=common.NAVY)
    cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws.merge_cells("A1:B1")
    ws.row_dimensions[1].height = 42
    row = 3
    if meta.get("has_sample"):
        cell = xlsx_text.put(ws, row, 1, f"CẢNH BÁO: {common.SAMPLE_WARNING}. Không dùng để báo cáo.")
        cell.font = Font(bold=True, size=14, color=xlsx_style.WHITE)
        cell.fill = xlsx_style.solid(common.RED)
        cell.alignment = xlsx_style.CENTRED
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        ws.row_dimensions[row].height = 36
        row += 2
    facts = [
        ("Kỳ báo cáo", meta.get("period_label") or "", None),
        ("Số liệu tính đến ngày", _date_value(meta.get("as_of")), xlsx_style.DATE_FORMAT),
        ("Thời điểm lập", meta.get("generated_at"), xlsx_style.DATETIME_FORMAT),
        # One row per paragraph of the rule (tasks, then indicators): a cell holds at most 409 points of height.
        *((("Quy tắc đánh giá" if i == 0 else ""), para, None) for i, para in enumerate(_paragraphs(meta))),
        ("Số chỉ tiêu có mục tiêu", len(board), xlsx_style.COUNT_FORMAT),
        *((label, text, None) for label, text in meta.get("task_facts") or ()),
    ]
    for label, value, number_format in facts:
        _put(ws, row, 1, label).font = xlsx_style.BOLD
        cell = _put(ws, row, 2, value, number_format)
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
        if isinstance(value, str) and len(value) > 70:
            ws.row_dimensions[row].height = min(409, 15 * (len(value) // 70 + 1))
        row += 1
    row += 1
    for col, title in enumerate(("Trạng thái", "Số chỉ tiêu"), start=1):
        cell = _put(ws, row, col, title)
        cell.fill = xlsx_style.NAVY_FILL
        cell.font = xlsx_style.WHITE_BOLD
    row += 1
    counts = status_counts(board, with_no_target=True)
    for _code, label, colour, n in counts:
        cell = _put(ws, row, 1, label)
        cell.fill = xlsx_style.solid(common.hex_colour(colour))
        cell.font = xlsx_style.WHITE_BOLD
        _put(ws, row, 2, n, xlsx_style.COUNT_FORMAT).alignment = Alignment(horizontal="left")
        row += 1
    if not counts:
        _put(ws, row, 1, "Chưa có chỉ tiêu nào")
        _put(ws, row, 2, 0, xlsx_style.COUNT_FORMAT).alignment = Alignment(horizontal="left")
        row += 1
    if board["sample"].map(common.is_sample).any():
        row += 1
        note = f"Dòng tô vàng, ghi “{common.SAMPLE_LABEL}” ở cột Ghi chú: số liệu mẫu, không phải số liệu thật."
        cell = _put(ws, row, 1, note)
        cell.fill = _SAMPLE_FILL
        cell.font = _SAMPLE_FONT
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    _print_setup(ws, header_rows=None, portrait=True)


def _group_row(ws: Worksheet, row: int, ncols: int, rec: dict) -> None:
    group = common.text(rec["group_code"])
    head = " ".join(s for s in (group + ("." if group else ""), common.text(rec["group_name"])) if s)
    cell = _put(ws, row, 1, head or "Nhóm chưa rõ")
    for col in range(1, ncols + 1):
        ws.cell(row=row, column=col).fill = _GROUP_FILL
    cell.font = Font(bold=True, size=12, color=common.NAVY)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)


def _board_sheet(ws: Worksheet, board: pd.DataFrame) -> None:
    _header(ws, _BOARD_HEADERS, _BOARD_WIDTHS)
    ncols = len(_BOARD_HEADERS)
    row = 2
    if board.empty:
        _empty_note(ws, row, ncols, common.NO_INDICATORS)
    group = object()
    for rec in common.sorted_board(board).to_dict("records"):
        if rec["group_code"] != group:
            group = rec["group_code"]
            _group_row(ws, row, ncols, rec)
            row += 1
        name = common.text(rec["name"])
        unit = common.text(rec["unit_of_measure"])
        if unit and unit not in ("%",):
            name = f"{name} ({unit})"
        _put(ws, row, 1, rec["code"])
        _put(ws, row, 2, name)
        numeric = _numeric_cell(rec["value"], rec["value_text"])
        if numeric:
            _put(ws, row, 3, numeric[0], numeric[1]).alignment = Alignment(horizontal="right", vertical="top")
        else:
            text = rec["value_text"] if not common.missing(rec["value_text"]) else fmt.DASH
            _put(ws, row, 3, text).alignment = Alignment(horizontal="right", vertical="top", wrap_text=True)
        _put(ws, row, 4, rec["period_label"])
        _put(ws, row, 5, _date_value(rec["reported_on"]), xlsx_style.DATE_FORMAT)
        _put(ws, row, 6, rec["target_text"])
        deadline = _date_value(rec["deadline"])
        if deadline is not None:
            _put(ws, row, 7, deadline, xlsx_style.DATE_FORMAT)
        else:
            _put(ws, row, 7, rec["deadline_text"])
        cell = _put(ws, row, 8, rec["status_label"])
        cell.fill = xlsx_style.solid(common.pale(rec["status_colour"]))
        cell.font = Font(bold=True, color=common.hex_colour(rec["status_colour"]))
        _put(ws, row, 9, rec["explanation"])
        _put(ws, row, 10, rec["source"])
        if common.is_sample(rec["sample"]):
            _put(ws, row, 11, common.SAMPLE_LABEL).font = _SAMPLE_FONT
            for col in (1, 2, 3, 11):
                ws.cell(row=row, column=col).fill = _SAMPLE_FILL
        else:
            _put(ws, row, 11, None)
        row += 1
    _print_setup(ws)


def _tasks_sheet(ws: Worksheet, tasks: pd.DataFrame) -> None:
    _header(ws, common.TASK_HEADERS, [18, 60, 30, 14, 26, 14])
    if tasks.empty:
        _empty_note(ws, 2, len(common.TASK_HEADERS), common.NO_TASKS)
    for row, rec in enumerate(common.tasks_sorted(tasks).to_dict("records"), start=2):
        _put(ws, row, 1, rec["code"])
        _put(ws, row, 2, rec["name"])
        _put(ws, row, 3, rec["lead"])
        deadline = _date_value(rec["deadline"])
        if deadline is not None:
            _put(ws, row, 4, deadline, xlsx_style.DATE_FORMAT)
        else:
            _put(ws, row, 4, rec["deadline_text"] if not common.missing(rec["deadline_text"]) else fmt.DASH)
        _put(ws, row, 5, rec["state_label"])
        days = rec["days_late"]
        _put(ws, row, 6, int(days) if not common.missing(days) else None, xlsx_style.COUNT_FORMAT)
    _print_setup(ws)


def _villages_sheet(ws: Worksheet, villages: pd.DataFrame) -> None:
    _header(ws, common.VILLAGE_HEADERS, [28, 24, 18, 12, 40])
    if villages.empty:
        _empty_note(ws, 2, len(common.VILLAGE_HEADERS), common.NO_VILLAGES)
    for row, rec in enumerate(villages.to_dict("records"), start=2):
        for col, key in enumerate(common.VILLAGE_COLUMNS, start=1):
            _put(ws, row, col, rec[key])
    _print_setup(ws)


def board_workbook(
    board: pd.DataFrame, history: pd.DataFrame, tasks: pd.DataFrame, villages: pd.DataFrame, meta: dict
) -> bytes:
    """The meeting pack as .xlsx: 'Tóm tắt', 'Chỉ tiêu', 'Nhiệm vụ đã qua hạn', 'Thôn, bản chưa có sóng'.

    `history` is accepted for symmetry with `board_slides` (the trend lives on the slides).
    """
    board, _, tasks, villages, meta = common.inputs(board, history, tasks, villages, meta)
    wb = Workbook()
    _summary_sheet(wb.active, board, meta)
    _board_sheet(wb.create_sheet("Chỉ tiêu"), board)
    _tasks_sheet(wb.create_sheet(common.TASKS_TITLE), tasks)
    _villages_sheet(wb.create_sheet("Thôn, bản chưa có sóng"), villages)
    title = meta.get("title")
    if isinstance(title, str):
        wb.properties.title = neutralise(title)[:250]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
