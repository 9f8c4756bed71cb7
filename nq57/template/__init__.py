"""The monthly return template of one reporting unit: an .xlsx a clerk fills in and uploads on “Nộp báo cáo”.

Its sheets and column labels are those of nq57.workbook_format, so a filled template is read like any other return; the
columns the reader does not know (names, targets, last values) are context for the clerk and ignored on import.
Codes and context are locked (grey), the cells to fill are unlocked (light yellow) and checked by Excel itself.
This module gathers what goes in a template and assembles the workbook: nq57.template.sheets writes the data sheets,
nq57.template.guide the instructions, nq57.template.table the locked table each sheet is.
"""

import datetime as dt
import re

import duckdb
from openpyxl import Workbook

import queries
from nq57 import workbook_format, xlsx_style
from nq57.periods import Period, parse_period
from nq57.template import guide, sheets
from nq57.template.guide import instructions
from nq57.template.sheets import OBS, TASKS, VILLAGES, TemplateContent

__all__ = ["TemplateContent", "build_template", "check_period", "collect", "instructions", "render"]

COMMUNE_KINDS = ("commune", "ward")
REPORTING_KINDS = (*COMMUNE_KINDS, "agency", "enterprise")


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


def render(content: TemplateContent, today: dt.date | None = None) -> bytes:
    """The .xlsx of a template: the same bytes for the same content and day."""
    today = today or dt.date.today()
    wb = Workbook()
    guide.write(wb.active, content, today)
    wb.active.title = "Hướng dẫn"
    sheets.info(wb.create_sheet(workbook_format.INFO.title), content, today)
    sheets.observations(wb.create_sheet(OBS.title), content)
    sheets.tasks(wb.create_sheet(TASKS.title), content)
    if content.villages is not None:
        sheets.villages(wb.create_sheet(VILLAGES.title), content)
    wb.properties.creator = "nq57"
    wb.properties.title = f"Báo cáo {content.period.label} – {content.unit_name}"
    return xlsx_style.reproducible_bytes(wb)


def build_template(con: duckdb.DuckDBPyConnection, unit_code: str, period: str, today: dt.date | None = None) -> bytes:
    """The return template of one reporting unit for one month (YYYY-MM), as .xlsx bytes.

    Raises ValueError, with a Vietnamese message, for an unknown unit, a unit that does not report itself
    (a group, a central agency, the province) or a period not written as YYYY-MM.
    """
    return render(collect(con, unit_code, period), today)
