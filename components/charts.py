"""Plotly figures: pure builders that take frames and return figures, tested without streamlit."""

import pandas as pd
import plotly.graph_objects as go

from nq57 import fmt

FONT = dict(family="Source Sans 3, Source Sans Pro, Arial, sans-serif", size=16, color="#1a202c")
DATE_TICKS = "%-d/%-m/%Y"  # 30/6/2026, as the documents write dates
BLUE, GREY, RED = "#1f5f99", "#a0aec0", "#c53030"


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


def _group_label(code: str, name: str, width: int = 34) -> str:
    """'IX. An ninh, an toàn thông tin và…': short enough that the axis never cuts the group number."""
    name = name.removeprefix("Về ")
    name = name[0].upper() + name[1:]
    return f"{code}. {name if len(name) <= width else name[: width - 1].rstrip(' ,') + '…'}"


def build_tasks_by_group(tasks: pd.DataFrame) -> go.Figure:
    """Horizontal bars: tasks of appendix 02 per group (I–X), split into dated and recurring."""
    df = tasks[tasks["plan"] == "32-KH/TU"].copy()
    df["kind"] = df["recurring"].map({True: "Thường xuyên, định kỳ", False: "Có thời hạn"})
    order = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
    counts = df.groupby(["group_code", "group_name", "kind"]).size().reset_index(name="n")
    fig = go.Figure()
    for kind, colour in (("Có thời hạn", BLUE), ("Thường xuyên, định kỳ", GREY)):
        part = counts[counts["kind"] == kind]
        labels = [_group_label(g, n) for g, n in zip(part["group_code"], part["group_name"], strict=True)]
        fig.add_bar(y=labels, x=part["n"], name=kind, orientation="h", marker_color=colour, text=part["n"], textangle=0)
    names = counts.drop_duplicates("group_code").set_index("group_code")["group_name"]
    category_order = [_group_label(g, names[g]) for g in order if g in names.index]
    fig.update_layout(barmode="stack")
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(category_order)), title=None, automargin=False)
    fig.update_xaxes(title="Số nhiệm vụ", dtick=1)
    return _layout(fig, height=460, margin=dict(l=270, r=10, t=50, b=10))


def build_deadlines_by_month(tasks: pd.DataFrame) -> go.Figure:
    """Bars: tasks with a dated deadline per month, both plans; every month from the first to the last labelled."""
    df = tasks.dropna(subset=["deadline"]).copy()
    df["month"] = pd.to_datetime(df["deadline"]).dt.to_period("M")
    months = pd.period_range(df["month"].min(), df["month"].max(), freq="M") if len(df) else []
    labels = [f"T{m.month}/{m.year}" for m in months]
    fig = go.Figure()
    for plan, colour in (("32-KH/TU", BLUE), ("01-TB/CQTTBCD", "#2f855a")):
        counts = df[df["plan"] == plan].groupby("month").size().reindex(months, fill_value=0)
        fig.add_bar(
            x=labels,
            y=counts.values,
            name=plan,
            marker_color=colour,
            text=[str(n) if n else "" for n in counts.values],
            textangle=0,
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(type="category", title=None)
    fig.update_yaxes(title="Số nhiệm vụ đến hạn")
    return _layout(fig)


def build_indicator_trend(observations: pd.DataFrame, targets: pd.DataFrame, measure: str, unit: str = "") -> go.Figure:
    """Observed values over time (province) with each target as a marked point at its deadline."""
    fig = go.Figure()
    obs = observations[observations["unit_code"] == "12"].sort_values("period_end")
    if len(obs):
        fig.add_scatter(
            x=obs["period_end"],
            y=obs["value"],
            mode="lines+markers+text",
            name="Số liệu",
            line=dict(color=BLUE, width=3),
            marker=dict(size=12),
            text=[fmt.measure(v, measure, d) for v, d in zip(obs["value"], obs["denominator"], strict=True)],
            textposition="top center",
        )
    if len(targets):
        fig.add_scatter(
            x=targets["deadline"],
            y=targets["target_value"],
            mode="markers+text",
            name="Mục tiêu",
            marker=dict(symbol="star", size=18, color=RED),
            text=[
                f"{fmt.target(c, v, measure)} ({s})"
                for c, v, s in zip(targets["comparator"], targets["target_value"], targets["source_doc"], strict=True)
            ],
            textposition="bottom center",
        )
    fig.update_traces(cliponaxis=False)
    fig.update_xaxes(tickformat=DATE_TICKS, title=None)
    fig.update_yaxes(rangemode="tozero", title=unit or None)
    return _layout(fig, margin=dict(l=60, r=60, t=50, b=30))
