"""KPI cards: a big number, what it means against its target, and where it comes from."""

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


def kpi_card(label: str, value: str, caption: str, detail: str | None = None) -> None:
    """One bordered card: the label in full (wrapped, never cut), the big number, a detail line, the source.

    The label and the detail line are written by the page itself (the detail may use Markdown), the value is a figure
    formatted by nq57.fmt; the caption comes from data and is escaped here. The board's headline cards are drawn by
    components.cards (one HTML block for the nine)."""
    with st.container(border=True, height="stretch"):
        st.markdown(f"**{label}**")
        st.metric(label, value, label_visibility="collapsed")
        if detail:
            st.markdown(detail)
        st.caption(md(caption))
