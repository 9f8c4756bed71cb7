"""Tables and lines of text built from query results, formatted the Vietnamese way."""

import datetime as dt

import pandas as pd
import streamlit as st

from nq57 import fmt, status
from nq57.periods import parse_period

STATUS_COLUMN = "Trạng thái"
_BY_LABEL = {label: code for code, label in status.LABELS.items()}


def row_status(row, today: dt.date) -> status.Status:
    value = None if pd.isna(row["value"]) else float(row["value"])
    return status.target_status(value, row["comparator"], float(row["target_value"]), row["deadline"], today)


def status_badge(s: status.Status) -> str:
    """Coloured markdown for a status, e.g. ':orange[● Chưa đạt, còn hạn]'."""
    return f":{status.MARKDOWN_COLOURS[s.code]}[● {s.label}]"


def target_line(row, today: dt.date) -> str:
    """'Mục tiêu ≤ 0 hạn 31/12/2026 (01-TB/CQTTBCD) · ● Chưa đạt, còn hạn' in the status colour."""
    return (
        f"Mục tiêu **{fmt.target(row['comparator'], row['target_value'], row['measure'])}** "
        f"hạn {fmt.date(row['deadline'])} ({row['target_doc']})  \n{status_badge(row_status(row, today))}"
    )


def catalogue_frame(df: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """The indicator catalogue as a leader reads it: target, deadline, latest value, status, sources."""
    sources = []
    for target_doc, value_doc in zip(df["target_doc"], df["value_doc"], strict=True):
        parts = []
        if isinstance(target_doc, str):
            parts.append(f"mục tiêu: {target_doc}")
        if isinstance(value_doc, str):
            parts.append(f"số liệu: {value_doc}")
        sources.append("; ".join(parts))
    return pd.DataFrame(
        {
            "Nhóm": df["group_code"],
            "Chỉ tiêu": df["name"],
            "Mục tiêu": [
                fmt.target(c, v, m) if pd.notna(v) else fmt.DASH
                for c, v, m in zip(df["comparator"], df["target_value"], df["measure"], strict=True)
            ],
            "Hạn": [fmt.date(d) if pd.notna(d) else fmt.DASH for d in df["deadline"]],
            "Mới nhất": [
                fmt.measure(v, m, d) for v, m, d in zip(df["value"], df["measure"], df["denominator"], strict=True)
            ],
            "Kỳ": [parse_period(p).label if isinstance(p, str) else fmt.DASH for p in df["period"]],
            STATUS_COLUMN: [
                row_status(r, today).label if pd.notna(r["target_value"]) else "" for _, r in df.iterrows()
            ],
            "Nguồn": sources,
        }
    )


def _status_style(label: str) -> str:
    code = _BY_LABEL.get(label)
    if code is None:
        return ""
    return f"background-color: {status.BACKGROUNDS[code]}; color: {status.COLOURS[code]}; font-weight: 600"


def target_table(df: pd.DataFrame, today: dt.date, key: str) -> None:
    """The catalogue table with its status cells coloured, and the status rule in one sentence under it."""
    frame = catalogue_frame(df, today)
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
            "Nguồn": st.column_config.TextColumn(width=260),
        },
    )
    st.caption("Trạng thái: " + status.RULE)
