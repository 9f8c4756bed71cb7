"""Plotly figures: pure builders that take frames and return figures, tested without streamlit.

Plotly reads a subset of HTML in every label, text and hover (<b>, <br>, <a href>), and %{…} in a hover template:
every string from data goes through `_text` (HTML escaped), and into hover templates only through customdata."""

import datetime as dt
import html

import pandas as pd
import plotly.graph_objects as go

from components import scale
from nq57 import fmt, task_rules
from nq57.board import commune_coverage
from nq57.periods import as_date, parse_period

FONT = dict(family="Source Sans 3, Source Sans Pro, Arial, sans-serif", size=16, color="#1a202c")
BLUE, RED = "#1f5f99", "#c53030"
MONTH_TICKS = "T%-m/%Y"  # T11/2026


def _layout(fig: go.Figure, height: int = 380, margin: dict | None = None) -> go.Figure:
    fig.update_layout(
        font=FONT,
        height=height,
        margin=margin or dict(l=10, r=10, t=50, b=10),
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
        separators=",.",
    )
    return fig


def _text(value) -> str:
    """A value from data as Plotly text: its characters, never a tag or a link."""
    return html.escape(str(value), quote=False)


def _group_label(code: str, name: str, width: int = 34) -> str:
    """'IX. An ninh, an toàn thông tin và…': short enough that the axis never cuts the group number."""
    name = name.removeprefix("Về ")
    name = name[:1].upper() + name[1:]
    return _text(f"{code}. {name if len(name) <= width else name[: width - 1].rstrip(' ,') + '…'}")


def _period_label(code) -> str:
    try:
        return parse_period(code).label
    except ValueError:
        return str(code)


def build_target_trend(series: pd.DataFrame, targets: pd.DataFrame, measure: str, unit: str = "") -> go.Figure:
    """The provincial figure period by period against each target: a dashed level up to its deadline, a line there.

    series: one row per period (period, period_end, value, denominator), as board/series gives for one indicator;
    targets: comparator, target_value, deadline, source_doc, as indicators/targets gives.
    """
    fig = go.Figure()
    obs = series.dropna(subset=["value"]).sort_values("period_end")
    ends = [as_date(d) for d in obs["period_end"]]
    if len(obs):
        values = [fmt.measure(v, measure, d) for v, d in zip(obs["value"], obs["denominator"], strict=True)]
        if "n_units" in obs:  # a partial sum of the communes never reads as the province's figure unmarked
            covered = [commune_coverage(n, c) for n, c in zip(obs["n_units"], obs["n_communes"], strict=True)]
            values = [f"{v} ({t})" if partial else v for v, (t, partial) in zip(values, covered, strict=True)]
        fig.add_scatter(
            x=ends,
            y=obs["value"],
            mode="lines+markers+text",
            name="Số liệu toàn tỉnh",
            line=dict(color=BLUE, width=4),
            marker=dict(size=9),
            # Only the latest figure is written: a label on every month would cover the line.
            text=[""] * (len(obs) - 1) + [f"<b>{values[-1]}</b>"],
            textposition="top center",
            textfont=dict(size=20, color=BLUE),
            customdata=[[_period_label(p), v] for p, v in zip(obs["period"], values, strict=True)],
            hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>",
        )
    dated = targets.dropna(subset=["deadline", "target_value"]).sort_values("deadline")
    previous = None
    for i, t in enumerate(dated.itertuples()):
        deadline = as_date(t.deadline)
        start = previous or min([*ends[:1], deadline - dt.timedelta(days=365)])
        label = f"Mục tiêu {fmt.target(t.comparator, t.target_value, measure)}"
        fig.add_scatter(
            x=[start, deadline],
            y=[t.target_value, t.target_value],
            mode="lines",
            name="Mục tiêu",
            legendgroup="target",
            showlegend=i == 0,
            line=dict(color=RED, width=3, dash="dash"),
            customdata=[[_text(f"{label} ({t.source_doc}), hạn {fmt.date(deadline)}")]] * 2,
            hovertemplate="%{customdata[0]}<extra></extra>",
        )
        fig.add_annotation(
            x=deadline,
            y=t.target_value,
            text=_text(f"{label} ({t.source_doc})"),
            showarrow=False,
            xanchor="right",
            yanchor="bottom",
            xshift=-8,
            yshift=6,
            font=dict(color=RED, size=16),
        )
        fig.add_shape(
            type="line",
            x0=deadline,
            x1=deadline,
            y0=0,
            y1=1,
            yref="paper",
            line=dict(color="#4a5568", width=2, dash="dot"),
        )
        fig.add_annotation(
            x=deadline,
            y=1,
            yref="paper",
            text=f"<b>Hạn {fmt.date(deadline)}</b>",
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            xshift=4,
            font=dict(color="#2d3748", size=16),
        )
        previous = deadline
    xs = ends + [as_date(d) for d in dated["deadline"]]
    if xs:
        fig.update_xaxes(range=[min(xs) - dt.timedelta(days=20), max(xs) + dt.timedelta(days=45)])
    top = max([*obs["value"], *dated["target_value"], 0])
    percent = measure == "percent"
    fig.update_yaxes(
        range=[0, top * 1.18 or 1],
        title=None if percent else unit or None,
        ticksuffix="%" if percent else None,
        gridcolor="#e2e8f0",
        separatethousands=True,
    )
    days = [*ends, *(as_date(d) for d in dated["deadline"])]
    span = (max(days) - min(days)).days if days else 0
    # One label per month at most (plotly's own ticks fall weekly on a short span and repeat “T4/2026”), fewer on a
    # long span.
    step = "M1" if span <= 400 else "M3" if span <= 1200 else "M12"
    fig.update_xaxes(tickformat=MONTH_TICKS, dtick=step, title=None, showgrid=False)
    fig.update_traces(cliponaxis=False)
    _layout(fig, height=440, margin=dict(l=60, r=40, t=70, b=60))
    # The deadlines' labels take the band above the plot; the legend goes under it, where nothing else is.
    return fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.12, x=0))


