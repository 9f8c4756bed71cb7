"""Building blocks of the returns page: problem lists, the preview of a return, status tables."""

import datetime as dt

import pandas as pd
import streamlit as st

from components import db
from components.text import md
from nq57 import access, fmt, importer, reporting
from nq57.periods import parse_period, return_due
from nq57.problems import Problem, WorkbookRejected
from nq57.workbook_format import MOBILE_LABELS, TASK_STATUS_LABELS

CHANGE_LABELS = {"new": "Mới", "changed": "Thay đổi", "unchanged": "Không đổi"}
CHANGE_STYLES = {"Mới": "background-color: #c6f6d5", "Thay đổi": "background-color: #fefcbf", "Không đổi": ""}


def _shown(value) -> str:
    """A cell value as the clerk would read it: 120 not 120.0, dates as 30/6/2026."""
    if value is None:
        return ""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return fmt.number(value)
    if hasattr(value, "year"):
        return fmt.date(value)
    return str(value)


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """One row per problem: where it is (sheet, row, column), the value found and what is wrong."""
    return pd.DataFrame(
        {
            "Trang": [p.sheet or "" for p in problems],
            "Dòng": [str(p.row) if p.row else "" for p in problems],
            "Cột": [p.column or "" for p in problems],
            "Giá trị": [_shown(p.value) for p in problems],
            "Vấn đề": [p.message for p in problems],
        }
    )


def show_problems(problems: list[Problem], key: str) -> None:
    st.dataframe(
        problems_frame(problems),
        hide_index=True,
        width="stretch",
        height="content",
        key=key,
        column_config={  # the message as wide as the page allows: it is what the clerk must read
            "Trang": st.column_config.TextColumn(width=120),
            "Dòng": st.column_config.TextColumn(width=60),
            "Cột": st.column_config.TextColumn(width=130),
            "Giá trị": st.column_config.TextColumn(width=160),
            "Vấn đề": st.column_config.TextColumn(width=980),
        },
    )


def _yes_no(value) -> str:
    """'Có' / 'Không' for a flag, '' for a cell left blank (None, NaN or pd.NA: never tested as a bool)."""
    if pd.isna(value):
        return ""
    return "Có" if bool(value) else "Không"


def _change(frame: pd.DataFrame) -> list[str]:
    return [CHANGE_LABELS[c] for c in frame["change"]]


def observations_preview(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Dòng": df["row_number"],
            "Chỉ tiêu": df["indicator_name"],
            "Đơn vị": df["unit_name"],
            "Kỳ": [parse_period(p).label for p in df["period"]],
            "Giá trị cũ": [fmt.measure(v, m) for v, m in zip(df["old_value"], df["measure"], strict=True)],
            "Giá trị mới": [fmt.measure(v, m) for v, m in zip(df["new_value"], df["measure"], strict=True)],
            "Thay đổi": _change(df),
        }
    )


def task_updates_preview(df: pd.DataFrame) -> pd.DataFrame:
    def status(code) -> str:
        return TASK_STATUS_LABELS.get(code, "") if isinstance(code, str) else ""

    return pd.DataFrame(
        {
            "Dòng": df["row_number"],
            "Nhiệm vụ": df["task_code"] + " · " + df["task_name"].fillna(""),
            "Trạng thái cũ": [status(s) for s in df["old_status"]],
            "Trạng thái mới": [status(s) for s in df["new_status"]],
            "Ngày hoàn thành": [fmt.date(d) if pd.notna(d) else "" for d in df["new_completed_on"]],
            "Tiến độ": [fmt.percent(p) if pd.notna(p) else "" for p in df["new_progress"]],
            "Thay đổi": _change(df),
        }
    )


def villages_preview(df: pd.DataFrame) -> pd.DataFrame:
    def mobile(code) -> str:
        return MOBILE_LABELS.get(code, "") if isinstance(code, str) else ""

    return pd.DataFrame(
        {
            "Dòng": df["row_number"],
            "Thôn, bản": df["name"],
            "Sóng cũ": [mobile(m) for m in df["old_mobile"]],
            "Sóng mới": [mobile(m) for m in df["new_mobile"]],
            "Cáp quang": [_yes_no(v) for v in df["new_fibre"]],
            "Điện lưới": [_yes_no(v) for v in df["new_grid_power"]],
            "Thay đổi": _change(df),
        }
    )


PREVIEWS = {
    "observations": ("Số liệu", observations_preview),
    "task_updates": ("Tiến độ nhiệm vụ", task_updates_preview),
    "villages": ("Thôn, bản", villages_preview),
}


