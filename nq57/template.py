"""The monthly return template of one reporting unit: an .xlsx a clerk fills in and uploads on “Nộp báo cáo”.

Its sheets and column labels are those of nq57.workbook_format, so a filled template is read like any other return; the
columns the reader does not know (names, targets, last values) are context for the clerk and ignored on import.
Codes and context are locked (grey), the cells to fill are unlocked (light yellow) and checked by Excel itself.
"""

import datetime as dt
import math
import re
from dataclasses import dataclass

import duckdb
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

import queries
from nq57 import codes, fmt, workbook_format, xlsx_style, xlsx_text
from nq57.periods import Period, as_date, parse_period, return_due

COMMUNE_KINDS = ("commune", "ward")
REPORTING_KINDS = (*COMMUNE_KINDS, "agency", "enterprise")
RATE_MEASURES = ("percent", "ratio")  # a value that may be given as numerator and denominator
NEW_VILLAGE_ROWS = 10

FONT = "Calibri"  # the workbook's default font: headings in the same face
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
LOCKED_FILL = PatternFill("solid", fgColor="EDEDED")
_EDGE = Side(style="thin", color="BFBFBF")
BORDER = Border(left=_EDGE, right=_EDGE, top=_EDGE, bottom=_EDGE)
UNLOCKED = Protection(locked=False)

DATE_FORMAT = "d/m/yyyy"
TEXT_FORMAT = "@"
COUNT_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0#"
NUMBER_FORMATS = {"percent": DECIMAL_FORMAT, "index": DECIMAL_FORMAT}  # other measures are whole numbers

YES, NO = "Có", "Không"
OBS, TASKS, VILLAGES = workbook_format.OBSERVATIONS, workbook_format.TASK_UPDATES, workbook_format.VILLAGES


def _label(sheet: workbook_format.Sheet, key: str) -> str:
    return sheet.column(key).label


# --- what goes in a template ---------------------------------------------------------------------


@dataclass
class TemplateContent:
    """The rows of one unit's template for one month, read from the store."""

    unit_code: str
    unit_name: str
    unit_kind: str
    period: Period
    indicators: pd.DataFrame
    tasks: pd.DataFrame
    villages: pd.DataFrame | None = None  # communes and wards only

    @property
    def due(self) -> dt.date:
        return return_due(self.period.code)


def check_period(period: str) -> Period:
    """The month of a template, given strictly as YYYY-MM; ValueError with a Vietnamese message otherwise."""
    text = str(period).strip()
    if re.fullmatch(r"\d{4}-\d{2}", text) and 1 <= int(text[5:]) <= 12:
        return parse_period(text)
    raise ValueError(f"Kỳ báo cáo “{period}” không hợp lệ; ghi tháng dạng năm-tháng, ví dụ 2026-05.")


def collect(con: duckdb.DuckDBPyConnection, unit_code: str, period: str) -> TemplateContent:
    """Everything one unit reports for one month; ValueError (in Vietnamese) for a unit that cannot report."""
    month = check_period(period)
    unit_code = str(unit_code).strip()
    found = queries.frame(con, "returns/template_unit", unit_code=unit_code)
    if not len(found):
        raise ValueError(f"Không có đơn vị mã “{unit_code}” trong danh mục.")
    unit = found.iloc[0]
    name, kind = str(unit["name"]), str(unit["kind"])
    if kind == "group":
        raise ValueError(
            f"“{name}” ({unit_code}) là nhóm đơn vị được giao chung, không tự lập báo cáo; "
            "hãy tải mẫu cho từng đơn vị trong nhóm."
        )
    if kind == "central":
        raise ValueError(f"“{name}” ({unit_code}) là cơ quan Trung ương, không gửi báo cáo tháng cho tỉnh.")
    if kind not in REPORTING_KINDS:
        raise ValueError(
            f"“{name}” ({unit_code}) là cấp tỉnh: số liệu toàn tỉnh do các sở, ngành được giao báo cáo; "
            "hãy tải mẫu của sở, ngành đó."
        )
    commune = kind in COMMUNE_KINDS
    # The unit's reporting duties (nq57.scope checks a return against the same view): the province's figure for
    # an agency, its own for a commune.
    indicators = queries.frame(con, "returns/template_indicators", reporter_code=unit_code, as_of=month.end)
    led = set(queries.frame(con, "store/unit_tasks", unit_code=unit_code)["task_code"])
    tasks = queries.frame(con, "returns/template_tasks", month=month.code, as_of=month.end)
    tasks = tasks[tasks["code"].isin(led)].reset_index(drop=True)
    villages = (
        queries.frame(con, "returns/template_villages", unit_code=unit_code, month=month.code) if commune else None
    )
    return TemplateContent(unit_code, name, kind, month, indicators, tasks, villages)


