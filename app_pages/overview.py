"""Tổng quan: the headline figures against their targets, each with its source."""

import datetime as dt

import pandas as pd
import streamlit as st

from components import db, kpi, tables
from nq57 import fmt, kpis
from nq57.periods import parse_period

today = dt.date.today()
st.title("Tổng quan")
st.markdown("##### Tình hình thực hiện Nghị quyết số 57-NQ/TW tại tỉnh Lai Châu")

latest = db.load("overview/latest_values", unit_code=kpis.PROVINCE, as_of=today).set_index("indicator_code")
catalogue = db.load("indicators/catalogue", as_of=today).set_index("code")

if latest.empty:
    st.info("Chưa có số liệu nào. Hãy dựng cơ sở dữ liệu bằng lệnh `make run` hoặc `python -m nq57 init`.")
    st.stop()

newest = latest.sort_values("period_end").iloc[-1]
st.caption(
    f"Số liệu mới nhất: {parse_period(newest.period).label} — "
    + fmt.source(newest.source_doc, newest.source_issued_on, None, newest.upload_file, newest.upload_kind).removeprefix(
        "Nguồn: "
    )
)

cards = [(code, label) for code, label in kpis.HEADLINE if code in latest.index]
for start in range(0, len(cards), 4):
    columns = st.columns(4)
    for column, (code, label) in zip(columns, cards[start : start + 4], strict=False):
        row = latest.loc[code]
        period_label = parse_period(row.period).label
        details = []
        for companion in kpis.COMPANIONS.get(code, ()):
            if companion in latest.index:
                c = latest.loc[companion]
                details.append(f"{c['name']}: **{fmt.measure(c.value, c.measure, c.denominator)}**")
        if code in catalogue.index and pd.notna(catalogue.loc[code, "target_value"]):
            details.append(tables.target_line(catalogue.loc[code], today))
        with column:
            kpi.kpi_card(
                label,
                kpi.card_value(row),
                kpi.card_caption(row, period_label),
                detail="  \n".join(details) or None,
                help=row["name"],
            )

st.subheader("Mục tiêu năm 2026")
targets_2026 = catalogue[pd.to_datetime(catalogue["deadline"]).dt.year == 2026].reset_index()
tables.target_table(targets_2026, today, key="overview-targets-2026")