def show_preview(preview: dict[str, pd.DataFrame]) -> None:
    """Each sheet's rows as new, changed (old → new) or unchanged, changed rows first."""
    for key, (title, build) in PREVIEWS.items():
        if key not in preview:
            continue
        frame = build(preview[key])
        order = frame["Thay đổi"].map({"Thay đổi": 0, "Mới": 1, "Không đổi": 2})
        frame = frame.iloc[order.argsort(kind="stable")]
        st.markdown(f"**{title}** ({len(frame)} dòng)")
        st.dataframe(
            frame.style.map(lambda v: CHANGE_STYLES.get(v, ""), subset=["Thay đổi"]),
            hide_index=True,
            width="stretch",
            height="content" if len(frame) <= 30 else 600,
            key=f"returns-preview-{key}",
        )


def counts(preview: dict[str, pd.DataFrame]) -> dict[str, int]:
    """How many rows are new, changed and unchanged across the sheets of a return."""
    changes = pd.concat([df["change"] for df in preview.values()]) if preview else pd.Series(dtype=str)
    return {label: int((changes == code).sum()) for code, label in CHANGE_LABELS.items()}


@st.dialog("Xác nhận nhập báo cáo")
def confirm_dialog(prepared, uploader: access.User, who: str, period_label: str) -> None:
    """Last look before anything is written; the return lands whole or not at all."""
    rows = sum(prepared.row_counts.values())
    st.markdown(
        f"Nhập **{fmt.number(rows)} dòng** của tệp “{md(prepared.file_name)}” — báo cáo của **{md(who)}**, "
        f"**{period_label}**, người nộp **{md(uploader.full_name)}**?"
    )
    st.caption("Giá trị cũ vẫn được lưu trong lịch sử; lần nhập này có thể hoàn tác.")
    yes, no = st.columns(2)
    if yes.button("Nhập", type="primary", key="returns-dialog-yes", width="stretch"):
        try:
            result = db.commit(prepared, uploader)
        except access.AccessDenied as denied:
            st.error(f"{md(denied)} Không có gì được ghi.")
            return
        except WorkbookRejected as rejected:  # checked again at commit: a month locked or a duty changed meanwhile
            st.error("Không nhập được, không có gì được ghi:", icon=":material/error:")
            show_problems(rejected.problems, key="returns-dialog-errors")
            return
        st.session_state["returns-done"] = (
            f"Đã nhập lần số {result.upload_id}: {fmt.number(rows)} dòng của “{md(prepared.file_name)}”. "
            "Tệp gốc được lưu trữ; số liệu đã cập nhật trên các trang."
        )
        # A new key empties the file picker, so the same file is not offered again.
        st.session_state["returns-file-generation"] = st.session_state.get("returns-file-generation", 0) + 1
        st.rerun()
    if no.button("Hủy", key="returns-dialog-no", width="stretch"):
        st.rerun()


@st.dialog("Hoàn tác lần nhập")
def rollback_dialog(upload_id: int, label: str, by: access.User) -> None:
    st.markdown(f"Hoàn tác **{md(label)}**? Số liệu trước lần nhập này được khôi phục; tệp và lịch sử vẫn được giữ.")
    yes, no = st.columns(2)
    if yes.button("Hoàn tác", type="primary", key="returns-rollback-yes", width="stretch"):
        try:
            db.rollback(upload_id, by)
        except (importer.RollbackRefused, access.AccessDenied) as refused:
            st.error(md(refused))
            return
        st.session_state["returns-done"] = f"Đã hoàn tác lần nhập số {upload_id}."
        st.rerun()
    if no.button("Thôi", key="returns-rollback-no", width="stretch"):
        st.rerun()


def show_status(status: pd.DataFrame) -> None:
    """The reporting status of every unit for a month, late and missing first."""
    frame = reporting.status_frame(status)
    colours = {
        reporting.LABELS[reporting.ON_TIME]: "background-color: #c6f6d5",
        reporting.LABELS[reporting.LATE]: "background-color: #fefcbf",
        reporting.LABELS[reporting.MISSING]: "background-color: #fed7d7",
    }
    st.dataframe(
        frame.style.map(lambda v: colours.get(v, ""), subset=["Tình trạng"]),
        hide_index=True,
        width="stretch",
        height="content",
        key="returns-status-table",
    )


def _month_label(period: str) -> str:
    return parse_period(period).label


def reporting_status(months: list[str], today: dt.date) -> None:
    """For a chosen month: how many units reported on time, late or not yet, and every unit's status."""
    chosen = st.selectbox("Tháng báo cáo", months, format_func=_month_label, key="returns-status-period")
    status = reporting.classify(db.query("returns/reporting_status", period=chosen), chosen, today)
    counts = status["status"].value_counts()
    cols = st.columns(4)
    for col, code in zip(cols, (reporting.ON_TIME, reporting.LATE, reporting.MISSING, reporting.NOT_DUE), strict=True):
        col.metric(reporting.LABELS[code], fmt.number(int(counts.get(code, 0))), border=True)
    st.caption(
        f"Hạn nộp: {fmt.date(return_due(chosen))}. Đơn vị phải nộp: các xã, phường và các cơ quan được giao "
        "báo cáo chỉ tiêu hoặc chủ trì nhiệm vụ."
    )
    show_status(status)
