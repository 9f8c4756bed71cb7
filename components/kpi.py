"""KPI cards: a big number, what it means against its target, and where it comes from."""

import streamlit as st

from nq57 import fmt


def card_value(row) -> str:
    """The big number of a card, formatted by the indicator's kind (137/240, 9,6%, thứ 4/58)."""
    return fmt.measure(row.value, row.measure, row.denominator)


def card_caption(row, period_label: str) -> str:
    return f"{period_label} · " + fmt.source(
        row.source_doc, row.source_issued_on, row.source_ref, row.upload_file, row.upload_kind
    )


def kpi_card(label: str, value: str, caption: str, detail: str | None = None, help: str | None = None) -> None:
    """Draw one bordered metric with its detail line and source caption."""
    with st.container(border=True):
        st.metric(label, value, help=help)
        if detail:
            st.markdown(detail)
        st.caption(caption)
