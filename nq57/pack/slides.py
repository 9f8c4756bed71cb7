"""The meeting pack as a 16:9 PowerPoint deck (python-pptx): title, statuses, a trend per indicator, then tables
split over as many slides as their rows need."""

import io
import math

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from nq57 import fmt
from nq57.board import status_counts
from nq57.pack import common
from nq57.periods import as_date
from nq57.xlsx_text import neutralise

_W, _H = Inches(13.333), Inches(7.5)
_MARGIN = Inches(0.5)
_NAVY = RGBColor.from_string(common.NAVY)
_DARK = RGBColor.from_string(common.DARK)
_MUTED = RGBColor.from_string(common.MUTED)
_RED = RGBColor.from_string(common.RED)
_WHITE = RGBColor(255, 255, 255)
_FONT = "Arial"  # ships Vietnamese glyphs on Windows, macOS and LibreOffice's metric-compatible fonts
_TABLE_ROWS = 8  # at most this many rows per table slide, so 16-pt text stays readable from the back of the room
_TABLE_HEIGHT = 5.6  # inches of slide below the title that a table's body may fill
_LINE_HEIGHT = 0.3  # inches per line of 16-pt text in a cell, margins included
_CHAR_WIDTH = 0.115  # inches per character of 16-pt Arial, on average for Vietnamese text


def _rgb(colour) -> RGBColor:
    return RGBColor.from_string(common.hex_colour(colour))


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
    run.text = common.SAMPLE_LABEL.upper()
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
    title = meta.get("title") or common.DEFAULT_TITLE
    _textbox(slide, _MARGIN, Inches(2.2), _W - 2 * _MARGIN, Inches(1.5), str(title), 36, True, _WHITE)
    period = meta.get("period_label") or ""
    _textbox(slide, _MARGIN, Inches(3.7), _W - 2 * _MARGIN, Inches(0.7), str(period), 24, False, _WHITE)
    lines = [
        f"Số liệu tính đến ngày {fmt.date(meta.get('as_of'))}",
        f"Lập lúc {fmt.datetime(meta.get('generated_at'))}",
        f"{fmt.number(len(board))} chỉ tiêu có mục tiêu",
        " · ".join(f"{label}: {text}" for label, text in (meta.get("task_facts") or ())[:2]),
    ]
    _textbox(slide, _MARGIN, Inches(4.8), _W - 2 * _MARGIN, Inches(1.6), "\n".join(lines), 18, colour=_MUTED)
    if sample:
        _sample_mark(slide)
        _textbox(slide, _MARGIN, Inches(6.5), _W - 2 * _MARGIN, Inches(0.6), common.SAMPLE_WARNING, 18, True, _RED)


def _status_slide(prs, board: pd.DataFrame, meta: dict) -> None:
    sample = bool(board["sample"].map(common.is_sample).any())
    slide = _new_slide(prs, "Số chỉ tiêu theo trạng thái", "Cách đánh giá: trang sau.", sample)
    counts = status_counts(board, with_no_target=True)
    if not counts:
        _textbox(slide, _MARGIN, Inches(3), _W - 2 * _MARGIN, Inches(1), common.NO_INDICATORS, 24)
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
    value = rec["value_text"] if not common.missing(rec["value_text"]) else fmt.DASH
    period = f" ({rec['period_label']})" if isinstance(rec["period_label"], str) and rec["period_label"] else ""
    deadline = rec["deadline_text"] if isinstance(rec["deadline_text"], str) and rec["deadline_text"] else ""
    deadline = deadline or fmt.date(rec["deadline"])
    target = rec["target_text"] if not common.missing(rec["target_text"]) else fmt.DASH
    first = f"Giá trị: {value}{period} · Mục tiêu: {target} · Hạn: {deadline}"
    return f"{first}\n{common.text(rec['source']) or 'Nguồn: chưa rõ'}"


