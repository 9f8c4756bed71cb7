"""Meeting mode's views, one per topic, in large type for the back of the room."""

import pandas as pd
import streamlit as st

from components import board_text, cards, overview, panels
from components.text import md, md_frame
from nq57 import board, coverage, fmt, task_rules, workbook_format
from nq57.snapshot import Snapshot

# Everything larger, for the back of the room.
_CSS = """<style>
[data-testid="stMain"] p, [data-testid="stMain"] li { font-size: 1.15rem; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] p { font-size: 0.95rem; }
[data-testid="stMain"] [data-testid="stMetricValue"] * { font-size: 2.8rem; line-height: 1.1; }
[data-testid="stMain"] .nq-side .nq-big { font-size: 2.8rem; line-height: 1.1; }
[data-testid="stMain"] [data-testid="stMetricDelta"] * { font-size: 1rem; }
[data-testid="stMain"] h1 { font-size: 2.2rem; padding-top: 0.25rem; padding-bottom: 0.25rem; }
[data-testid="stVerticalBlock"] { gap: 0.5rem; }
</style>"""


def style() -> None:
    st.html(_CSS)


def headline(snapshot: Snapshot, period: board.BoardPeriod) -> None:
    """The nine headline cards, compact, their sources once under the grid, and the count of each status."""
    cards = overview.headline_grid(snapshot, period, compact=True)
    overview.sources_note(cards)
    overview.legend(board_text.legend_text(snapshot.board))


def attention(snapshot: Snapshot) -> None:
    """The indicators off track or missed, worst first, one wide card each: name, status and why, figure, target."""
    frame = snapshot.board
    late = board.attention(frame)
    if late.empty:
        overview.no_attention_message(board_text.no_attention(frame))
    for row in late.to_dict("records"):
        with st.container(border=True, key=f"card-{row['rag']}-{row['code']}"):
            left, right = st.columns([3, 2], vertical_alignment="center")
            left.markdown(f"### {md(row['name'])}")
            left.markdown(board_text.badge(row) + f" {md(row['explanation'])}")
            right.metric(md(row["name"]), row["value_short"], label_visibility="collapsed")
            if row["provisional"]:
                right.markdown(f":orange-badge[{md(row['coverage_text'].capitalize())}]")
            right.markdown(
                f"Mục tiêu **{md(row['target_text'])}** hạn {md(row['deadline_text'])}  \n{md(row['period_label'])}"
            )


def past_due(snapshot: Snapshot) -> None:
    """The two counts of tasks past their deadline, then every one of them, longest past due first."""
    late = snapshot.past_due
    cards.block(panels.panel_html(panels.past_due_html(*board_text.past_due(snapshot), heading=False)))
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


def without_signal(snapshot: Snapshot) -> None:
    """How many villages have no mobile broadband, how many of them no grid power, and the list."""
    gaps = snapshot.without_signal
    st.metric("Thôn, bản chưa có băng rộng di động", fmt.number(len(gaps)))
    st.caption(md(board_text.no_power_text(snapshot.board)))
    origin = board_text.signal_origin_text(gaps)
    if origin:
        st.caption(md(origin))
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
