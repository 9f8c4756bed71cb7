"""The meeting pack as an A4 landscape PDF (fpdf2) that prints in colour or in black and white."""

import datetime as dt
import math
import unicodedata

import pandas as pd
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from nq57 import fmt
from nq57.board import status_counts
from nq57.pack import common
from nq57.paths import ROOT
from nq57.periods import as_date

# DejaVu Sans ships Vietnamese glyphs; the copies in assets/fonts are used so that CI and servers need no font package.
FONT_DIR = ROOT / "assets" / "fonts"
_PDF_FONT = "DejaVu"
_PDF_MARGIN = 10.0  # mm, all sides
_PDF_NAVY = common.rgb_tuple(common.NAVY)
_PDF_DARK = common.rgb_tuple(common.DARK)
_PDF_MUTED = common.rgb_tuple(common.MUTED)
_PDF_RED = common.rgb_tuple(common.RED)
_PDF_PALE_GREY = common.rgb_tuple(common.PALE_GREY)
_PDF_GRID = (0xCB, 0xD5, 0xE0)
_PDF_HEADINGS = FontFace(family=_PDF_FONT, emphasis="BOLD", color=(255, 255, 255), fill_color=_PDF_NAVY)
_CHART_COLS, _CHART_ROWS = 3, 2  # trend charts per page


def _pdf_text(value) -> str:
    """Text for a PDF cell: neutralised like every other export (one rule for all), NFC so that a letter and its
    combining marks are one glyph of the font."""
    return unicodedata.normalize("NFC", common.text(value))


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
            left = f"{left} · {common.SAMPLE_WARNING}"
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
    title = _pdf_text(meta.get("title")) or common.DEFAULT_TITLE
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
        text = f"CẢNH BÁO: {common.SAMPLE_WARNING}. Không dùng để báo cáo."
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
    counts = status_counts(board, with_no_target=True)
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
        pdf.set_fill_color(*common.rgb_tuple(common.pale(colour, 0.3)))
        pdf.set_draw_color(*_PDF_MUTED)
        pdf.rect(x, y, width, height, style="DF")
        pdf.set_fill_color(*common.rgb_tuple(colour))
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
        _pdf_note(pdf, common.NO_INDICATORS)
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
                style = FontFace(emphasis="BOLD", color=_PDF_NAVY, fill_color=_PDF_PALE_GREY)
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
                emphasis="BOLD",
                color=common.rgb_tuple(rec["status_colour"]),
                fill_color=common.rgb_tuple(common.pale(rec["status_colour"], 0.3)),
            )
            row.cell(_pdf_text(rec["status_label"]) or "Chưa rõ", style=status_style)
            row.cell(_pdf_text(rec["source"]))


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
    pdf.set_text_color(*common.rgb_tuple(rec["status_colour"]))
    pdf.cell(inner_w, 3.6, _pdf_text(rec["status_label"]) or "Chưa rõ")
    pdf.set_text_color(*_PDF_DARK)

    # Plot area.
    unit = _pdf_text(rec["unit_of_measure"])
    values = [float(v) for v in points["_v"]]
    targets = [float(t) for t in points["_t"] if not common.missing(t) and math.isfinite(t)]
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
        pdf.set_draw_color(*_PDF_PALE_GREY)
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
    series = common.history_by_code(history)
    records = common.chart_order(board, series)
    if not records:
        return
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
    _pdf_heading(pdf, f"{common.TASKS_TITLE} ({fmt.number(len(tasks))})")
    if tasks.empty:
        _pdf_note(pdf, common.NO_TASKS)
        return
    rows = []
    for rec in common.tasks_sorted(tasks).to_dict("records"):
        deadline = _pdf_text(rec["deadline_text"]) or fmt.date(rec["deadline"])
        days = pd.to_numeric(pd.Series([rec["days_late"]]), errors="coerce").iloc[0]
        rows.append([
            _pdf_text(rec["name"]) or _pdf_text(rec["code"]), _pdf_text(rec["lead"]), deadline,
            _pdf_text(rec["state_label"]), fmt.number(int(days)) if not common.missing(days) else fmt.DASH,
        ])  # fmt: skip
    _pdf_simple_table(
        pdf, tuple(common.TASK_HEADERS[1:]), (120, 62, 25, 47, 23), rows, ("LEFT", "LEFT", "LEFT", "LEFT", "RIGHT"),
    )  # fmt: skip


def _pdf_villages(pdf: _BoardPDF, villages: pd.DataFrame) -> None:
    _pdf_heading(pdf, f"Thôn, bản chưa có sóng di động ({fmt.number(len(villages))})", room=40)
    if villages.empty:
        _pdf_note(pdf, common.NO_VILLAGES)
        return
    rows = [[_pdf_text(rec[k]) for k in common.VILLAGE_COLUMNS] for rec in villages.to_dict("records")]
    _pdf_simple_table(
        pdf, tuple(common.VILLAGE_HEADERS), (60, 60, 45, 32, 80), rows,
        "LEFT",
    )  # fmt: skip


def board_pdf(
    board: pd.DataFrame, history: pd.DataFrame, tasks: pd.DataFrame, villages: pd.DataFrame, meta: dict
) -> bytes:
    """The meeting pack as an A4 landscape PDF that prints in colour or black and white: title, sample warning,
    status rule and counts, then every indicator by group; a trend chart per indicator with two points or more
    (headline figures first, six a page); tasks past their deadline; villages without signal. Footer 'Trang 1/3'."""
    board, history, tasks, villages, meta = common.inputs(board, history, tasks, villages, meta)
    board = common.sorted_board(board)
    title = _pdf_text(meta.get("title")) or common.DEFAULT_TITLE
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
