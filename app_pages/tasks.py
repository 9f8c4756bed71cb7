"""Nhiệm vụ: the official status of every task on a chosen day, by group and agency, and the deadlines ahead."""

import datetime as dt

import streamlit as st

from components import db, tasks
from components.overview import rule_note
from nq57 import codes, task_rules

today = dt.date.today()
st.title("Nhiệm vụ")
st.markdown("##### Nhiệm vụ năm 2026 theo Phụ lục 02 Kế hoạch 32-KH/TU và Thông báo 01-TB/CQTTBCD")

left, _ = st.columns([1, 3])
as_of = left.date_input("Tính đến ngày", value=today, format="DD/MM/YYYY", key="tasks-as-of")
reg = task_rules.register(db.query("tasks/status", as_of=as_of), as_of)
agencies = db.query("tasks/agencies")
latest = db.query("overview/latest_values", unit_code=codes.PROVINCE, as_of=as_of)

# Totals count each piece of work once: a task of 01-TB/CQTTBCD that restates one of 32-KH/TU is counted with it.
tasks.cards(reg, latest, as_of)
rule_note()
tasks.states_by_group_and_plan(reg)

ahead, scorecards, listing, detail = st.tabs(["Sắp đến hạn", "Theo cơ quan", "Danh sách", "Chi tiết nhiệm vụ"])
with ahead:
    tasks.deadlines_ahead(reg, as_of)
with scorecards:
    tasks.scorecards(reg, agencies)
with listing:
    tasks.listing(reg, agencies)
with detail:
    tasks.detail(reg)