# --- formatting context values -------------------------------------------------------------------


def _missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _text(value) -> str | None:
    return None if _missing(value) or not str(value).strip() else str(value)


def _period_label(code) -> str:
    if _missing(code):
        return fmt.DASH
    try:
        return parse_period(str(code)).label
    except ValueError:
        return str(code)


def _target(r: dict) -> str:
    if _missing(r["comparator"]) or _missing(r["target_value"]):
        return fmt.DASH
    return fmt.target(r["comparator"], float(r["target_value"]), r["measure"])


def _deadline(text, day) -> str:
    return _text(text) or (fmt.date(day) if as_date(day) else fmt.DASH)


def _previous(r: dict) -> str:
    if _missing(r["previous_value"]):
        return fmt.DASH
    denominator = None if _missing(r["previous_denominator"]) else float(r["previous_denominator"])
    return fmt.measure(float(r["previous_value"]), r["measure"], denominator)


def _rate_definition(r: dict) -> str | None:
    numerator, denominator = _text(r["numerator_def"]), _text(r["denominator_def"])
    if not numerator and not denominator:
        return None
    return f"Tử số: {numerator or fmt.DASH}; mẫu số: {denominator or fmt.DASH}."


def _task_report(r: dict) -> str:
    if _missing(r["status"]):
        return "Chưa có báo cáo"
    parts = [workbook_format.TASK_STATUS_LABELS.get(r["status"], r["status"])]
    if as_date(r["completed_on"]):
        parts.append(f"xong ngày {fmt.date(r['completed_on'])}")
    elif not _missing(r["progress"]):
        parts.append(fmt.percent(float(r["progress"])))
    return ", ".join(parts) + f" ({_period_label(r['reported_period'])})"


def _flag(value) -> bool:
    return not _missing(value) and bool(value)


def _yes_no(value) -> str | None:
    return None if _missing(value) else (YES if bool(value) else NO)


# --- writing sheets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Col:
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


def _validations(month: Period) -> dict[str, DataValidation]:
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


def _lines(text: object, width: float) -> int:
    """How many lines a wrapped text takes in a column of this width (words wrapped whole, a little spare)."""
    if _missing(text) or text is None:
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


def _protect(ws: Worksheet) -> None:
    """Lock the sheet without a password; column widths and row heights may still be changed."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _page(ws: Worksheet, table: bool = True) -> None:
    """Print on A4 landscape, as wide as the page; a table repeats its header row on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0 if table else 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if table:
        ws.print_title_rows = "1:1"


def _code_width(codes, least: float = 10) -> float:
    """A code column wide enough for its longest code."""
    return max([least, *(len(str(c)) + 2 for c in codes)])


def _table(
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
    for j, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=j, value=col.label)
        cell.font = Font(name=FONT, bold=True)
        cell.fill = xlsx_style.RETURN_HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(j)].width = col.width
    ws.row_dimensions[1].height = 15 * max(_lines(c.label, c.width) for c in columns) + 6
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
                cell.number_format = TEXT_FORMAT
            if spec.check:
                used.setdefault(spec.check, []).append(cell.coordinate)
            if col.wrap:
                height = max(height, _lines(spec.value, col.width))
        if height > 1:
            ws.row_dimensions[i].height = 15 * height + 3
    for key, cells in used.items():
        dv = checks[key]
        for coordinate in cells:
            dv.add(coordinate)
        ws.add_data_validation(dv)
    ws.freeze_panes = freeze
    _protect(ws)
    _page(ws)


