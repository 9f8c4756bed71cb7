"""Tổng quan: the headline figures against their targets, what changed, what needs attention, the meeting pack."""

import datetime as dt

import streamlit as st

from components import auth, cards, db, overview, report
from components.text import md

today = dt.date.today()
st.title("Tổng quan")
st.markdown("##### Tình hình thực hiện Nghị quyết số 57-NQ/TW tại tỉnh Lai Châu")

period = overview.period_picker(today, key="overview-period")
version = db.data_version()
view = overview.view(version, period)  # worked out once per data version and period, shared by every session
overview.sample_banner(view.sample)
st.caption(
    f"Kỳ xem: **{period.label}**, so sánh với {period.previous_label}. "
    "Mỗi số ghi rõ kỳ của số liệu, ngày báo cáo và nguồn."
)

main, side = st.columns([3, 1], gap="medium")
with main:
    cards.grid(view.cards)
with side:
    overview.changes(view.changes, period)
    st.markdown("#### Nhiệm vụ đã qua hạn")
    overview.past_due(view.past_due, view.task_statement)
    st.markdown("#### Thôn, bản chưa có sóng")
    st.metric("Thôn, bản chưa có sóng", view.without_signal, label_visibility="collapsed")
    st.caption(md(view.no_power))

st.subheader("Cần tập trung chỉ đạo")
overview.legend(view.legend)
if view.attention is None:
    overview.no_attention_message(view.no_attention)
else:
    overview.attention_table(view.attention)

if len(view.others):
    with st.expander(f"Các số liệu khác đã báo cáo ({len(view.others)} chỉ tiêu)"):
        overview.figures_table(view.others)

st.subheader("Tài liệu cho cuộc họp")
overview.pack_buttons(period, version)
report.draft_button(period, auth.current_user(), version)
