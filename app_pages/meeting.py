"""Chế độ họp: one topic per screen in large type, stepped through with buttons or the arrow keys."""

import datetime as dt

import pandas as pd
import streamlit as st

from components import db, overview
from components.text import md, md_frame
from nq57 import board, coverage, fmt, task_rules, workbook_format

TOPICS = ("Tổng quan", "Chỉ tiêu chậm tiến độ", "Nhiệm vụ đã qua hạn", "Thôn, bản chưa có sóng")
KEY = "meeting-topic"

today = dt.date.today()
overview.style()
overview.meeting_style()
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
frame = snapshot.board
topic = st.session_state[KEY]
number = TOPICS.index(topic) + 1
st.title(topic)
mark = f" · :orange-badge[{fmt.SAMPLE_MARK}]" if overview.has_sample(frame) else ""
st.caption(f"{number}/{len(TOPICS)} · {period.label} · phím ← → để chuyển trang, F11 để toàn màn hình{mark}")

if topic == TOPICS[0]:
    cards = overview.headline_grid(snapshot, period, compact=True)
    overview.sources_note(cards)
    overview.legend(frame)
elif topic == TOPICS[1]:
    late = board.attention(frame)
    if late.empty:
        overview.no_attention_message(frame)
    for row in late.to_dict("records"):
        with st.container(border=True, key=f"card-{row['rag']}-{row['code']}"):
            left, right = st.columns([3, 2], vertical_alignment="center")
            left.markdown(f"### {md(row['name'])}")
            left.markdown(overview.badge(row) + f" {md(row['explanation'])}")
            right.metric(md(row["name"]), row["value_short"], label_visibility="collapsed")
            if row["provisional"]:
                right.markdown(f":orange-badge[{md(row['coverage_text'].capitalize())}]")
            right.markdown(
                f"Mục tiêu **{md(row['target_text'])}** hạn {md(row['deadline_text'])}  \n{md(row['period_label'])}"
            )
elif topic == TOPICS[2]:
    late = snapshot.past_due
    overview.past_due(snapshot)
    st.table(
        md_frame(
            pd.DataFrame(
                {
                    "Mã": task_rules.codes(late),
                    "Nhiệm vụ": late["name"],
                    "Cơ quan chủ trì": late["lead"],
                    "Thời hạn": late["deadline_text"],
                    "Trạng thái": late["state_label"],
                    "Số ngày kể từ hạn": late["days_late"],
                }
            )
        ),
        hide_index=True,
    )
else:
    gaps = snapshot.without_signal
    st.metric("Thôn, bản chưa có băng rộng di động", fmt.number(len(gaps)))
    st.caption(md(overview.no_power_text(frame)))
    st.table(
        md_frame(
            pd.DataFrame(
                {
                    "Thôn, bản": gaps["name"],
                    "Xã": gaps["commune"].fillna("Chưa rõ"),
                    "Sóng di động": gaps["mobile"].map(workbook_format.MOBILE_LABELS),
                    "Điện lưới": coverage.grid_power_labels(gaps["grid_power"]),
                    "Hạn xóa vùng lõm": gaps["close_by_text"],
                }
            )
        ),
        hide_index=True,
    )