def _observation_rows(content: TemplateContent) -> list[list]:
    rows = []
    for r in content.indicators.to_dict("records"):
        measure = r["measure"]
        value_check = {"percent": "percent", "yesno": "yesno"}.get(measure, "number")
        number_format = NUMBER_FORMATS.get(measure, COUNT_FORMAT)
        rate = measure in RATE_MEASURES
        rows.append(
            [
                r["code"],
                r["name"],
                r["unit_of_measure"],
                _text(r["frequency"]) or fmt.DASH,
                _target(r),
                _deadline(r["deadline_text"], r["deadline"]),
                _previous(r),
                _period_label(r["previous_period"]),
                Cell(None, True, number_format, value_check),
                Cell(None, True, COUNT_FORMAT, "number") if rate else Cell(None),
                # A rank may say out of how many (4/58): its denominator is open too.
                Cell(None, True, COUNT_FORMAT, "number") if rate or measure == "rank" else Cell(None),
                Cell(None, True),
                _rate_definition(r) if rate else None,
                r["unit_code"],
                content.period.code,
            ]
        )
    return rows


def _observations(ws: Worksheet, content: TemplateContent) -> None:
    columns = [
        Col(_label(OBS, "indicator_code"), _code_width(content.indicators["code"], 13)),
        Col("Tên chỉ tiêu", 46, wrap=True),
        Col("Đơn vị tính", 10, wrap=True),
        Col("Tần suất", 9),
        Col("Mục tiêu", 11),
        Col("Hạn", 15, wrap=True),
        Col("Giá trị kỳ trước", 12),
        Col("Kỳ trước", 12),
        Col(_label(OBS, "value"), 12),
        Col(_label(OBS, "numerator"), 12),
        Col(_label(OBS, "denominator"), 12),
        Col(_label(OBS, "note"), 28, wrap=True),
        Col("Cách tính", 40, wrap=True),
        Col(_label(OBS, "unit_code"), 10),
        Col(_label(OBS, "period"), 9),
    ]
    rows = _observation_rows(content)
    _table(ws, columns, rows, _validations(content.period), "C2", "Đơn vị không có chỉ tiêu nào phải báo cáo.")


def _tasks(ws: Worksheet, content: TemplateContent) -> None:
    columns = [
        Col(_label(TASKS, "task_code"), _code_width(content.tasks["code"], 11)),
        Col("Tên nhiệm vụ", 52, wrap=True),
        Col("Cơ quan chủ trì", 30, wrap=True),
        Col("Thời hạn", 16, wrap=True),
        Col(workbook_format.TASKS.column("deadline").label, 12),
        Col("Báo cáo gần nhất", 24, wrap=True),
        Col(_label(TASKS, "status"), 17),
        Col(_label(TASKS, "completed_on"), 13),
        Col(_label(TASKS, "progress"), 10),
        Col(_label(TASKS, "note"), 30, wrap=True),
    ]
    rows = []
    for r in content.tasks.to_dict("records"):
        # What was last reported is carried forward, so a task left as it is keeps its progress.
        reported = not _missing(r["status"])
        deadline = as_date(r["deadline"])
        rows.append(
            [
                r["code"],
                r["name"],
                r["lead_text"],
                _text(r["deadline_text"]) or ("Thường xuyên" if _flag(r["recurring"]) else fmt.DASH),
                Cell(deadline, False, DATE_FORMAT) if deadline else fmt.DASH,
                _task_report(r),
                Cell(
                    workbook_format.TASK_STATUS_LABELS.get(r["status"]) if reported else None,
                    True,
                    TEXT_FORMAT,
                    "status",
                ),
                Cell(as_date(r["completed_on"]) if reported else None, True, DATE_FORMAT, "date"),
                Cell(
                    None if not reported or _missing(r["progress"]) else float(r["progress"]),
                    True,
                    "0.#",
                    "progress",
                ),
                Cell(None, True),
            ]
        )
    _table(ws, columns, rows, _validations(content.period), "C2", "Đơn vị không chủ trì nhiệm vụ nào.")


