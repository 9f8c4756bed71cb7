"""The locked table every sheet of a return template is: a header row, locked context (grey) and unlocked cells to fill
(light yellow) that Excel itself checks, with Vietnamese messages."""

import math
from dataclasses import dataclass

import pandas as pd
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from nq57 import fmt, workbook_format, xlsx_style, xlsx_text
from nq57.periods import Period

FONT = "Calibri"  # the workbook's default font: headings in the same face
INPUT_FILL = xlsx_style.solid("FFF2CC")
LOCKED_FILL = xlsx_style.solid("EDEDED")
BORDER = xlsx_style.thin_border("BFBFBF")
UNLOCKED = Protection(locked=False)
DECIMAL_FORMAT = "#,##0.0#"
YES, NO = "Có", "Không"


def missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


@dataclass(frozen=True)
class Col:
    """A column of a table: its header, its width and whether its text wraps."""

    label: str
    width: float
    wrap: bool = False


@dataclass(frozen=True)
class Cell:
    """One cell of a table: a value, whether the clerk fills it in, its number format and its validation."""

    value: object = None
    editable: bool = False
    number_format: str | None = None
    check: str | None = None


def _validation(kind: str, title: str, message: str, **rule) -> DataValidation:
    dv = DataValidation(
        type=kind,
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorStyle="stop",
        errorTitle=title,
        error=message,
        promptTitle=title.replace(" không hợp lệ", ""),
        prompt=message,
        **rule,
    )
    return dv


def _choices(labels) -> str:
    return '"' + ",".join(labels) + '"'


def validations(month: Period) -> dict[str, DataValidation]:
    """Excel's own checks on the input cells, with Vietnamese messages; the importer checks everything again."""
    end = month.end
    return {
        "percent": _validation(
            "decimal",
            "Tỷ lệ không hợp lệ",
            "Ghi tỷ lệ phần trăm từ 0 đến 100, ví dụ 45,5 (không ghi 0,455).",
            operator="between",
            formula1="0",
            formula2="100",
        ),
        "number": _validation(
            "decimal",
            "Số không hợp lệ",
            "Ghi một số không âm, ví dụ 1.234 hoặc 45,5.",
            operator="greaterThanOrEqual",
            formula1="0",
        ),
        "yesno": _validation(
            "whole",
            "Giá trị không hợp lệ",
            "Chỉ tiêu có/không: ghi 1 nếu đã có, 0 nếu chưa có.",
            operator="between",
            formula1="0",
            formula2="1",
        ),
        "status": _validation(
            "list",
            "Trạng thái không hợp lệ",
            "Chọn trong danh sách: " + ", ".join(workbook_format.TASK_STATUS_LABELS.values()) + ".",
            formula1=_choices(workbook_format.TASK_STATUS_LABELS.values()),
        ),
        "date": _validation(
            "date",
            "Ngày không hợp lệ",
            f"Ghi ngày dạng ngày/tháng/năm, ví dụ 30/6/2026, không sau {fmt.date(end)} (cuối kỳ báo cáo). "
            "Bắt buộc khi nhiệm vụ đã hoàn thành.",
            operator="between",
            formula1="DATE(2020,1,1)",
            formula2=f"DATE({end.year},{end.month},{end.day})",
        ),
        "progress": _validation(
            "decimal",
            "Tiến độ không hợp lệ",
            "Ghi phần trăm công việc đã làm, từ 0 đến 100, ví dụ 60.",
            operator="between",
            formula1="0",
            formula2="100",
        ),
        "mobile": _validation(
            "list",
            "Sóng di động không hợp lệ",
            "Chọn trong danh sách: " + ", ".join(workbook_format.MOBILE_LABELS.values()) + ".",
            formula1=_choices(workbook_format.MOBILE_LABELS.values()),
        ),
        "yes_no": _validation(
            "list", "Giá trị không hợp lệ", f"Chọn “{YES}” hoặc “{NO}”.", formula1=_choices((YES, NO))
        ),
    }


def lines(text: object, width: float) -> int:
    """How many lines a wrapped text takes in a column of this width (words wrapped whole, a little spare)."""
    if missing(text) or text is None:
        return 1
    per_line = max(1, int(width))
    count = 0
    for part in str(text).split("\n"):
        count += 1
        used = 0
        for word in part.split():
            if used and used + 1 + len(word) > per_line:
                count += 1
                used = 0
            used += len(word) + (1 if used else 0)
    return count


def protect(ws: Worksheet) -> None:
    """Lock the sheet without a password; column widths and row heights may still be changed."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def page(ws: Worksheet, table: bool = True) -> None:
    """Print on A4 landscape, as wide as the page; a table repeats its header row on every page."""
    xlsx_style.fit_to_width(ws, title_rows="1:1" if table else None, one_page=not table)


def code_width(codes, least: float = 10) -> float:
    """A code column wide enough for its longest code."""
    return max([least, *(len(str(c)) + 2 for c in codes)])


def table(
    ws: Worksheet,
    columns: list[Col],
    rows: list[list],
    checks: dict[str, DataValidation],
    freeze: str,
    empty: str | None = None,
):
    """A header row and one row per record; plain values are locked context, Cell values say what they are.

    With no record, the second column of the first row says so (a column the importer does not read).
    """
    if not rows and empty:
        rows = [[None, empty, *[None] * (len(columns) - 2)]]
    xlsx_style.header_row(
        ws,
        1,
        [col.label for col in columns],
        [col.width for col in columns],
        font=Font(name=FONT, bold=True),
        fill=xlsx_style.RETURN_HEADER_FILL,
        alignment=xlsx_style.CENTRED,
        border=BORDER,
    )
    ws.row_dimensions[1].height = 15 * max(lines(c.label, c.width) for c in columns) + 6
    used: dict[str, list[str]] = {}
    for i, values in enumerate(rows, start=2):
        height = 1
        for j, (col, raw) in enumerate(zip(columns, values, strict=True), start=1):
            spec = raw if isinstance(raw, Cell) else Cell(raw)
            cell = xlsx_text.put(ws, i, j, spec.value)
            cell.border = BORDER
            cell.alignment = Alignment(wrap_text=col.wrap, vertical="top")
            if spec.editable:
                cell.protection = UNLOCKED
                cell.fill = INPUT_FILL
            else:
                cell.fill = LOCKED_FILL
            if spec.number_format:
                cell.number_format = spec.number_format
            elif isinstance(spec.value, str):
                cell.number_format = xlsx_style.TEXT_FORMAT
            if spec.check:
                used.setdefault(spec.check, []).append(cell.coordinate)
            if col.wrap:
                height = max(height, lines(spec.value, col.width))
        if height > 1:
            ws.row_dimensions[i].height = 15 * height + 3
    for key, cells in used.items():
        dv = checks[key]
        for coordinate in cells:
            dv.add(coordinate)
        ws.add_data_validation(dv)
    ws.freeze_panes = freeze
    protect(ws)
    page(ws)