def _indicator_slide(prs, rec: dict, series: pd.DataFrame) -> None:
    sample = common.is_sample(rec["sample"])
    name = common.text(rec["name"]) or common.text(rec["code"])
    slide = _new_slide(prs, name, _indicator_subtitle(rec), sample)
    # Status pill, in the status colour.
    pill = slide.shapes.add_shape(5, _MARGIN, Inches(2.05), Inches(3.6), Inches(0.55))
    pill.fill.solid()
    pill.fill.fore_color.rgb = _rgb(rec["status_colour"])
    pill.line.fill.background()
    para = pill.text_frame.paragraphs[0]
    para.alignment = PP_ALIGN.CENTER
    run = para.add_run()
    run.text = common.text(rec["status_label"]) or "Chưa rõ"
    run.font.size, run.font.bold, run.font.name = Pt(18), True, _FONT
    run.font.color.rgb = _WHITE
    _textbox(
        slide, _MARGIN + Inches(3.8), Inches(2.0), _W - 2 * _MARGIN - Inches(3.8), Inches(0.7),
        common.text(rec["explanation"]), 16, colour=_DARK,
    )  # fmt: skip
    data = CategoryChartData(number_format="#,##0.##")
    data.categories = [fmt.date(d) for d in series["period_end"]]
    values = [None if common.missing(v) else float(v) for v in series["value"]]
    data.add_series("Giá trị", values)
    targets = [None if common.missing(v) else float(v) for v in series["target_value"]]
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
    chart.value_axis.major_gridlines.format.line.color.rgb = RGBColor.from_string(common.PALE_GREY)
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
            _cell(table.cell(0, col), head, 16, bold=True, colour=_WHITE, fill=_NAVY)
        for r, i in enumerate(chunk, start=1):
            for col, value in enumerate(rows[i]):
                fill = fills[i][col] if fills[i] and col in fills[i] else None
                _cell(table.cell(r, col), value, 16, fill=fill or _WHITE)


def _chunks(rows: list[list], widths: list[float]) -> list[range]:
    """Rows grouped per slide by an estimate of their wrapped height, `_TABLE_ROWS` at most."""
    usable = (_W - 2 * _MARGIN) / 914400
    chars = [max(4, int(usable * w / sum(widths) / _CHAR_WIDTH) - 1) for w in widths]
    heights = []
    for row in rows:
        lines = max((math.ceil(len(common.text(v)) / c) or 1 for v, c in zip(row, chars, strict=True)), default=1)
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
    run.text = common.text(value)
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
    board, history, tasks, villages, meta = common.inputs(board, history, tasks, villages, meta)
    board = common.sorted_board(board)

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

    off = board[board["status"].isin(common.OFF_TRACK)]
    off_rows = [
        [r["code"], r["name"], common.text(r["value_text"]) or fmt.DASH, r["target_text"],
         common.text(r["deadline_text"]) or fmt.date(r["deadline"]), r["status_label"]]
        for r in off.to_dict("records")
    ]  # fmt: skip
    off_fills = [{5: RGBColor.from_string(common.pale(r["status_colour"], 0.3))} for r in off.to_dict("records")]
    _table_slides(
        prs, "Chỉ tiêu chậm tiến độ, quá hạn", ["Mã", "Chỉ tiêu", "Giá trị", "Mục tiêu", "Hạn", "Trạng thái"],
        [1.1, 5, 1.6, 1.6, 1.5, 2.2], off_rows, [common.is_sample(s) for s in off["sample"]],
        "Không có chỉ tiêu nào chậm tiến độ hoặc quá hạn.", off_fills,
    )  # fmt: skip

    task_rows = []
    for r in common.tasks_sorted(tasks).to_dict("records"):
        deadline = fmt.date(r["deadline"]) if as_date(r["deadline"]) else (r["deadline_text"] or fmt.DASH)
        days = fmt.number(int(r["days_late"])) if not common.missing(r["days_late"]) else fmt.DASH
        task_rows.append([r["code"], r["name"], r["lead"], deadline, r["state_label"], days])
    _table_slides(
        prs, common.TASKS_TITLE, common.TASK_HEADERS, [1.6, 4.4, 2.3, 1.3, 1.8, 1.1], task_rows, None, common.NO_TASKS,
    )  # fmt: skip

    village_rows = [[r[k] for k in common.VILLAGE_COLUMNS] for r in villages.to_dict("records")]
    _table_slides(
        prs, "Thôn, bản chưa có sóng di động", common.VILLAGE_HEADERS,
        [2.6, 2.4, 2, 1.5, 3.5], village_rows, None, common.NO_VILLAGES,
    )  # fmt: skip

    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