def _villages(ws: Worksheet, content: TemplateContent) -> None:
    columns = [
        Col(_label(VILLAGES, "code"), _code_width(content.villages["code"], 13)),
        Col(_label(VILLAGES, "name"), 22, wrap=True),
        Col(_label(VILLAGES, "commune_code"), 8),
        Col("Hạn phủ sóng", 21, wrap=True),
        Col("Cập nhật gần nhất", 14, wrap=True),
        Col(_label(VILLAGES, "mobile"), 16),
        Col(_label(VILLAGES, "fibre"), 11),
        Col(_label(VILLAGES, "grid_power"), 11),
        Col(_label(VILLAGES, "note"), 30, wrap=True),
    ]
    rows = []
    for r in content.villages.to_dict("records"):
        rows.append(
            [
                r["code"],
                r["name"],
                r["commune_code"],
                _deadline(r["close_by_text"], r["close_by"]),
                _period_label(r["reported_period"]) if not _missing(r["reported_period"]) else "Dữ liệu gốc",
                Cell(workbook_format.MOBILE_LABELS.get(r["mobile"]), True, TEXT_FORMAT, "mobile"),
                Cell(_yes_no(r["fibre"]), True, TEXT_FORMAT, "yes_no"),
                Cell(_yes_no(r["grid_power"]), True, TEXT_FORMAT, "yes_no"),
                Cell(None, True),
            ]
        )
    # Rows for a village missing from the register: a name and its coverage; the importer gives it a code
    # and the commune of the return (so Mã xã stays empty: a pre-filled code alone would read as a row).
    for _ in range(NEW_VILLAGE_ROWS):
        rows.append(
            [
                None,
                Cell(None, True),
                None,
                None,
                "Thôn, bản mới",
                Cell(None, True, TEXT_FORMAT, "mobile"),
                Cell(None, True, TEXT_FORMAT, "yes_no"),
                Cell(None, True, TEXT_FORMAT, "yes_no"),
                Cell(None, True),
            ]
        )
    _table(ws, columns, rows, _validations(content.period), "C2")


def _info(ws: Worksheet, content: TemplateContent, today: dt.date) -> None:
    fields = workbook_format.INFO_FIELDS
    rows = [
        [fields["kind"], codes.RETURN],
        [fields["unit_code"], content.unit_code],
        ["Tên đơn vị", content.unit_name],
        [fields["period"], content.period.code],
        ["Tháng báo cáo", content.period.label],
        ["Hạn nộp", fmt.date(content.due)],
        [fields["prepared_by"], Cell(None, True, TEXT_FORMAT)],
        ["Ngày tạo mẫu", fmt.date(today)],
    ]
    _table(
        ws,
        [Col(workbook_format.INFO.column("field").label, 24), Col(workbook_format.INFO.column("value").label, 48)],
        rows,
        {},
        "A2",
    )


