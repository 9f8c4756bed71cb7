"""Bản đồ phủ sóng: villages without mobile broadband, fibre or grid power on a map drawn from local files."""

import datetime as dt

import streamlit as st

from components import coverage_map, db

today = dt.date.today()
st.title("Bản đồ phủ sóng")
st.markdown("##### Thôn, bản chưa có băng rộng di động, cáp quang, điện lưới và hạn xóa lõm sóng")

version = db.data_version()
coverage_map.headline_cards(version, today)
view = coverage_map.view_picker()
# Only the view shown is worked out, each once per data version and day (components.map_data).
if view == coverage_map.VIEWS[0]:
    coverage_map.village_map(today)
if view == coverage_map.VIEWS[1]:
    coverage_map.gap_register(version, today)
if view == coverage_map.VIEWS[2]:
    coverage_map.indicator_by_commune(today)
