"""Chỉ tiêu: the catalogue grouped as the plans group them, and one indicator's targets and figures."""

import datetime as dt

import streamlit as st

from components import db, indicators
from components.text import md
from nq57 import board
from nq57.indicators import series_of

today = dt.date.today()
st.title("Chỉ tiêu")
st.markdown("##### Mục tiêu của Kế hoạch 351-KH/TU (năm 2025), 32-KH/TU và 01-TB/CQTTBCD (năm 2026)")

catalogue = db.query("indicators/catalogue", as_of=today)
# Figures and statuses as the board computes them for the year to date, so every page says the same.
board_rows = db.board_snapshot(board.choose_period("ytd", str(today.year), today)).board
shown = indicators.catalogue(catalogue, board_rows)

st.divider()
code = indicators.choose(shown)
if code is None:
    st.stop()
row = catalogue.set_index("code").loc[code]
st.subheader(md(row["name"]))
targets = db.query("indicators/targets", indicator_code=code)
observations = db.query("indicators/observations", indicator_code=code)
series = series_of(db.query("board/series", as_of=today), code)

indicators.latest(row, board_rows.set_index("code").loc[code], series)
indicators.national_sets(code)
indicators.trend(row, series, targets)
indicators.communes(row, code, today)
indicators.targets(row, targets, series, today)
indicators.observations(row, observations)
