"""Nhiệm vụ: the tasks of appendix 02 of 32-KH/TU and of notice 01-TB/CQTTBCD, by group, agency and deadline."""

import datetime as dt

import pandas as pd
import streamlit as st

from components import charts, db, kpi
from nq57 import fmt, kpis

today = dt.date.today()
st.title("Nhiệm vụ")
st.markdown("##### Nhiệm vụ năm 2026 theo Phụ lục 02 Kế hoạch 32-KH/TU và Thông báo 01-TB/CQTTBCD")

tasks = db.load("tasks/register")
latest = db.load("overview/latest_values", unit_code=kpis.PROVINCE, as_of=today).set_index("indicator_code")
plan_counts = tasks["plan"].value_counts()
appendix = tasks[tasks["plan"] == "32-KH/TU"]

a, b, c, d = st.columns(4)
with a:
    kpi.kpi_card(
        "Nhiệm vụ Phụ lục 02 (32-KH/TU)",
        fmt.number(int(plan_counts.get("32-KH/TU", 0))),
        "Nguồn: Kế hoạch 32-KH/TU ngày 9/1/2026, Phụ lục 02",
        detail=f"trong **{appendix['group_code'].nunique()}** nhóm",
    )
with b:
    kpi.kpi_card(
        "Nhiệm vụ Quý II/2026 có thời hạn (01-TB)",
        fmt.number(int(plan_counts.get("01-TB/CQTTBCD", 0))),
        "Nguồn: Thông báo 01-TB/CQTTBCD ngày 16/4/2026, mục 2",
    )
if "NV_HOANTHANH" in latest.index:
    row = latest.loc["NV_HOANTHANH"]
    with c:
        kpi.kpi_card(
            "Nhiệm vụ được giao đã hoàn thành",
            kpi.card_value(row),
            kpi.card_caption(row, "Quý I/2026"),
            detail=f"tỷ lệ **{fmt.percent(100 * row.value / row.denominator, 1)}**",
        )
dated = tasks.dropna(subset=["deadline"])
passed = int((pd.to_datetime(dated["deadline"]).dt.date < today).sum())
with d:
    kpi.kpi_card(
        "Nhiệm vụ có hạn đã qua",
        fmt.number(passed),
        f"Tính đến {fmt.date(today)}, theo thời hạn ghi trong văn bản",
        detail="chưa có báo cáo kết quả từng nhiệm vụ",
    )

left, right = st.columns(2)
with left:
    st.markdown("**Nhiệm vụ Phụ lục 02 theo nhóm**")
    st.plotly_chart(charts.build_tasks_by_group(tasks), width="stretch", config={"displayModeBar": False})
with right:
    st.markdown("**Nhiệm vụ đến hạn theo tháng**")
    st.plotly_chart(charts.build_deadlines_by_month(tasks), width="stretch", config={"displayModeBar": False})

st.subheader("Danh sách nhiệm vụ")
f1, f2, f3 = st.columns(3)
plan = f1.selectbox("Văn bản giao", ["Tất cả", "32-KH/TU", "01-TB/CQTTBCD"], key="tasks-plan")
groups = sorted(tasks["group_code"].unique(), key=lambda g: (len(g.split(".")) > 1, g))
group = f2.selectbox("Nhóm", ["Tất cả", *groups], key="tasks-group")
lead_options = sorted({name for names in tasks["lead_names"].dropna() for name in names.split("; ")})
lead = f3.selectbox("Cơ quan chủ trì", ["Tất cả", *lead_options], key="tasks-lead")
shown = tasks
if plan != "Tất cả":
    shown = shown[shown["plan"] == plan]
if group != "Tất cả":
    shown = shown[shown["group_code"] == group]
if lead != "Tất cả":
    shown = shown[shown["lead_names"].fillna("").str.split("; ").apply(lambda names: lead in names)]
st.caption(f"{len(shown)} nhiệm vụ")
st.dataframe(
    {
        "Mã": shown["code"],
        "Nhóm": shown["group_code"],
        "Tên nhiệm vụ": shown["name"],
        "Chủ trì": shown["lead_text"],
        "Phối hợp": shown["partner_text"].fillna(""),
        "Thời hạn": shown["deadline_text"].fillna(""),
        "Hạn (ngày)": [fmt.date(x) if pd.notna(x) else "" for x in shown["deadline"]],
        "Kết quả/sản phẩm": shown["product"].fillna(""),
    },
    hide_index=True,
    width="stretch",
    height="content",
    key="tasks-table",
    column_config={
        "Mã": st.column_config.TextColumn(width=80),
        "Nhóm": st.column_config.TextColumn(width=55),
        "Tên nhiệm vụ": st.column_config.TextColumn(width="large"),
        "Chủ trì": st.column_config.TextColumn(width="medium"),
        "Phối hợp": st.column_config.TextColumn(width="medium"),
        "Thời hạn": st.column_config.TextColumn(width=120),
        "Hạn (ngày)": st.column_config.TextColumn(width=95),
    },
)
st.caption("Nguồn: Kế hoạch 32-KH/TU ngày 9/1/2026, Phụ lục 02; Thông báo 01-TB/CQTTBCD ngày 16/4/2026, mục 2.")
