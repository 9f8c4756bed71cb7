"""Tables and lines of text built from query results, formatted the Vietnamese way."""

import pandas as pd
import streamlit as st

from components.overview import rule_note
from nq57 import board, fmt, status

STATUS_COLUMN = "Trạng thái"
_BY_LABEL = {label: code for code, label in status.LABELS.items()}


def catalogue_frame(df: pd.DataFrame, board_rows: pd.DataFrame) -> pd.DataFrame:
    """The indicator catalogue as a leader reads it: target, deadline, latest figure, status (from the board), sources.

    df: the indicators/catalogue query; board_rows: nq57.board.build for the same day, whose figures and statuses
    the overview shows, so a status reads the same on every page.
    """
    b = board_rows.set_index("code").reindex(df["code"])
    sources = []
    for target_doc, value_source in zip(df["target_doc"], b["source"], strict=True):
        parts = []
        if isinstance(target_doc, str):
            parts.append(f"mục tiêu: {target_doc}")
        if isinstance(value_source, str) and value_source:
            parts.append("số liệu: " + value_source.removeprefix("Nguồn: "))
        sources.append("; ".join(parts))
    return pd.DataFrame(
        {
            "Nhóm": df["group_code"].to_numpy(),
            "Chỉ tiêu": df["name"].to_numpy(),
            "Mục tiêu": b["target_text"].fillna(fmt.DASH).to_numpy(),
            "Hạn": b["deadline_text"].fillna(fmt.DASH).to_numpy(),
            "Mới nhất": b["value_text"].fillna(fmt.DASH).to_numpy(),
            "Kỳ": b["period_label"].fillna(fmt.DASH).to_numpy(),
            STATUS_COLUMN: [
                label if code != board.NO_TARGET else ""
                for label, code in zip(b["status_label"], b["status"], strict=True)
            ],
            "Mốc đã qua": b["milestone_text"].fillna("").to_numpy(),
            "Nguồn": sources,
        }
    )


def _status_style(label: str) -> str:
    code = _BY_LABEL.get(label)
    if code is None:
        return ""
    return f"background-color: {status.BACKGROUNDS[code]}; color: {status.COLOURS[code]}; font-weight: 600"


def target_table(df: pd.DataFrame, board_rows: pd.DataFrame, key: str) -> None:
    """The catalogue table with its status cells coloured, and the status rule in one sentence under it."""
    frame = catalogue_frame(df, board_rows)
    st.dataframe(
        frame.style.map(_status_style, subset=[STATUS_COLUMN]),
        hide_index=True,
        width="stretch",
        height="content",
        key=key,
        column_config={
            "Nhóm": st.column_config.TextColumn(width=60),
            "Chỉ tiêu": st.column_config.TextColumn(width="large"),
            "Mục tiêu": st.column_config.TextColumn(width=90),
            "Hạn": st.column_config.TextColumn(width=95),
            "Mới nhất": st.column_config.TextColumn(width=90),
            "Kỳ": st.column_config.TextColumn(width=90),
            STATUS_COLUMN: st.column_config.TextColumn(width=150),
            "Mốc đã qua": st.column_config.TextColumn(width=220),
            "Nguồn": st.column_config.TextColumn(width=260),
        },
    )
    rule_note()
