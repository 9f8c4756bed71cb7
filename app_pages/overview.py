"""Tổng quan: the headline figures against their targets, what changed, what needs attention, the meeting pack."""

import datetime as dt

import streamlit as st

from components import board as ui
from components import db
from components.text import md
from nq57 import board

today = dt.date.today()
ui.style()
st.title("Tổng quan")
st.markdown("##### Tình hình thực hiện Nghị quyết số 57-NQ/TW tại tỉnh Lai Châu")

period = ui.period_picker(today, key="overview-period")
snapshot = db.board_snapshot(period)
frame = snapshot["board"]
ui.sample_banner(frame)
st.caption(
    f"Kỳ xem: **{period.label}**, so sánh với {period.previous_label}. "
    "Mỗi số ghi rõ kỳ của số liệu, ngày báo cáo và nguồn."
)

main, side = st.columns([3, 1], gap="medium")
with main:
    ui.headline_grid(snapshot, period)
with side:
    ui.changes(snapshot, period)
    st.markdown("#### Nhiệm vụ đã qua hạn")
    ui.past_due(snapshot)
    st.markdown("#### Thôn, bản chưa có sóng")
    st.metric("Thôn, bản chưa có sóng", len(snapshot["without_signal"]), label_visibility="collapsed")
    st.caption(md(ui.no_power_text(frame)))

st.subheader("Cần tập trung chỉ đạo")
ui.legend(frame)
attention = board.attention(frame)
if attention.empty:
    ui.no_attention_message(frame)
else:
    ui.attention_table(attention)

others = frame[~frame["code"].isin([c for c, _ in board.HEADLINE]) & frame["value"].notna()]
if len(others):
    with st.expander(f"Các số liệu khác đã báo cáo ({len(others)} chỉ tiêu)"):
        ui.figures_table(others)

st.subheader("Tài liệu cho cuộc họp")
ui.pack_buttons(snapshot, period, db.data_version())
