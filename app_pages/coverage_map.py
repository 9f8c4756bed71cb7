"""Bản đồ phủ sóng: villages without mobile broadband, fibre or grid power on a map drawn from local files."""

import datetime as dt

import streamlit as st

from components import coverage_map, db
from nq57 import codes, coverage, task_rules

today = dt.date.today()
st.title("Bản đồ phủ sóng")
st.markdown("##### Thôn, bản chưa có băng rộng di động, cáp quang, điện lưới và hạn xóa lõm sóng")

villages = db.query("villages/register")
communes = db.query("units/communes")
latest = db.query("overview/latest_values", unit_code=codes.PROVINCE, as_of=today)
headline = db.query("villages/headline", unit_code=codes.PROVINCE, as_of=today)
links = coverage.link_tasks(villages, task_rules.register(db.query("tasks/status", as_of=today), today))
gaps = coverage.gap_register(villages, links, today)

coverage_map.headline_cards(latest)
view = coverage_map.view_picker()
if view == coverage_map.VIEWS[0]:
    coverage_map.village_map(villages, communes, links, today)
if view == coverage_map.VIEWS[1]:
    coverage_map.gap_register(gaps, headline, today)
if view == coverage_map.VIEWS[2]:
    coverage_map.indicator_by_commune(today)