def instructions(content: TemplateContent, today: dt.date) -> list[tuple[str, str]]:
    """The lines of the sheet “Hướng dẫn”, each with its style: title, heading or text."""
    sheets = [f"“{OBS.title}” ({len(content.indicators)} chỉ tiêu)", f"“{TASKS.title}” ({len(content.tasks)} nhiệm vụ)"]
    if content.villages is not None:
        sheets.append(f"“{VILLAGES.title}” ({len(content.villages)} thôn, bản)")
    lines = [
        ("title", "MẪU BÁO CÁO THÁNG THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW TỈNH LAI CHÂU"),
        ("text", f"Đơn vị báo cáo: {content.unit_name} (mã {content.unit_code})."),
        (
            "text",
            f"Kỳ báo cáo: {content.period.label} (từ {fmt.date(content.period.start)} "
            f"đến {fmt.date(content.period.end)}).",
        ),
        (
            "text",
            f"Hạn nộp: chậm nhất ngày {fmt.date(content.due)}. Theo Kế hoạch 351-KH/TU, báo cáo tiến độ gửi "
            "trước ngày 30 hằng tháng (tháng Hai: ngày cuối tháng).",
        ),
        (
            "text",
            f"Mẫu tạo ngày {fmt.date(today)} từ số liệu đang lưu trên Bảng theo dõi; gồm các trang "
            + ", ".join(sheets)
            + ".",
        ),
        ("heading", "Cách điền"),
        (
            "text",
            "• Chỉ điền vào các ô nền vàng. Các ô nền xám (mã, tên, mục tiêu, số liệu kỳ trước) đã khóa, không sửa "
            "được. Không đổi tên trang, không thêm, xóa hoặc đổi tên cột.",
        ),
        (
            "text",
            f"• Trang “{OBS.title}”: mỗi dòng là một chỉ tiêu đơn vị phải báo cáo. Ghi số liệu của tháng vào cột "
            "“Giá trị”. Với chỉ tiêu tỷ lệ có thể ghi “Tử số” và “Mẫu số”, hệ thống tự tính tỷ lệ. Chỉ tiêu chưa "
            "có số liệu trong tháng thì để trống cả dòng.",
        ),
        (
            "text",
            f"• Trang “{TASKS.title}”: chọn “Trạng thái” trong danh sách (Chưa triển khai, Đang thực hiện, Đã hoàn "
            "thành). Nhiệm vụ đã hoàn thành phải ghi “Ngày hoàn thành”; “Tiến độ (%)” ghi phần trăm công việc đã "
            "làm, từ 0 đến 100. Các ô đã điền sẵn là báo cáo gần nhất: sửa nếu có thay đổi.",
        ),
    ]
    if content.villages is not None:
        lines.append(
            (
                "text",
                f"• Trang “{VILLAGES.title}”: chọn “Sóng di động” (Không có sóng, Sóng chập chờn, 3G, 4G, 5G), "
                "“Cáp quang” và “Điện lưới” (Có/Không) cho từng thôn, bản; các ô đã điền sẵn là hiện trạng đang "
                "lưu, sửa nếu có thay đổi. Thôn, bản chưa có trong danh sách: ghi tên và hiện trạng vào các dòng "
                "trống cuối bảng, để trống mã thôn, bản và mã xã (hệ thống tự cấp mã).",
            )
        )
    lines += [
        (
            "text",
            "• Cách ghi số: dấu phẩy ngăn phần thập phân, dấu chấm ngăn hàng nghìn, ví dụ 45,5 hoặc 1.234. "
            "Tỷ lệ ghi số phần trăm, ví dụ 45,5 hoặc 45,5% (không ghi 0,455).",
        ),
        ("text", "• Cách ghi ngày: ngày/tháng/năm, ví dụ 30/6/2026."),
        (
            "text",
            f"• Trang “{workbook_format.INFO.title}”: ghi họ và tên người lập vào ô "
            f"“{workbook_format.INFO_FIELDS['prepared_by']}”; "
            "không sửa mã đơn vị và kỳ báo cáo.",
        ),
        ("heading", "Nộp báo cáo"),
        (
            "text",
            "• Lưu tệp (định dạng .xlsx) rồi tải lên ở trang “Nộp báo cáo” của Bảng theo dõi. Hệ thống kiểm tra "
            "toàn bộ tệp, chỉ rõ ô nào cần sửa và cho xem trước các thay đổi.",
        ),
        (
            "text",
            "• Chưa có gì được ghi vào hệ thống cho đến khi người nộp xem trước và bấm xác nhận. Nếu cần sửa sau "
            "khi đã nộp, tải lên tệp đã sửa cho cùng tháng: số liệu mới thay số liệu cũ, số liệu cũ vẫn lưu lịch sử.",
        ),
    ]
    return lines


def _instructions(ws: Worksheet, content: TemplateContent, today: dt.date) -> None:
    ws.column_dimensions["A"].width = 110
    row = 1
    for style, text in instructions(content, today):
        if style == "heading":
            row += 1
        cell = xlsx_text.put(ws, row, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if style == "title":
            cell.font = Font(name=FONT, bold=True, size=14)
            row += 1
        elif style == "heading":
            cell.font = Font(name=FONT, bold=True, size=12)
        else:
            lines = _lines(text, 110)
            if lines > 1:
                ws.row_dimensions[row].height = 15 * lines + 3
        row += 1
    _protect(ws)
    _page(ws, table=False)


def render(content: TemplateContent, today: dt.date | None = None) -> bytes:
    """The .xlsx of a template: the same bytes for the same content and day."""
    today = today or dt.date.today()
    wb = Workbook()
    _instructions(wb.active, content, today)
    wb.active.title = "Hướng dẫn"
    _info(wb.create_sheet(workbook_format.INFO.title), content, today)
    _observations(wb.create_sheet(OBS.title), content)
    _tasks(wb.create_sheet(TASKS.title), content)
    if content.villages is not None:
        _villages(wb.create_sheet(VILLAGES.title), content)
    wb.properties.creator = "nq57"
    wb.properties.title = f"Báo cáo {content.period.label} – {content.unit_name}"
    return xlsx_style.reproducible_bytes(wb)


def build_template(con: duckdb.DuckDBPyConnection, unit_code: str, period: str, today: dt.date | None = None) -> bytes:
    """The return template of one reporting unit for one month (YYYY-MM), as .xlsx bytes.

    Raises ValueError, with a Vietnamese message, for an unknown unit, a unit that does not report itself
    (a group, a central agency, the province) or a period not written as YYYY-MM.
    """
    return render(collect(con, unit_code, period), today)
