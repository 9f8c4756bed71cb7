"""Tổng quan: the headline figures against their targets, what changed, what needs attention, the meeting pack."""

import datetime as dt

import streamlit as st

from components import auth, cards, db, overview, report

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
    cards.block(view.cards)
with side:
    cards.block(view.side)

st.subheader("Cần tập trung chỉ đạo")
overview.legend(view.legend)
if view.attention is None:
    overview.no_attention_message(view.no_attention)
else:
    overview.attention_table(view.attention)

if len(view.others):
    others = overview.others_box(len(view.others))
    if others.open:  # the table is sent only to a session that opens it
        with others:
            overview.figures_table(view.others)

st.subheader("Tài liệu cho cuộc họp")
documents = overview.documents_box()
if documents.open:  # built only for a session that opens it (issue 17: nothing for what is not on screen)
    with documents:
        overview.pack_buttons(period, version)
        report.draft_button(period, auth.current_user(), version)
