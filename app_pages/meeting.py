"""Chế độ họp: one topic per screen in large type, stepped through with buttons or the arrow keys."""

import datetime as dt

import streamlit as st

from components import db, meeting, overview
from nq57 import board, fmt

TOPICS = ("Tổng quan", "Chỉ tiêu chậm tiến độ", "Nhiệm vụ đã qua hạn", "Thôn, bản chưa có sóng")
KEY = "meeting-topic"

today = dt.date.today()
overview.style()
meeting.style()
st.session_state.setdefault(KEY, TOPICS[0])


def _step(offset: int) -> None:
    index = TOPICS.index(st.session_state[KEY])
    st.session_state[KEY] = TOPICS[(index + offset) % len(TOPICS)]


back, topics, forward, settings = st.columns([1.3, 7, 1.3, 1], vertical_alignment="center")
back.button(
    "Trước", icon=":material/arrow_back:", on_click=_step, args=(-1,), shortcut="Left", width="stretch",
    key="meeting-back",
)  # fmt: skip
topics.segmented_control("Chủ đề", TOPICS, required=True, key=KEY, label_visibility="collapsed", width="stretch")
forward.button(
    "Tiếp", icon=":material/arrow_forward:", on_click=_step, args=(1,), shortcut="Right", width="stretch",
    key="meeting-next",
)  # fmt: skip
with settings.popover("Kỳ", icon=":material/calendar_month:", width="stretch"):
    period = overview.period_picker(today, key="meeting-period")

snapshot = db.board_snapshot(period)
topic = st.session_state[KEY]
number = TOPICS.index(topic) + 1
st.title(topic)
mark = f" · :orange-badge[{fmt.SAMPLE_MARK}]" if board.has_sample(snapshot.board) else ""
st.caption(f"{number}/{len(TOPICS)} · {period.label} · phím ← → để chuyển trang, F11 để toàn màn hình{mark}")

if topic == TOPICS[0]:
    meeting.headline(snapshot, period)
elif topic == TOPICS[1]:
    meeting.attention(snapshot)
elif topic == TOPICS[2]:
    meeting.past_due(snapshot)
else:
    meeting.without_signal(snapshot)
