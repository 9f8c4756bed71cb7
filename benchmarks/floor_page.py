"""The framework's floor: nine static st.metric cards with sparklines and captions, 3 columns × 3 rows, no data."""

import streamlit as st

st.set_page_config(page_title="Sàn / floor", layout="wide")
st.title("Sàn / floor")

CARDS = [
    (f"Chỉ tiêu {n}", f"{10 + 7 * n},{n}%", f"+{n},0", [20 + (n * k) % 17 for k in range(12)]) for n in range(1, 10)
]

for start in range(0, len(CARDS), 3):
    for column, (label, value, delta, trend) in zip(st.columns(3), CARDS[start : start + 3], strict=True):
        with column.container(border=True):
            st.metric(label, value, delta=delta, chart_data=trend, chart_type="line")
            st.caption(f"Quý I/2026 · Nguồn: số cố định / static figure {label}")