def build_commune_ranking(
    values: pd.DataFrame, measure: str, target: tuple[str, float] | None = None, colours: scale.Scale | None = None
) -> go.Figure:
    """Every commune and ward as a horizontal bar, best at the top; those without a figure listed last, in grey.

    values: code, name, value, numerator, denominator (indicators/commune_values); target: (comparator, value).
    """
    colours = colours or scale.classes(values["value"], measure)
    df = values.copy()
    df["missing"] = df["value"].isna()
    df = df.sort_values(["missing", "value", "name"], ascending=[True, False, True], kind="stable")
    have, missing = df[~df["missing"]], df[df["missing"]]
    fig = go.Figure()
    fig.add_bar(
        y=[_text(n) for n in have["name"]],
        x=have["value"],
        orientation="h",
        name="Số liệu",
        showlegend=False,
        marker=dict(
            color=[scale.hex_colour(colours.colour(v)) for v in have["value"]], line=dict(color="#4a5568", width=0.5)
        ),
        text=[fmt.measure(v, measure) for v in have["value"]],
        textposition="outside",
        textangle=0,
        customdata=[
            fmt.number(n) + "/" + fmt.number(d) if pd.notna(n) and pd.notna(d) else ""
            for n, d in zip(have["numerator"], have["denominator"], strict=True)
        ],
        hovertemplate="%{y}: %{text} %{customdata}<extra></extra>",
    )
    if len(missing):
        fig.add_scatter(
            y=[_text(n) for n in missing["name"]],
            x=[0] * len(missing),
            mode="markers+text",
            name="Chưa có số liệu",
            marker=dict(symbol="square", size=12, color=scale.hex_colour(scale.NO_DATA)),
            text=["chưa có số liệu"] * len(missing),
            textposition="middle right",
            textfont=dict(color="#718096", size=14),
            hoverinfo="y+name",
        )
    if target is not None:
        comparator, level = target
        fig.add_vline(x=level, line=dict(color=RED, width=2, dash="dash"), layer="below")
        fig.add_annotation(
            x=level,
            y=1,
            yref="paper",
            text=f"Mục tiêu {fmt.target(comparator, level, measure)}",
            showarrow=False,
            yanchor="bottom",
            font=dict(color=RED, size=15),
        )
    order = [_text(n) for n in df["name"]]
    fig.update_yaxes(
        categoryorder="array", categoryarray=list(reversed(order)), title=None, tickfont=dict(size=14), automargin=False
    )
    top = max([*have["value"], target[1] if target else 0, 0])
    # Every bar carries its figure, so the axis needs no numbers (they would sit under the target's label).
    fig.update_xaxes(range=[0, top * 1.15 or 1], title=None, showticklabels=False, showgrid=False, zeroline=False)
    fig.update_traces(cliponaxis=False)
    fig.update_layout(showlegend=False)  # the grey rows say "chưa có số liệu" themselves
    # A fixed left margin for the names: automargin measures before the web font loads and cuts the longest.
    width = max((len(n) for n in df["name"]), default=10)
    return _layout(fig, height=24 * len(df) + 60, margin=dict(l=8 * width + 16, r=30, t=40, b=10))


def build_task_states_by_group(reg: pd.DataFrame) -> go.Figure:
    """Horizontal bars: tasks per group (I–X of appendix 02, then the notice), split by official status."""
    df = reg.assign(
        label=[
            _group_label(g, n) if p == "32-KH/TU" else "Thông báo 01-TB/CQTTBCD"
            for g, n, p in zip(reg["group_code"], reg["group_name"].fillna(""), reg["plan"], strict=True)
        ]
    )
    order = list(dict.fromkeys(df.sort_values(["plan", "seq"], ascending=[False, True])["label"]))
    counts = df.groupby(["label", "state"]).size().unstack(fill_value=0)
    fig = go.Figure()
    for state in reversed(task_rules.ORDER):
        if state in counts.columns and counts[state].sum():
            column = counts[state].reindex(order, fill_value=0)
            fig.add_bar(
                y=column.index,
                x=column.values,
                name=task_rules.LABELS[state],
                orientation="h",
                marker_color=task_rules.COLOURS[state],
                text=[str(n) if n else "" for n in column.values],
                textangle=0,
            )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(order)), title=None, automargin=False)
    fig.update_xaxes(title="Số nhiệm vụ", dtick=2)
    _layout(fig, height=500, margin=dict(l=270, r=10, t=20, b=10))
    # The legend sits in the empty lower right of the plot, where the short groups leave room.
    fig.update_layout(legend=dict(orientation="v", x=0.99, xanchor="right", y=0.2, yanchor="bottom"))
    return fig
