"""The data sheets of a return template and what they are built from: the unit's indicators, tasks and villages,
with the context a clerk needs (names, targets, last values) beside the cells to fill."""

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from nq57 import codes, fmt, workbook_format
from nq57.periods import Period, as_date, parse_period, return_due
from nq57.template.table import DECIMAL_FORMAT, NO, YES, Cell, Col, code_width, missing, table, validations
from nq57.xlsx_style import COUNT_FORMAT, DATE_FORMAT, TEXT_FORMAT

RATE_MEASURES = ("percent", "ratio")  # a value that may be given as numerator and denominator
NEW_VILLAGE_ROWS = 10
# Percentages and indices take decimals; other measures are whole numbers.
NUMBER_FORMATS = {"percent": DECIMAL_FORMAT, "index": DECIMAL_FORMAT}
OBS, TASKS, VILLAGES = workbook_format.OBSERVATIONS, workbook_format.TASK_UPDATES, workbook_format.VILLAGES


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


def _label(sheet: workbook_format.Sheet, key: str) -> str:
    return sheet.column(key).label


def _text(value) -> str | None:
    return None if missing(value) or not str(value).strip() else str(value)


def _period_label(code) -> str:
    if missing(code):
        return fmt.DASH
    try:
        return parse_period(str(code)).label
    except ValueError:
        return str(code)


def _target(r: dict) -> str:
    if missing(r["comparator"]) or missing(r["target_value"]):
        return fmt.DASH
    return fmt.target(r["comparator"], float(r["target_value"]), r["measure"])


def _deadline(text, day) -> str:
    return _text(text) or (fmt.date(day) if as_date(day) else fmt.DASH)


def _previous(r: dict) -> str:
    if missing(r["previous_value"]):
        return fmt.DASH
    denominator = None if missing(r["previous_denominator"]) else float(r["previous_denominator"])
    return fmt.measure(float(r["previous_value"]), r["measure"], denominator)


def _rate_definition(r: dict) -> str | None:
    numerator, denominator = _text(r["numerator_def"]), _text(r["denominator_def"])
    if not numerator and not denominator:
        return None
    return f"Tử số: {numerator or fmt.DASH}; mẫu số: {denominator or fmt.DASH}."


def _task_report(r: dict) -> str:
    if missing(r["status"]):
        return "Chưa có báo cáo"
    parts = [workbook_format.TASK_STATUS_LABELS.get(r["status"], r["status"])]
    if as_date(r["completed_on"]):
        parts.append(f"xong ngày {fmt.date(r['completed_on'])}")
    elif not missing(r["progress"]):
        parts.append(fmt.percent(float(r["progress"])))
    return ", ".join(parts) + f" ({_period_label(r['reported_period'])})"


def _flag(value) -> bool:
    return not missing(value) and bool(value)


def _yes_no(value) -> str | None:
    return None if missing(value) else (YES if bool(value) else NO)


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


def observations(ws: Worksheet, content: TemplateContent) -> None:
    columns = [
        Col(_label(OBS, "indicator_code"), code_width(content.indicators["code"], 13)),
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
    table(ws, columns, rows, validations(content.period), "C2", "Đơn vị không có chỉ tiêu nào phải báo cáo.")


def tasks(ws: Worksheet, content: TemplateContent) -> None:
    columns = [
        Col(_label(TASKS, "task_code"), code_width(content.tasks["code"], 11)),
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
        reported = not missing(r["status"])
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
                    None if not reported or missing(r["progress"]) else float(r["progress"]),
                    True,
                    "0.#",
                    "progress",
                ),
                Cell(None, True),
            ]
        )
    table(ws, columns, rows, validations(content.period), "C2", "Đơn vị không chủ trì nhiệm vụ nào.")


def villages(ws: Worksheet, content: TemplateContent) -> None:
    columns = [
        Col(_label(VILLAGES, "code"), code_width(content.villages["code"], 13)),
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
                _period_label(r["reported_period"]) if not missing(r["reported_period"]) else "Dữ liệu gốc",
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
    table(ws, columns, rows, validations(content.period), "C2")


def info(ws: Worksheet, content: TemplateContent, today: dt.date) -> None:
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
    table(
        ws,
        [Col(workbook_format.INFO.column("field").label, 24), Col(workbook_format.INFO.column("value").label, 48)],
        rows,
        {},
        "A2",
    )
