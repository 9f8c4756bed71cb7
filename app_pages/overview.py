"""Tổng quan: the headline figures against their targets, what changed, what needs attention, the meeting pack."""

import datetime as dt

import streamlit as st

from components import db, overview
from components.text import md
from nq57 import board

today = dt.date.today()
overview.style()
st.title("Tổng quan")
st.markdown("##### Tình hình thực hiện Nghị quyết số 57-NQ/TW tại tỉnh Lai Châu")

period = overview.period_picker(today, key="overview-period")
snapshot = db.board_snapshot(period)
frame = snapshot.board
overview.sample_banner(frame)
st.caption(
    f"Kỳ xem: **{period.label}**, so sánh với {period.previous_label}. "
    "Mỗi số ghi rõ kỳ của số liệu, ngày báo cáo và nguồn."
)

main, side = st.columns([3, 1], gap="medium")
with main:
    overview.headline_grid(snapshot, period)
with side:
    overview.changes(snapshot, period)
    st.markdown("#### Nhiệm vụ đã qua hạn")
    overview.past_due(snapshot)
    st.markdown("#### Thôn, bản chưa có sóng")
    st.metric("Thôn, bản chưa có sóng", len(snapshot.without_signal), label_visibility="collapsed")
    st.caption(md(overview.no_power_text(frame)))

st.subheader("Cần tập trung chỉ đạo")
overview.legend(frame)
attention = board.attention(frame)
if attention.empty:
    overview.no_attention_message(frame)
else:
    overview.attention_table(attention)

others = frame[~frame["code"].isin([c for c, _ in board.HEADLINE]) & frame["value"].notna()]
if len(others):
    with st.expander(f"Các số liệu khác đã báo cáo ({len(others)} chỉ tiêu)"):
        overview.figures_table(others)

st.subheader("Tài liệu cho cuộc họp")
overview.pack_buttons(snapshot, period, db.data_version())
