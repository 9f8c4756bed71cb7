"""Tables and lines of text built from query results, formatted the Vietnamese way."""

import datetime as dt

import pandas as pd
import streamlit as st

from nq57 import fmt, status
from nq57.periods import parse_period

DOTS = {status.MET: "🟢", status.OPEN: "🟡", status.MISSED: "🔴", status.NO_DATA: "⚪"}


def row_status(row, today: dt.date) -> status.Status:
    value = None if pd.isna(row["value"]) else float(row["value"])
    return status.target_status(value, row["comparator"], float(row["target_value"]), row["deadline"], today)


def target_line(row, today: dt.date) -> str:
    """'Mục tiêu ≤ 0 trước 31/12/2026 (01-TB/CQTTBCD) · 🟡 Chưa đạt, còn hạn'."""
    st_ = row_status(row, today)
    return (
        f"Mục tiêu {fmt.target(row['comparator'], row['target_value'], row['measure'])} "
        f"hạn {fmt.date(row['deadline'])} ({row['target_doc']}) · {DOTS[st_.code]} {st_.label}"
    )


def catalogue_frame(df: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """The indicator catalogue as a leader reads it: target, deadline, latest value, status, sources."""
    out = pd.DataFrame(
        {
            "Nhóm": df["group_code"],
            "Chỉ tiêu": df["name"],
            "Mục tiêu": [
                fmt.target(c, v, m) if pd.notna(v) else fmt.DASH
                for c, v, m in zip(df["comparator"], df["target_value"], df["measure"], strict=True)
            ],
            "Hạn": [fmt.date(d) if pd.notna(d) else fmt.DASH for d in df["deadline"]],
            "Số liệu mới nhất": [
                fmt.measure(v, m, d) for v, m, d in zip(df["value"], df["measure"], df["denominator"], strict=True)
            ],
            "Kỳ": [parse_period(p).label if isinstance(p, str) else fmt.DASH for p in df["period"]],
            "Trạng thái": [
                (lambda s: f"{DOTS[s.code]} {s.label}")(row_status(r, today)) if pd.notna(r["target_value"]) else ""
                for _, r in df.iterrows()
            ],
            "Nguồn mục tiêu": df["target_doc"].fillna(""),
            "Nguồn số liệu": df["value_doc"].fillna(""),
        }
    )
    return out


def target_table(df: pd.DataFrame, today: dt.date, key: str) -> None:
    st.dataframe(catalogue_frame(df, today), hide_index=True, width="stretch", key=key)
    st.caption("Trạng thái: " + status.RULE)
