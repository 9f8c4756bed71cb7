"""KPI cards: a big number, what it means against its target, and where it comes from."""

from collections.abc import Sequence

import streamlit as st

from components.text import md
from nq57 import fmt


def card_value(row) -> str:
    """The big number of a card, formatted by the indicator's kind (137/240, 9,6%, thứ 4/58)."""
    return fmt.measure(row.value, row.measure, row.denominator)


def card_caption(row, period_label: str) -> str:
    """'Quý I/2026 · Nguồn: Thông báo 01-TB/CQTTBCD ngày 16/4/2026, mục 1' (or the uploaded file)."""
    source = fmt.source(row.source_doc, row.source_issued_on, row.source_ref, row.upload_file, row.upload_kind)
    return f"{period_label} · {source}"


def kpi_card(
    label: str,
    value: str,
    caption: str,
    detail: str | Sequence[str] | None = None,
    help: str | None = None,
    *,
    key: str | None = None,
    delta: str | None = None,
    delta_color: str = "normal",
    delta_description: str | None = None,
    trend: list[float] | None = None,
    escaped: bool = False,
) -> None:
    """One bordered card: the label in full (wrapped, never cut), the big number, a detail line, the source.

    The label and the detail line are written by the page itself (the detail may use Markdown), the value is a figure
    formatted by nq57.fmt; the caption and the help come from data and are escaped here.

    The board's indicator card (components.board_text.card) adds: a key (its status colour on the left edge),
    the change since the previous period (delta, its colour and what it compares with), a trend line, several detail
    lines (status, target, milestones, each its own paragraph), and escaped=True: its caption and help mix its own
    Markdown with values from data that it has escaped itself (components.text.md)."""
    with st.container(border=True, height="stretch", key=key):
        st.markdown(f"**{label}**", help=(help if escaped else md(help)) if help else None)
        st.metric(
            label,
            value,
            delta=delta,
            delta_color=delta_color,
            delta_description=delta_description,
            chart_data=trend,
            chart_type="line",
            label_visibility="collapsed",
        )
        for line in [detail] if isinstance(detail, str) else detail or ():
            if line:
                st.markdown(line)
        st.caption(caption if escaped else md(caption))
