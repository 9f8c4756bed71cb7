"""The meeting pack: the board, tasks past their deadline and villages without signal as an Excel workbook, a 16:9
slide deck and an A4 landscape PDF to print.

All three exports take the frames the board page already holds (labels and colours are in them) and return bytes for a
download button. Every text cell goes through `neutralise`, so a name typed into a return such as '=HYPERLINK(...)'
is shown as text and never runs as a formula in Excel, LibreOffice or a spreadsheet a slide table is pasted into.
"""

import datetime as dt
import io
import math
import re
import unicodedata

import pandas as pd
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from nq57 import fmt, task_rules, xlsx_text
from nq57.board import HEADLINE
from nq57.paths import ROOT
from nq57.periods import as_date
from nq57.xlsx_text import neutralise

# Worst first, as on the board; codes only (labels and colours come with the frames).
_STATUS_ORDER = ("missed", "slipped", "off_track", "at_risk", "insufficient", "no_data", "on_track", "met_late", "met")
_OFF_TRACK = ("missed", "slipped", "off_track")
_GROUP_ORDER = {g: i for i, g in enumerate(("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"))}

BOARD_COLUMNS = (
    "group_code", "group_name", "code", "name", "unit_of_measure", "value", "value_text", "period_label",
    "reported_on", "source", "target_text", "deadline", "deadline_text", "status", "status_label", "status_colour",
    "explanation", "sample",
)  # fmt: skip
HISTORY_COLUMNS = ("code", "period_end", "value", "target_value")
TASK_COLUMNS = ("code", "name", "lead", "deadline_text", "deadline", "state_label", "days_late")
TASKS_TITLE = "Nhiệm vụ đã qua hạn"
_TASK_HEADERS = ["Mã", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn", "Trạng thái", "Số ngày kể từ hạn"]
NO_TASKS = "Không có nhiệm vụ nào đã qua hạn mà chưa báo cáo hoàn thành."
VILLAGE_COLUMNS = ("name", "commune", "mobile_label", "grid_power_label", "close_by_text")

SAMPLE_LABEL = "Dữ liệu mẫu"
SAMPLE_WARNING = fmt.SAMPLE_MARK  # the same words as on screen
DATE_FORMAT = "d/m/yyyy"
DATETIME_FORMAT = "hh:mm d/m/yyyy"
GREY = "#718096"


# --- shared helpers -----------------------------------------------------------------------------------------------


def _missing(value) -> bool:
    if value is None or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _text(value) -> str:
    """A display string, '' for missing values, neutralised."""
    if _missing(value):
        return ""
    return neutralise(str(value))


def _frame(df: pd.DataFrame | None, columns: tuple[str, ...]) -> pd.DataFrame:
    """The frame with every expected column present (missing ones empty), so an empty or partial frame still works."""
    if df is None:
        df = pd.DataFrame()
    df = df.copy()
    for col in columns:
        if col not in df.columns:
            df[col] = None
    return df.reset_index(drop=True)


def _hex(colour, default: str = GREY) -> str:
    """'#1a7f37' -> '1A7F37'; a default grey for anything that is not a six-digit hex colour."""
    text = str(colour).strip().lstrip("#") if isinstance(colour, str) else ""
    if not re.fullmatch(r"[0-9a-fA-F]{6}", text):
        text = default.lstrip("#")
    return text.upper()


def _pale(colour, strength: float = 0.22) -> str:
    """A pale tint of a colour (mixed with white), for a cell fill that dark text stays readable on."""
    text = _hex(colour)
    channels = [int(text[i : i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(255 - (255 - c) * strength):02X}" for c in channels)


def _is_sample(value) -> bool:
    return not _missing(value) and bool(value)


def _sorted_board(board: pd.DataFrame) -> pd.DataFrame:
    """Board rows by group (I..X), keeping the given order inside each group."""
    if board.empty:
        return board
    key = board["group_code"].map(lambda g: _GROUP_ORDER.get(str(g).strip(), len(_GROUP_ORDER)))
    return board.assign(_g=key, _i=range(len(board))).sort_values(["_g", "_i"]).drop(columns=["_g", "_i"])


def _status_counts(board: pd.DataFrame) -> list[tuple[str, str, str, int]]:
    """(code, label, colour, count) for each status present, worst first; unknown codes after the known ones."""
    if board.empty:
        return []
    rows = []
    for code, part in board.groupby(board["status"].fillna("no_data").astype(str), sort=False):
        first = part.iloc[0]
        label = first["status_label"] if not _missing(first["status_label"]) else code
        rank = _STATUS_ORDER.index(code) if code in _STATUS_ORDER else len(_STATUS_ORDER)
        rows.append((rank, code, str(label), first["status_colour"], len(part)))
    rows.sort(key=lambda r: r[0])
    return [(code, label, colour, n) for _, code, label, colour, n in rows]


_NUMBER_TEXT = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?%?$|^-?\d+(,\d+)?%?$")


def _numeric_cell(value, value_text) -> tuple[float, str] | None:
    """The number and an Excel format when the value is shown as a plain number or percent; None for '137/240' etc."""
    if not _missing(value) and _missing(value_text) and isinstance(value, int | float) and math.isfinite(value):
        return float(value), "General"
    if _missing(value) or not isinstance(value_text, str):
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


# --- workbook -----------------------------------------------------------------------------------------------------

_THIN = Side(style="thin", color="A0AEC0")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_GROUP_FILL = PatternFill("solid", fgColor="E2E8F0")
_SAMPLE_FILL = PatternFill("solid", fgColor="FFF3BF")
_SAMPLE_FONT = Font(bold=True, color="9C4221")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _put(ws: Worksheet, row: int, col: int, value, number_format: str | None = None):
    """Write one cell: text neutralised and forced to a string cell, dates as real dates, numbers as numbers."""
    cell = xlsx_text.put(ws, row, col, value)
    if number_format:
        cell.number_format = number_format
    cell.alignment = _WRAP
    cell.border = _BORDER
    return cell


def _date_value(value):
    day = as_date(value) if not _missing(value) else None
    return day


def _header(ws: Worksheet, row: int, titles: list[str], widths: list[float]) -> None:
    for col, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
        cell = _put(ws, row, col, title)
        cell.fill = _HEADER_FILL
        cell.font = _HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[row].height = 32


def _print_setup(ws: Worksheet, header_rows: str | None = "1:1") -> None:
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    if header_rows:
        ws.print_title_rows = header_rows
        ws.freeze_panes = f"A{int(header_rows.split(':')[1]) + 1}"


def _empty_note(ws: Worksheet, row: int, ncols: int, text: str) -> None:
    cell = _put(ws, row, 1, text)
    cell.font = Font(italic=True, color="4A5568")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)


def _paragraphs(meta: dict) -> list[str]:
    return [p for p in str(meta.get("rule") or "").split("\n\n") if p] or [""]


def _summary_sheet(ws: Worksheet, board: pd.DataFrame, meta: dict) -> None:
    ws.title = "Tóm tắt"
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 70
    ws.sheet_view.showGridLines = False
    title = meta.get("title") or "Báo cáo tiến độ thực hiện Nghị quyết 57-NQ/TW"
    cell = xlsx_text.put(ws, 1, 1, str(title))
    cell.data_type = "s"
    cell.font = Font(bold=True, size=16, color="1F3A5F")
    cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws.merge_cells("A1:B1")
    ws.row_dimensions[1].height = 42
    row = 3
    if meta.get("has_sample"):
        cell = ws.cell(row=row, column=1, value=f"CẢNH BÁO: {SAMPLE_WARNING}. Không dùng để báo cáo.")
        cell.data_type = "s"
        cell.font = Font(bold=True, size=14, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="C53030")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        ws.row_dimensions[row].height = 36
        row += 2
    facts = [
        ("Kỳ báo cáo", meta.get("period_label") or "", None),
        ("Số liệu tính đến ngày", _date_value(meta.get("as_of")), DATE_FORMAT),
        ("Thời điểm lập", meta.get("generated_at"), DATETIME_FORMAT),
        # One row per paragraph of the rule (tasks, then indicators): a cell holds at most 409 points of height.
        *((("Quy tắc đánh giá" if i == 0 else ""), para, None) for i, para in enumerate(_paragraphs(meta))),
        ("Số chỉ tiêu có mục tiêu", len(board), "#,##0"),
        *((label, text, None) for label, text in meta.get("task_facts") or ()),
    ]
    for label, value, number_format in facts:
        _put(ws, row, 1, label).font = Font(bold=True)
        cell = _put(ws, row, 2, value, number_format)
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
        if isinstance(value, str) and len(value) > 70:
            ws.row_dimensions[row].height = min(409, 15 * (len(value) // 70 + 1))
        row += 1
    row += 1
    for col, title in enumerate(("Trạng thái", "Số chỉ tiêu"), start=1):
        cell = _put(ws, row, col, title)
        cell.fill = _HEADER_FILL
        cell.font = _HEADER_FONT
    row += 1
    counts = _status_counts(board)
    for _code, label, colour, n in counts:
        cell = _put(ws, row, 1, label)
        cell.fill = PatternFill("solid", fgColor=_hex(colour))
        cell.font = Font(bold=True, color="FFFFFF")
        _put(ws, row, 2, n, "#,##0").alignment = Alignment(horizontal="left")
        row += 1
    if not counts:
        _put(ws, row, 1, "Chưa có chỉ tiêu nào")
        _put(ws, row, 2, 0, "#,##0").alignment = Alignment(horizontal="left")
        row += 1
    if board["sample"].map(_is_sample).any():
        row += 1
        note = f"Dòng tô vàng, ghi “{SAMPLE_LABEL}” ở cột Ghi chú: số liệu mẫu, không phải số liệu thật."
        cell = _put(ws, row, 1, note)
        cell.fill = _SAMPLE_FILL
        cell.font = _SAMPLE_FONT
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    _print_setup(ws, header_rows=None)
    ws.page_setup.orientation = ws.ORIENTATION_PORTRAIT


_BOARD_HEADERS = [
    "Mã", "Chỉ tiêu", "Giá trị", "Kỳ", "Ngày báo cáo", "Mục tiêu", "Hạn", "Trạng thái", "Giải thích", "Nguồn",
    "Ghi chú",
]  # fmt: skip
_BOARD_WIDTHS = [9, 42, 13, 13, 13, 13, 12, 18, 50, 40, 13]


def _board_sheet(ws: Worksheet, board: pd.DataFrame) -> None:
    _header(ws, 1, _BOARD_HEADERS, _BOARD_WIDTHS)
    ncols = len(_BOARD_HEADERS)
    row = 2
    if board.empty:
        _empty_note(ws, row, ncols, "Chưa có chỉ tiêu nào có mục tiêu.")
    group = object()
    for rec in _sorted_board(board).to_dict("records"):
        if rec["group_code"] != group:
            group = rec["group_code"]
            head = " ".join(s for s in (_text(group) + ("." if _text(group) else ""), _text(rec["group_name"])) if s)
            cell = _put(ws, row, 1, head or "Nhóm chưa rõ")
            for col in range(1, ncols + 1):
                ws.cell(row=row, column=col).fill = _GROUP_FILL
            cell.font = Font(bold=True, size=12, color="1F3A5F")
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
            row += 1
        name = _text(rec["name"])
        unit = _text(rec["unit_of_measure"])
        if unit and unit not in ("%",):
            name = f"{name} ({unit})"
        _put(ws, row, 1, rec["code"])
        _put(ws, row, 2, name)
        numeric = _numeric_cell(rec["value"], rec["value_text"])
        if numeric:
            _put(ws, row, 3, numeric[0], numeric[1]).alignment = Alignment(horizontal="right", vertical="top")
        else:
            text = rec["value_text"] if not _missing(rec["value_text"]) else fmt.DASH
            _put(ws, row, 3, text).alignment = Alignment(horizontal="right", vertical="top", wrap_text=True)
        _put(ws, row, 4, rec["period_label"])
        _put(ws, row, 5, _date_value(rec["reported_on"]), DATE_FORMAT)
        _put(ws, row, 6, rec["target_text"])
        deadline = _date_value(rec["deadline"])
        if deadline is not None:
            _put(ws, row, 7, deadline, DATE_FORMAT)
        else:
            _put(ws, row, 7, rec["deadline_text"])
        cell = _put(ws, row, 8, rec["status_label"])
        cell.fill = PatternFill("solid", fgColor=_pale(rec["status_colour"]))
        cell.font = Font(bold=True, color=_hex(rec["status_colour"]))
        _put(ws, row, 9, rec["explanation"])
        _put(ws, row, 10, rec["source"])
        if _is_sample(rec["sample"]):
            _put(ws, row, 11, SAMPLE_LABEL).font = _SAMPLE_FONT
            for col in (1, 2, 3, 11):
                ws.cell(row=row, column=col).fill = _SAMPLE_FILL
        else:
            _put(ws, row, 11, None)
        row += 1
    _print_setup(ws)


def _tasks_sheet(ws: Worksheet, tasks: pd.DataFrame) -> None:
    _header(ws, 1, _TASK_HEADERS, [18, 60, 30, 14, 26, 14])
    if tasks.empty:
        _empty_note(ws, 2, len(_TASK_HEADERS), NO_TASKS)
    for row, rec in enumerate(_tasks_sorted(tasks).to_dict("records"), start=2):
        _put(ws, row, 1, rec["code"])
        _put(ws, row, 2, rec["name"])
        _put(ws, row, 3, rec["lead"])
        deadline = _date_value(rec["deadline"])
        if deadline is not None:
            _put(ws, row, 4, deadline, DATE_FORMAT)
        else:
            _put(ws, row, 4, rec["deadline_text"] if not _missing(rec["deadline_text"]) else fmt.DASH)
        _put(ws, row, 5, rec["state_label"])
        days = rec["days_late"]
        _put(ws, row, 6, int(days) if not _missing(days) else None, "#,##0")
    _print_setup(ws)


def _tasks_sorted(tasks: pd.DataFrame) -> pd.DataFrame:
    """Reported overdue before not reported (the order the board gives), most days first within each state."""
    if tasks.empty:
        return tasks
    key = pd.to_numeric(tasks["days_late"], errors="coerce").fillna(-1)
    order = {task_rules.LABELS[code]: i for i, code in enumerate(task_rules.ORDER)}
    state = tasks["state_label"].map(order).fillna(len(order))
    return tasks.assign(_s=state, _k=-key).sort_values(["_s", "_k"], kind="stable").drop(columns=["_s", "_k"])


def _villages_sheet(ws: Worksheet, villages: pd.DataFrame) -> None:
    headers = ["Thôn, bản", "Xã", "Sóng di động", "Điện lưới", "Dự kiến có sóng"]
    _header(ws, 1, headers, [28, 24, 18, 12, 40])
    if villages.empty:
        _empty_note(ws, 2, len(headers), "Không còn thôn, bản nào chưa có sóng di động băng rộng.")
    for row, rec in enumerate(villages.to_dict("records"), start=2):
        for col, key in enumerate(VILLAGE_COLUMNS, start=1):
            _put(ws, row, col, rec[key])
    _print_setup(ws)


def board_workbook(
    board: pd.DataFrame, history: pd.DataFrame, tasks: pd.DataFrame, villages: pd.DataFrame, meta: dict
) -> bytes:
    """The meeting pack as .xlsx: 'Tóm tắt', 'Chỉ tiêu', 'Nhiệm vụ đã qua hạn', 'Thôn, bản chưa có sóng'.

    `history` is accepted for symmetry with `board_slides` (the trend lives on the slides).
    """
    board = _frame(board, BOARD_COLUMNS)
    tasks = _frame(tasks, TASK_COLUMNS)
    villages = _frame(villages, VILLAGE_COLUMNS)
    meta = dict(meta or {})
    wb = Workbook()
    _summary_sheet(wb.active, board, meta)
    _board_sheet(wb.create_sheet("Chỉ tiêu"), board)
    _tasks_sheet(wb.create_sheet(TASKS_TITLE), tasks)
    _villages_sheet(wb.create_sheet("Thôn, bản chưa có sóng"), villages)
    title = meta.get("title")
    if isinstance(title, str):
        wb.properties.title = neutralise(title)[:250]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- slides -------------------------------------------------------------------------------------------------------

_W, _H = Inches(13.333), Inches(7.5)
_MARGIN = Inches(0.5)
_NAVY = RGBColor(0x1F, 0x3A, 0x5F)
_DARK = RGBColor(0x1A, 0x20, 0x2C)
_MUTED = RGBColor(0x4A, 0x55, 0x68)
_RED = RGBColor(0xC5, 0x30, 0x30)
_FONT = "Arial"  # ships Vietnamese glyphs on Windows, macOS and LibreOffice's metric-compatible fonts
_TABLE_ROWS = 8  # at most this many rows per table slide, so 16-pt text stays readable from the back of the room
_TABLE_HEIGHT = 5.6  # inches of slide below the title that a table's body may fill
_LINE_HEIGHT = 0.3  # inches per line of 16-pt text in a cell, margins included
_CHAR_WIDTH = 0.115  # inches per character of 16-pt Arial, on average for Vietnamese text


def _rgb(colour) -> RGBColor:
    return RGBColor.from_string(_hex(colour))


def _textbox(slide, left, top, width, height, text: str, size: int, bold=False, colour=_DARK, align=None):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    lines = text.split("\n") if text else [""]
    for i, line in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = neutralise(line)
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.name = _FONT
        run.font.color.rgb = colour
        if align is not None:
            para.alignment = align
    return box


def _new_slide(prs, title: str, subtitle: str = "", sample: bool = False):
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    bar = slide.shapes.add_shape(1, 0, 0, _W, Inches(0.12))
    bar.fill.solid()
    bar.fill.fore_color.rgb = _NAVY
    bar.line.fill.background()
    width = _W - 2 * _MARGIN - (Inches(2.4) if sample else 0)
    # Long indicator names get smaller type so that two lines at most fit above the subtitle.
    size = 30 if len(title) <= 55 else 24 if len(title) <= 110 else 20
    _textbox(slide, _MARGIN, Inches(0.2), width, Inches(1.0), title, size, bold=True, colour=_NAVY)
    if subtitle:
        _textbox(slide, _MARGIN, Inches(1.2), _W - 2 * _MARGIN, Inches(0.8), subtitle, 16, colour=_MUTED)
    if sample:
        _sample_mark(slide)
    return slide


def _sample_mark(slide) -> None:
    box = slide.shapes.add_shape(1, _W - _MARGIN - Inches(2.2), Inches(0.3), Inches(2.2), Inches(0.55))
    box.fill.solid()
    box.fill.fore_color.rgb = RGBColor(0xFF, 0xF5, 0xF5)
    box.line.color.rgb = _RED
    box.line.width = Pt(2)
    frame = box.text_frame
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    para = frame.paragraphs[0]
    para.alignment = PP_ALIGN.CENTER
    run = para.add_run()
    run.text = SAMPLE_LABEL.upper()
    run.font.size = Pt(18)
    run.font.bold = True
    run.font.name = _FONT
    run.font.color.rgb = _RED


def _title_slide(prs, board: pd.DataFrame, meta: dict) -> None:
    sample = bool(meta.get("has_sample"))
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    band = slide.shapes.add_shape(1, 0, Inches(2.0), _W, Inches(2.6))
    band.fill.solid()
    band.fill.fore_color.rgb = _NAVY
    band.line.fill.background()
    title = meta.get("title") or "Báo cáo tiến độ thực hiện Nghị quyết 57-NQ/TW"
    white = RGBColor(255, 255, 255)
    _textbox(slide, _MARGIN, Inches(2.2), _W - 2 * _MARGIN, Inches(1.5), str(title), 36, True, white)
    period = meta.get("period_label") or ""
    _textbox(slide, _MARGIN, Inches(3.7), _W - 2 * _MARGIN, Inches(0.7), str(period), 24, False, white)
    lines = [
        f"Số liệu tính đến ngày {fmt.date(meta.get('as_of'))}",
        f"Lập lúc {fmt.datetime(meta.get('generated_at'))}",
        f"{fmt.number(len(board))} chỉ tiêu có mục tiêu",
        " · ".join(f"{label}: {text}" for label, text in (meta.get("task_facts") or ())[:2]),
    ]
    _textbox(slide, _MARGIN, Inches(4.8), _W - 2 * _MARGIN, Inches(1.6), "\n".join(lines), 18, colour=_MUTED)
    if sample:
        _sample_mark(slide)
        _textbox(slide, _MARGIN, Inches(6.5), _W - 2 * _MARGIN, Inches(0.6), SAMPLE_WARNING, 18, True, _RED)


def _status_slide(prs, board: pd.DataFrame, meta: dict) -> None:
    sample = bool(board["sample"].map(_is_sample).any())
    slide = _new_slide(prs, "Số chỉ tiêu theo trạng thái", "Cách đánh giá: trang sau.", sample)
    counts = _status_counts(board)
    if not counts:
        _textbox(slide, _MARGIN, Inches(3), _W - 2 * _MARGIN, Inches(1), "Chưa có chỉ tiêu nào có mục tiêu.", 24)
        return
    data = CategoryChartData(number_format="#,##0")
    data.categories = [neutralise(label) for _, label, _, _ in counts]
    data.add_series("Số chỉ tiêu", [n for *_, n in counts])
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, _MARGIN, Inches(2.4), _W - 2 * _MARGIN, Inches(4.9), data
    )
    chart = frame.chart
    chart.has_legend = False
    chart.font.size = Pt(16)
    chart.font.name = _FONT
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.has_data_labels = True
    plot.data_labels.font.size = Pt(20)
    plot.data_labels.font.bold = True
    plot.data_labels.number_format = "#,##0"
    plot.data_labels.number_format_is_linked = False
    for point, (_, _, colour, _) in zip(plot.series[0].points, counts, strict=True):
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = _rgb(colour)
    chart.value_axis.has_major_gridlines = False
    chart.value_axis.visible = False
    chart.value_axis.minimum_scale = 0


def _rule_slide(prs, meta: dict) -> None:
    """How every status is decided, tasks and indicators, as on screen."""
    slide = _new_slide(prs, "Cách đánh giá trạng thái")
    rule = str(meta.get("rule") or "")
    _textbox(slide, _MARGIN, Inches(1.2), _W - 2 * _MARGIN, Inches(6), rule, 13 if len(rule) > 1200 else 16)


def _indicator_subtitle(rec: dict) -> str:
    value = rec["value_text"] if not _missing(rec["value_text"]) else fmt.DASH
    period = f" ({rec['period_label']})" if isinstance(rec["period_label"], str) and rec["period_label"] else ""
    deadline = rec["deadline_text"] if isinstance(rec["deadline_text"], str) and rec["deadline_text"] else ""
    deadline = deadline or fmt.date(rec["deadline"])
    target = rec["target_text"] if not _missing(rec["target_text"]) else fmt.DASH
    first = f"Giá trị: {value}{period} · Mục tiêu: {target} · Hạn: {deadline}"
    return f"{first}\n{_text(rec['source']) or 'Nguồn: chưa rõ'}"


def _indicator_slide(prs, rec: dict, series: pd.DataFrame) -> None:
    sample = _is_sample(rec["sample"])
    name = _text(rec["name"]) or _text(rec["code"])
    slide = _new_slide(prs, name, _indicator_subtitle(rec), sample)
    # Status pill, in the status colour.
    pill = slide.shapes.add_shape(5, _MARGIN, Inches(2.05), Inches(3.6), Inches(0.55))
    pill.fill.solid()
    pill.fill.fore_color.rgb = _rgb(rec["status_colour"])
    pill.line.fill.background()
    para = pill.text_frame.paragraphs[0]
    para.alignment = PP_ALIGN.CENTER
    run = para.add_run()
    run.text = _text(rec["status_label"]) or "Chưa rõ"
    run.font.size, run.font.bold, run.font.name = Pt(18), True, _FONT
    run.font.color.rgb = RGBColor(255, 255, 255)
    _textbox(
        slide, _MARGIN + Inches(3.8), Inches(2.0), _W - 2 * _MARGIN - Inches(3.8), Inches(0.7),
        _text(rec["explanation"]), 16, colour=_DARK,
    )  # fmt: skip
    data = CategoryChartData(number_format="#,##0.##")
    data.categories = [fmt.date(d) for d in series["period_end"]]
    values = [None if _missing(v) else float(v) for v in series["value"]]
    data.add_series("Giá trị", values)
    targets = [None if _missing(v) else float(v) for v in series["target_value"]]
    has_target = any(t is not None for t in targets)
    if has_target:
        data.add_series("Mục tiêu", targets)
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.LINE_MARKERS, _MARGIN, Inches(2.8), _W - 2 * _MARGIN, Inches(4.5), data
    )
    chart = frame.chart
    chart.font.size = Pt(16)
    chart.font.name = _FONT
    chart.has_legend = has_target
    if has_target:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
    main = chart.plots[0].series[0]
    main.format.line.color.rgb = _NAVY
    main.format.line.width = Pt(3.5)
    main.smooth = False
    if has_target:
        goal = chart.plots[0].series[1]
        goal.format.line.color.rgb = _RED
        goal.format.line.width = Pt(2.5)
        goal.format.line.dash_style = 4  # dash
        goal.smooth = False
        goal.marker.style = 1  # none
    chart.value_axis.has_major_gridlines = True
    chart.value_axis.major_gridlines.format.line.color.rgb = RGBColor(0xE2, 0xE8, 0xF0)
    chart.value_axis.tick_labels.number_format = "#,##0.##"
    chart.value_axis.tick_labels.number_format_is_linked = False


def _table_slides(prs, title: str, headers: list[str], widths: list[float], rows: list[list], sample_rows=None,
                  empty_text: str = "", fills=None) -> None:  # fmt: skip
    """One table split over as many slides as its rows need (long text wraps, so fewer rows fit); titles carry
    (1/2) when split."""
    sample_rows = sample_rows or [False] * len(rows)
    fills = fills or [None] * len(rows)
    chunks = _chunks(rows, widths) or [range(0)]
    for n, chunk in enumerate(chunks, start=1):
        heading = title + (f" ({n}/{len(chunks)})" if len(chunks) > 1 else "")
        sample = any(sample_rows[i] for i in chunk)
        slide = _new_slide(prs, heading, sample=sample)
        if not rows:
            _textbox(slide, _MARGIN, Inches(2.5), _W - 2 * _MARGIN, Inches(1), empty_text, 24, colour=_MUTED)
            continue
        top = Inches(1.3)
        shape = slide.shapes.add_table(len(chunk) + 1, len(headers), _MARGIN, top, _W - 2 * _MARGIN, Inches(0.6))
        table = shape.table
        total = sum(widths)
        usable = int(_W - 2 * _MARGIN)
        for col, width in enumerate(widths):
            table.columns[col].width = Emu(int(usable * width / total))
        for col, head in enumerate(headers):
            _cell(table.cell(0, col), head, 16, bold=True, colour=RGBColor(255, 255, 255), fill=_NAVY)
        for r, i in enumerate(chunk, start=1):
            for col, value in enumerate(rows[i]):
                fill = fills[i][col] if fills[i] and col in fills[i] else None
                _cell(table.cell(r, col), value, 16, fill=fill or RGBColor(0xFF, 0xFF, 0xFF))


def _chunks(rows: list[list], widths: list[float]) -> list[range]:
    """Rows grouped per slide by an estimate of their wrapped height, `_TABLE_ROWS` at most."""
    usable = (_W - 2 * _MARGIN) / 914400
    chars = [max(4, int(usable * w / sum(widths) / _CHAR_WIDTH) - 1) for w in widths]
    heights = []
    for row in rows:
        lines = max((math.ceil(len(_text(v)) / c) or 1 for v, c in zip(row, chars, strict=True)), default=1)
        heights.append(lines * _LINE_HEIGHT)
    budget = _TABLE_HEIGHT - _LINE_HEIGHT * 2  # the header row may wrap to two lines
    out, start, used = [], 0, 0.0
    for i, height in enumerate(heights):
        if i > start and (used + height > budget or i - start >= _TABLE_ROWS):
            out.append(range(start, i))
            start, used = i, 0.0
        used += height
    if rows:
        out.append(range(start, len(rows)))
    return out


def _cell(cell, value, size: int, bold=False, colour=_DARK, fill=None) -> None:
    cell.text = ""
    para = cell.text_frame.paragraphs[0]
    run = para.add_run()
    run.text = _text(value)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = _FONT
    run.font.color.rgb = colour
    cell.text_frame.word_wrap = True
    cell.margin_left = cell.margin_right = Inches(0.08)
    cell.margin_top = cell.margin_bottom = Inches(0.04)
    if fill is not None:
        cell.fill.solid()
        cell.fill.fore_color.rgb = fill


def board_slides(
    board: pd.DataFrame, history: pd.DataFrame, tasks: pd.DataFrame, villages: pd.DataFrame, meta: dict
) -> bytes:
    """The meeting pack as a 16:9 .pptx: title; indicators per status (bar chart); one trend chart per indicator
    with history; off-track indicators; tasks past their deadline; villages without signal (tables split over
    slides)."""
    board = _sorted_board(_frame(board, BOARD_COLUMNS))
    history = _frame(history, HISTORY_COLUMNS)
    tasks = _frame(tasks, TASK_COLUMNS)
    villages = _frame(villages, VILLAGE_COLUMNS)
    meta = dict(meta or {})

    prs = Presentation()
    prs.slide_width, prs.slide_height = _W, _H
    title = meta.get("title")
    if isinstance(title, str):
        prs.core_properties.title = neutralise(title)[:250]

    _title_slide(prs, board, meta)
    _status_slide(prs, board, meta)
    _rule_slide(prs, meta)

    by_code = {}
    if not history.empty:
        hist = history.dropna(subset=["period_end"]).copy()
        hist["_d"] = hist["period_end"].map(as_date)
        by_code = {code: part.sort_values("_d") for code, part in hist.groupby("code", sort=False)}
    for rec in board.to_dict("records"):
        series = by_code.get(rec["code"])
        if series is not None and series["value"].notna().any():
            _indicator_slide(prs, rec, series)

    off = board[board["status"].isin(_OFF_TRACK)]
    off_rows = [
        [r["code"], r["name"], _text(r["value_text"]) or fmt.DASH, r["target_text"],
         _text(r["deadline_text"]) or fmt.date(r["deadline"]), r["status_label"]]
        for r in off.to_dict("records")
    ]  # fmt: skip
    off_fills = [{5: RGBColor.from_string(_pale(r["status_colour"], 0.3))} for r in off.to_dict("records")]
    _table_slides(
        prs, "Chỉ tiêu chậm tiến độ, quá hạn", ["Mã", "Chỉ tiêu", "Giá trị", "Mục tiêu", "Hạn", "Trạng thái"],
        [1.1, 5, 1.6, 1.6, 1.5, 2.2], off_rows, [_is_sample(s) for s in off["sample"]],
        "Không có chỉ tiêu nào chậm tiến độ hoặc quá hạn.", off_fills,
    )  # fmt: skip

    task_rows = []
    for r in _tasks_sorted(tasks).to_dict("records"):
        deadline = fmt.date(r["deadline"]) if as_date(r["deadline"]) else (r["deadline_text"] or fmt.DASH)
        days = fmt.number(int(r["days_late"])) if not _missing(r["days_late"]) else fmt.DASH
        task_rows.append([r["code"], r["name"], r["lead"], deadline, r["state_label"], days])
    _table_slides(
        prs, TASKS_TITLE, _TASK_HEADERS, [1.6, 4.4, 2.3, 1.3, 1.8, 1.1], task_rows, None, NO_TASKS,
    )  # fmt: skip

    village_rows = [[r[k] for k in VILLAGE_COLUMNS] for r in villages.to_dict("records")]
    _table_slides(
        prs, "Thôn, bản chưa có sóng di động", ["Thôn, bản", "Xã", "Sóng di động", "Điện lưới", "Dự kiến có sóng"],
        [2.6, 2.4, 2, 1.5, 3.5], village_rows, None, "Không còn thôn, bản nào chưa có sóng di động băng rộng.",
    )  # fmt: skip

    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


# --- PDF ----------------------------------------------------------------------------------------------------------

# DejaVu Sans ships Vietnamese glyphs; the copies in assets/fonts are used so that CI and servers need no font package.
FONT_DIR = ROOT / "assets" / "fonts"
_PDF_FONT = "DejaVu"
_PDF_MARGIN = 10.0  # mm, all sides
_PDF_NAVY = (0x1F, 0x3A, 0x5F)
_PDF_DARK = (0x1A, 0x20, 0x2C)
_PDF_MUTED = (0x4A, 0x55, 0x68)
_PDF_RED = (0xC5, 0x30, 0x30)
_PDF_GROUP_FILL = (0xE2, 0xE8, 0xF0)
_PDF_GRID = (0xCB, 0xD5, 0xE0)
_PDF_HEADINGS = FontFace(family=_PDF_FONT, emphasis="BOLD", color=(255, 255, 255), fill_color=_PDF_NAVY)
_CHART_COLS, _CHART_ROWS = 3, 2  # trend charts per page


def _pdf_text(value) -> str:
    """Text for a PDF cell: neutralised like every other export (one rule for all), NFC so that a letter and its
    combining marks are one glyph of the font."""
    return unicodedata.normalize("NFC", _text(value))


def _rgb_tuple(colour) -> tuple[int, int, int]:
    text = _hex(colour)
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def _pale_tuple(colour, strength: float = 0.3) -> tuple[int, int, int]:
    return _rgb_tuple(_pale(colour, strength))


class _BoardPDF(FPDF):
    """A4 landscape with the DejaVu fonts and a footer: document title, sample mark, 'Trang 1/3'."""

    def __init__(self, footer_text: str, sample: bool):
        super().__init__(orientation="L", unit="mm", format="A4")
        self.footer_text = footer_text
        self.sample = sample
        self.add_font(_PDF_FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(_PDF_FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_margins(_PDF_MARGIN, _PDF_MARGIN, _PDF_MARGIN)
        self.set_auto_page_break(True, margin=_PDF_MARGIN + 5)
        self.set_font(_PDF_FONT, size=9)

    def footer(self):
        self.set_y(-_PDF_MARGIN - 3)
        self.set_font(_PDF_FONT, "", 7.5)
        self.set_text_color(*_PDF_MUTED)
        width = self.epw
        left = self.footer_text
        if self.sample:
            left = f"{left} · {SAMPLE_WARNING}"
        self.cell(width * 0.8, 4, left, new_x=XPos.LEFT)
        self.cell(width, 4, f"Trang {self.page_no()}/{{nb}}", align="R")
        self.set_text_color(*_PDF_DARK)


def _pdf_heading(pdf: _BoardPDF, text: str, room: float = 30) -> None:
    """A section heading, moved to a new page when fewer than `room` mm are left under it."""
    if pdf.get_y() + room > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font(_PDF_FONT, "B", 13)
    pdf.set_text_color(*_PDF_NAVY)
    pdf.multi_cell(0, 6.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*_PDF_DARK)
    pdf.ln(1)


def _pdf_note(pdf: _BoardPDF, text: str) -> None:
    pdf.set_font(_PDF_FONT, "", 9.5)
    pdf.set_text_color(*_PDF_MUTED)
    pdf.multi_cell(0, 5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*_PDF_DARK)


def _pdf_cover(pdf: _BoardPDF, board: pd.DataFrame, meta: dict) -> None:
    """Title, period, time of printing, the sample warning, the status rule and the count per status."""
    pdf.set_font(_PDF_FONT, "B", 18)
    pdf.set_text_color(*_PDF_NAVY)
    title = _pdf_text(meta.get("title")) or "Báo cáo tiến độ thực hiện Nghị quyết 57-NQ/TW"
    pdf.multi_cell(0, 8.5, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(_PDF_FONT, "B", 12)
    pdf.set_text_color(*_PDF_DARK)
    pdf.multi_cell(0, 6.5, _pdf_text(meta.get("period_label")) or fmt.DASH, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(_PDF_FONT, "", 9.5)
    pdf.set_text_color(*_PDF_MUTED)
    facts = [f"Lập lúc {fmt.datetime(meta.get('generated_at'))}"]
    if as_date(meta.get("as_of")) is not None:
        facts.append(f"số liệu tính đến ngày {fmt.date(meta.get('as_of'))}")
    facts.append(f"{fmt.number(len(board))} chỉ tiêu")
    pdf.multi_cell(0, 5, " · ".join(facts), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*_PDF_DARK)
    if meta.get("has_sample"):
        # Thick red frame and bold capitals: still unmistakable on a black-and-white printer.
        pdf.ln(2)
        pdf.set_font(_PDF_FONT, "B", 13)
        pdf.set_text_color(*_PDF_RED)
        pdf.set_fill_color(0xFF, 0xF5, 0xF5)
        pdf.set_draw_color(*_PDF_RED)
        pdf.set_line_width(0.8)
        text = f"CẢNH BÁO: {SAMPLE_WARNING}. Không dùng để báo cáo."
        pdf.multi_cell(0, 9, text, border=1, align="C", fill=True, padding=1, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_line_width(0.2)
        pdf.set_text_color(*_PDF_DARK)
    pdf.ln(2)
    rule = _pdf_text(meta.get("rule"))
    if rule:
        pdf.set_font(_PDF_FONT, "B", 9)
        pdf.cell(pdf.get_string_width("Quy tắc đánh giá: ") + 0.5, 4.5, "Quy tắc đánh giá: ")
        pdf.set_font(_PDF_FONT, "", 9)
        pdf.multi_cell(0, 4.5, rule, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1.5)
    for label, text in meta.get("task_facts") or ():
        pdf.set_font(_PDF_FONT, "B", 9)
        pdf.cell(pdf.get_string_width(f"{label}: ") + 0.5, 4.5, _pdf_text(f"{label}: "))
        pdf.set_font(_PDF_FONT, "", 9)
        pdf.multi_cell(0, 4.5, _pdf_text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.5)
    _pdf_status_chips(pdf, board)


def _pdf_status_chips(pdf: _BoardPDF, board: pd.DataFrame) -> None:
    """One framed chip per status, 'Chậm tiến độ: 4', pale status fill and a bar in the status colour."""
    counts = _status_counts(board)
    pdf.set_font(_PDF_FONT, "B", 9.5)
    if not counts:
        _pdf_note(pdf, "Chưa có chỉ tiêu nào.")
        return
    height, gap = 7.0, 3.0
    x, y = pdf.l_margin, pdf.get_y()
    for _code, label, colour, n in counts:
        text = f"{_pdf_text(label)}: {fmt.number(n)}"
        width = pdf.get_string_width(text) + 7
        if x + width > pdf.w - pdf.r_margin:
            x, y = pdf.l_margin, y + height + 2
        pdf.set_fill_color(*_pale_tuple(colour))
        pdf.set_draw_color(*_PDF_MUTED)
        pdf.rect(x, y, width, height, style="DF")
        pdf.set_fill_color(*_rgb_tuple(colour))
        pdf.rect(x, y, 2, height, style="F")
        pdf.set_xy(x + 3.5, y)
        pdf.cell(width - 3.5, height, text)
        x += width + gap
    pdf.set_xy(pdf.l_margin, y + height + 2)


_PDF_BOARD_HEADERS = ("Chỉ tiêu", "Giá trị", "Kỳ số liệu", "Mục tiêu", "Hạn", "Trạng thái", "Nguồn")
_PDF_BOARD_WIDTHS = (78, 20, 27, 22, 21, 31, 78)  # mm, 277 in all


def _pdf_board_table(pdf: _BoardPDF, board: pd.DataFrame) -> None:
    _pdf_heading(pdf, "Các chỉ tiêu theo nhóm", room=40)
    if board.empty:
        _pdf_note(pdf, "Chưa có chỉ tiêu nào có mục tiêu.")
        return
    pdf.set_font(_PDF_FONT, "", 8)
    pdf.set_fill_color(255, 255, 255)  # fpdf2 fills plain cells with the current fill colour
    ncols = len(_PDF_BOARD_HEADERS)
    with pdf.table(
        col_widths=_PDF_BOARD_WIDTHS, width=sum(_PDF_BOARD_WIDTHS), text_align=("LEFT", "RIGHT") + ("LEFT",) * 5,
        headings_style=_PDF_HEADINGS, line_height=3.8, padding=1, repeat_headings=1, v_align="TOP",
    ) as table:  # fmt: skip
        table.row(_PDF_BOARD_HEADERS)
        group = object()
        for rec in board.to_dict("records"):
            if rec["group_code"] != group:
                group = rec["group_code"]
                code = _pdf_text(group)
                head = " ".join(s for s in (code + ("." if code else ""), _pdf_text(rec["group_name"])) if s)
                style = FontFace(emphasis="BOLD", color=_PDF_NAVY, fill_color=_PDF_GROUP_FILL)
                table.row().cell(head or "Nhóm chưa rõ", colspan=ncols, style=style)
            name = _pdf_text(rec["name"]) or _pdf_text(rec["code"])
            unit = _pdf_text(rec["unit_of_measure"])
            if unit and unit != "%":
                name = f"{name} ({unit})"
            deadline = _pdf_text(rec["deadline_text"]) or fmt.date(rec["deadline"])
            row = table.row()
            row.cell(name)
            row.cell(_pdf_text(rec["value_text"]) or fmt.DASH)
            row.cell(_pdf_text(rec["period_label"]) or fmt.DASH)
            row.cell(_pdf_text(rec["target_text"]) or fmt.DASH)
            row.cell(deadline)
            # The label in words (prints in black and white) on a pale fill of the status colour.
            status_style = FontFace(
                emphasis="BOLD", color=_rgb_tuple(rec["status_colour"]), fill_color=_pale_tuple(rec["status_colour"])
            )
            row.cell(_pdf_text(rec["status_label"]) or "Chưa rõ", style=status_style)
            row.cell(_pdf_text(rec["source"]))


def _history_by_code(history: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Per code, the points with a date and a value, oldest first; codes with fewer than two points left out."""
    if history.empty:
        return {}
    hist = history.copy()
    hist["_d"] = hist["period_end"].map(lambda v: None if _missing(v) else as_date(v))
    hist["_v"] = pd.to_numeric(hist["value"], errors="coerce")
    hist["_t"] = pd.to_numeric(hist["target_value"], errors="coerce")
    hist = hist[hist["_d"].notna() & hist["_v"].map(lambda v: math.isfinite(v) if not _missing(v) else False)]
    out = {}
    for code, part in hist.groupby("code", sort=False):
        part = part.sort_values("_d", kind="stable")
        if len(part) >= 2:
            out[code] = part
    return out


def _chart_order(board: pd.DataFrame, series: dict[str, pd.DataFrame]) -> list[dict]:
    """Board records that get a chart: the headline figures in their meeting order, then the rest in board order."""
    records = {rec["code"]: rec for rec in board.to_dict("records") if rec["code"] in series}
    headline = [code for code, _ in HEADLINE if code in records]
    rest = [code for code in records if code not in headline]
    return [records[code] for code in headline + rest]


def _axis_label(value: float, unit: str) -> str:
    text = fmt.number(round(value, 2))
    return text + "%" if unit == "%" else text


def _pdf_chart(pdf: _BoardPDF, rec: dict, points: pd.DataFrame, x: float, y: float, w: float, h: float) -> None:
    """A small trend chart with fpdf2 primitives: values as a solid line with dots, the target as a dashed line."""
    pdf.set_draw_color(*_PDF_GRID)
    pdf.set_line_width(0.2)
    pdf.rect(x, y, w, h)
    pad = 2.5
    inner_w = w - 2 * pad
    # Title: the indicator's name, three lines at most.
    pdf.set_font(_PDF_FONT, "B", 8.5)
    pdf.set_text_color(*_PDF_NAVY)
    name = _pdf_text(rec["name"]) or _pdf_text(rec["code"])
    lines = pdf.multi_cell(inner_w, 4, name, dry_run=True, output="LINES")
    if len(lines) > 3:
        lines = lines[:2] + [lines[2].rstrip()[:-1] + "…"]
    pdf.set_xy(x + pad, y + pad)
    for line in lines:
        pdf.set_x(x + pad)
        pdf.cell(inner_w, 4, line, new_x=XPos.LEFT, new_y=YPos.NEXT)
    top = y + pad + 12.5
    pdf.set_font(_PDF_FONT, "", 7.5)
    pdf.set_text_color(*_PDF_DARK)
    value = _pdf_text(rec["value_text"]) or fmt.DASH
    period = _pdf_text(rec["period_label"])
    target = _pdf_text(rec["target_text"]) or fmt.DASH
    pdf.set_xy(x + pad, top)
    pdf.cell(inner_w, 3.6, f"Mới nhất: {value}" + (f" ({period})" if period else "") + f" · Mục tiêu: {target}")
    pdf.set_xy(x + pad, top + 3.8)
    pdf.set_font(_PDF_FONT, "B", 7.5)
    pdf.set_text_color(*_rgb_tuple(rec["status_colour"]))
    pdf.cell(inner_w, 3.6, _pdf_text(rec["status_label"]) or "Chưa rõ")
    pdf.set_text_color(*_PDF_DARK)

    # Plot area.
    unit = _pdf_text(rec["unit_of_measure"])
    values = [float(v) for v in points["_v"]]
    targets = [float(t) for t in points["_t"] if not _missing(t) and math.isfinite(t)]
    target_value = targets[-1] if targets else None
    low, high = min(values + targets[-1:]), max(values + targets[-1:])
    pdf.set_font(_PDF_FONT, "", 6.5)
    label_w = max(pdf.get_string_width(_axis_label(v, unit)) for v in (low, high)) + 1.5
    px, py = x + pad + label_w, top + 9.5
    pw, ph = w - 2 * pad - label_w, y + h - py - 10
    span = high - low
    if span <= 0:
        span = abs(high) or 1.0
        low, high = low - span / 2, high + span / 2
        span = high - low
    bottom, ceiling = low - span * 0.06, high + span * 0.06

    def to_y(v: float) -> float:
        return py + ph - (v - bottom) / (ceiling - bottom) * ph

    days = [(d - points["_d"].iloc[0]).days for d in points["_d"]]
    total = days[-1] or 1

    def to_x(i: int) -> float:
        return px + days[i] / total * pw

    pdf.set_draw_color(*_PDF_GRID)
    pdf.line(px, py, px, py + ph)
    pdf.line(px, py + ph, px + pw, py + ph)
    for v in (low, high):
        pdf.set_draw_color(0xE2, 0xE8, 0xF0)
        pdf.line(px, to_y(v), px + pw, to_y(v))
        pdf.set_xy(x + pad, to_y(v) - 1.5)
        pdf.cell(label_w - 1, 3, _axis_label(v, unit), align="R")
    pdf.set_xy(px, py + ph + 0.8)
    pdf.cell(pw / 2, 3, fmt.date(points["_d"].iloc[0]), align="L")
    pdf.set_xy(px + pw / 2, py + ph + 0.8)
    pdf.cell(pw / 2, 3, fmt.date(points["_d"].iloc[-1]), align="R")

    if target_value is not None:
        pdf.set_draw_color(*_PDF_RED)
        pdf.set_line_width(0.4)
        pdf.set_dash_pattern(dash=1.5, gap=1)
        pdf.line(px, to_y(target_value), px + pw, to_y(target_value))
        pdf.set_dash_pattern()
    pdf.set_draw_color(*_PDF_NAVY)
    pdf.set_fill_color(*_PDF_NAVY)
    pdf.set_line_width(0.6)
    pdf.polyline([(to_x(i), to_y(v)) for i, v in enumerate(values)], style="D")
    radius = 0.6 if len(values) <= 12 else 0.4
    for i, v in enumerate(values):
        pdf.circle(to_x(i), to_y(v), radius, style="F")  # x, y: the centre (fpdf2 2.8 code; its docstring says corner)

    # Legend, drawn with the same strokes so it reads without colour.
    ly = y + h - 3.5
    lx = x + pad
    pdf.line(lx, ly, lx + 6, ly)
    pdf.set_xy(lx + 7, ly - 1.5)
    pdf.set_text_color(*_PDF_MUTED)
    pdf.cell(14, 3, "Giá trị")
    if target_value is not None:
        lx += 22
        pdf.set_draw_color(*_PDF_RED)
        pdf.set_line_width(0.4)
        pdf.set_dash_pattern(dash=1.5, gap=1)
        pdf.line(lx, ly, lx + 6, ly)
        pdf.set_dash_pattern()
        pdf.set_xy(lx + 7, ly - 1.5)
        pdf.cell(40, 3, f"Mục tiêu ({_axis_label(target_value, unit)})")
    pdf.set_line_width(0.2)
    pdf.set_text_color(*_PDF_DARK)


def _pdf_charts(pdf: _BoardPDF, board: pd.DataFrame, history: pd.DataFrame) -> None:
    records = _chart_order(board, _history_by_code(history))
    if not records:
        return
    series = _history_by_code(history)
    gap = 5.0
    per_page = _CHART_COLS * _CHART_ROWS
    for start in range(0, len(records), per_page):
        pdf.add_page()
        more = f" ({start // per_page + 1}/{math.ceil(len(records) / per_page)})" if len(records) > per_page else ""
        _pdf_heading(pdf, "Diễn biến các chỉ tiêu" + more, room=0)
        top = pdf.get_y()
        w = (pdf.epw - gap * (_CHART_COLS - 1)) / _CHART_COLS
        h = (pdf.page_break_trigger - 2 - top - gap * (_CHART_ROWS - 1)) / _CHART_ROWS
        for i, rec in enumerate(records[start : start + per_page]):
            row, col = divmod(i, _CHART_COLS)
            _pdf_chart(pdf, rec, series[rec["code"]], pdf.l_margin + col * (w + gap), top + row * (h + gap), w, h)
    pdf.set_xy(pdf.l_margin, pdf.page_break_trigger)


def _pdf_simple_table(pdf: _BoardPDF, headers, widths, rows: list[list[str]], align) -> None:
    pdf.set_font(_PDF_FONT, "", 8.5)
    pdf.set_fill_color(255, 255, 255)  # fpdf2 fills plain cells with the current fill colour
    with pdf.table(
        col_widths=widths, width=sum(widths), text_align=align, headings_style=_PDF_HEADINGS, line_height=4,
        padding=1, repeat_headings=1, v_align="TOP",
    ) as table:  # fmt: skip
        table.row(headers)
        for values in rows:
            table.row(values)


def _pdf_tasks(pdf: _BoardPDF, tasks: pd.DataFrame) -> None:
    pdf.add_page()
    _pdf_heading(pdf, f"{TASKS_TITLE} ({fmt.number(len(tasks))})")
    if tasks.empty:
        _pdf_note(pdf, NO_TASKS)
        return
    rows = []
    for rec in _tasks_sorted(tasks).to_dict("records"):
        deadline = _pdf_text(rec["deadline_text"]) or fmt.date(rec["deadline"])
        days = pd.to_numeric(pd.Series([rec["days_late"]]), errors="coerce").iloc[0]
        rows.append([
            _pdf_text(rec["name"]) or _pdf_text(rec["code"]), _pdf_text(rec["lead"]), deadline,
            _pdf_text(rec["state_label"]), fmt.number(int(days)) if not _missing(days) else fmt.DASH,
        ])  # fmt: skip
    _pdf_simple_table(
        pdf, tuple(_TASK_HEADERS[1:]), (120, 62, 25, 47, 23), rows, ("LEFT", "LEFT", "LEFT", "LEFT", "RIGHT"),
    )  # fmt: skip


def _pdf_villages(pdf: _BoardPDF, villages: pd.DataFrame) -> None:
    _pdf_heading(pdf, f"Thôn, bản chưa có sóng di động ({fmt.number(len(villages))})", room=40)
    if villages.empty:
        _pdf_note(pdf, "Không còn thôn, bản nào chưa có sóng di động băng rộng.")
        return
    rows = [[_pdf_text(rec[k]) for k in VILLAGE_COLUMNS] for rec in villages.to_dict("records")]
    _pdf_simple_table(
        pdf, ("Thôn, bản", "Xã", "Sóng di động", "Điện lưới", "Dự kiến có sóng"), (60, 60, 45, 32, 80), rows,
        "LEFT",
    )  # fmt: skip


def board_pdf(
    board: pd.DataFrame, history: pd.DataFrame, tasks: pd.DataFrame, villages: pd.DataFrame, meta: dict
) -> bytes:
    """The meeting pack as an A4 landscape PDF that prints in colour or black and white: title, sample warning,
    status rule and counts, then every indicator by group; a trend chart per indicator with two points or more
    (headline figures first, six a page); tasks past their deadline; villages without signal. Footer 'Trang 1/3'."""
    board = _sorted_board(_frame(board, BOARD_COLUMNS))
    history = _frame(history, HISTORY_COLUMNS)
    tasks = _frame(tasks, TASK_COLUMNS)
    villages = _frame(villages, VILLAGE_COLUMNS)
    meta = dict(meta or {})
    title = _pdf_text(meta.get("title")) or "Báo cáo tiến độ thực hiện Nghị quyết 57-NQ/TW"
    period = _pdf_text(meta.get("period_label"))

    pdf = _BoardPDF(f"{title} · {period}" if period else title, bool(meta.get("has_sample")))
    pdf.set_title(title[:250])
    pdf.set_creator("nq57")
    if isinstance(meta.get("generated_at"), dt.datetime):
        pdf.set_creation_date(meta["generated_at"])  # same bytes for the same inputs
    pdf.add_page()
    _pdf_cover(pdf, board, meta)
    _pdf_board_table(pdf, board)
    _pdf_charts(pdf, board, history)
    _pdf_tasks(pdf, tasks)
    _pdf_villages(pdf, villages)
    return bytes(pdf.output())


__all__ = ["board_workbook", "board_slides", "board_pdf"]
