"""Nộp báo cáo: the template, the upload with its checks and preview, the reporting status, the history."""

import datetime as dt
import json

import pandas as pd
import streamlit as st

from components import auth, db, returns
from components.text import md
from nq57 import access, codes, fmt, paths, reporting
from nq57.cli import BASELINE_USER
from nq57.periods import months_back, parse_period, return_due
from nq57.problems import WorkbookRejected
from nq57.workbook_format import SHEETS

today = dt.date.today()
st.title("Nộp báo cáo")
st.markdown("##### Báo cáo tháng của các sở, ngành và xã, phường")

user = auth.current_user()
reporters = db.query("returns/reporters")
unit_names = dict(zip(reporters["code"], reporters["name"], strict=True))
if user is None or not access.can_upload(user, user.unit_code):
    st.warning("Hãy đăng nhập bằng tài khoản cán bộ báo cáo của đơn vị để gửi báo cáo.", icon=":material/lock:")
    st.stop()
# A clerk reports for their own unit only; an administrator for any.
own_units = [user.unit_code] if user.role == access.CLERK else list(unit_names)
months = months_back(today, 12)

send, status_tab, history_tab = st.tabs(["Gửi báo cáo", "Tình hình nộp báo cáo", "Lịch sử tải lên"])

with send:
    st.markdown("**1. Tải mẫu báo cáo** của đơn vị cho tháng cần báo cáo")
    c1, c2, c3 = st.columns([3, 2, 2], vertical_alignment="bottom")
    unit = c1.selectbox("Đơn vị báo cáo", own_units, format_func=unit_names.get, key="returns-unit")
    period = c2.selectbox("Tháng", months, format_func=lambda p: parse_period(p).label, key="returns-period")
    c3.download_button(
        "Tải mẫu (.xlsx)",
        data=db.return_template(unit, period),
        file_name=f"bao_cao_{unit}_{period}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key="returns-template",
    )
    st.caption(f"Hạn nộp báo cáo {parse_period(period).label}: {fmt.date(return_due(period))} (Kế hoạch 351-KH/TU).")
    if len(db.query("store/period_lock", period=period)):  # said before the clerk fills it, not only at upload
        st.warning(f"{parse_period(period).label} đã khóa sổ: hệ thống không nhận thêm báo cáo cho tháng này.")

    st.markdown("**2. Tải lên tệp đã điền** — hệ thống kiểm tra toàn bộ tệp và cho xem trước, chưa ghi gì")
    st.caption(f"Người nộp: **{md(user.full_name)}** ({md(user.username)}, {user.role_label}).")
    upload = st.file_uploader(
        "Tệp báo cáo (.xlsx)",
        help="Kéo thả tệp vào ô, hoặc bấm “Chọn tệp”; tối đa 20 MB.",
        key=f"returns-file-{st.session_state.get('returns-file-generation', 0)}",
    )
    done = st.session_state.pop("returns-done", None)
    if done:
        st.success(done, icon=":material/check_circle:")
        st.page_link(paths.ROOT / "app_pages/overview.py", label="Xem Tổng quan", icon=":material/dashboard:")
    if upload is not None:
        data = upload.getvalue()
        try:
            prepared = db.prepare(data, upload.name)
        except WorkbookRejected as rejected:
            st.error(
                f"Tệp “{md(upload.name)}” bị từ chối, chưa có gì được ghi. Có {len(rejected.problems)} lỗi cần sửa:",
                icon=":material/error:",
            )
            returns.show_problems(rejected.problems, key="returns-errors")
        else:
            label = parse_period(prepared.period).label if prepared.period else "nhiều kỳ"
            who = unit_names.get(prepared.unit_code, prepared.unit_code or "nhiều đơn vị")
            st.info(f"Tệp hợp lệ: báo cáo của **{md(who)}**, **{label}**. Xem trước thay đổi rồi xác nhận để nhập.")
            n = returns.counts(prepared.preview)
            m1, m2, m3, m4 = st.columns(4)
            m1.metric("Mới", fmt.number(n["Mới"]), border=True)
            m2.metric("Thay đổi", fmt.number(n["Thay đổi"]), border=True)
            m3.metric("Không đổi", fmt.number(n["Không đổi"]), border=True)
            m4.metric("Cảnh báo", fmt.number(len(prepared.warnings)), border=True)
            if prepared.warnings:
                st.warning("Cảnh báo (vẫn có thể nhập, nhưng hãy kiểm tra lại):", icon=":material/warning:")
                returns.show_problems(prepared.warnings, key="returns-warnings")
            returns.show_preview(prepared.preview)
            allowed = access.can_upload(user, prepared.unit_code, prepared.kind)
            if not allowed:
                st.error(
                    f"Tệp này là báo cáo của {md(who)}; tài khoản của bạn chỉ gửi được báo cáo của "
                    f"{md(unit_names.get(user.unit_code, user.unit_code))}. Không có gì được ghi.",
                    icon=":material/block:",
                )
            if st.button("Xác nhận nhập báo cáo", type="primary", disabled=not allowed, key="returns-confirm"):
                returns.confirm_dialog(prepared, user, who, label)

with status_tab:
    chosen = st.selectbox(
        "Tháng báo cáo", months, format_func=lambda p: parse_period(p).label, key="returns-status-period"
    )
    status = reporting.classify(db.query("returns/reporting_status", period=chosen), chosen, today)
    counts = status["status"].value_counts()
    cols = st.columns(4)
    for col, code in zip(cols, (reporting.ON_TIME, reporting.LATE, reporting.MISSING, reporting.NOT_DUE), strict=True):
        col.metric(reporting.LABELS[code], fmt.number(int(counts.get(code, 0))), border=True)
    st.caption(
        f"Hạn nộp: {fmt.date(return_due(chosen))}. Đơn vị phải nộp: các xã, phường và các cơ quan được giao "
        "báo cáo chỉ tiêu hoặc chủ trì nhiệm vụ."
    )
    returns.show_status(status)

with history_tab:
    # A clerk sees their own unit's files, and who loaded them by full name; an administrator sees every file.
    if user.role == access.CLERK:
        uploads = db.query("uploads/history_of_unit", unit_code=user.unit_code)
    else:
        uploads = db.query("uploads/history")
    kinds = codes.KIND_LABELS
    sheet_titles = {s.key: s.title for s in SHEETS}
    people = {BASELINE_USER: "Hệ thống (dữ liệu gốc)"}
    st.dataframe(
        {
            "Lần nhập": uploads["id"],
            "Tệp": uploads["file_name"],
            "Loại": [kinds.get(k, k) for k in uploads["kind"]],
            "Đơn vị": uploads["unit_name"].fillna(""),
            "Kỳ": [parse_period(p).label if isinstance(p, str) else "" for p in uploads["period"]],
            "Người nhập": [people.get(u, u) for u in uploads["uploaded_by"]],
            "Thời gian": [fmt.datetime(t) for t in uploads["uploaded_at"]],
            "Số dòng": [
                "; ".join(f"{sheet_titles.get(k, k)}: {fmt.number(v)}" for k, v in json.loads(c).items())
                for c in uploads["row_counts"]
            ],
            "Trạng thái": [
                "Đang dùng" if s == "active" else f"Đã hoàn tác ({fmt.datetime(t)}, {b})"
                for s, t, b in zip(uploads["status"], uploads["rolled_back_at"], uploads["rolled_back_by"], strict=True)
            ],
            "Mã kiểm tra (SHA-256)": [s[:16] + "…" for s in uploads["sha256"]],
        },
        hide_index=True,
        width="stretch",
        height="content",
        key="returns-history",
        column_config={
            "Đơn vị": st.column_config.TextColumn(width="medium"),
            "Số dòng": st.column_config.TextColumn(width="medium"),
            "Trạng thái": st.column_config.TextColumn(width="medium"),
        },
    )
    mine = pd.Series(
        [
            access.can_rollback(user, u if isinstance(u, str) else None, k)
            for u, k in zip(uploads["unit_code"], uploads["kind"], strict=True)
        ],
        index=uploads.index,
    )
    undoable = uploads[(uploads["status"] == "active") & (uploads["kind"] != codes.BASELINE) & mine]
    if len(undoable):
        st.markdown("**Hoàn tác một lần nhập** — số liệu trước lần nhập đó được khôi phục nguyên trạng")
        h1, h3 = st.columns([4, 1], vertical_alignment="bottom")
        labels = {
            int(r.id): f"Lần {r.id}: {r.file_name} ({fmt.datetime(r.uploaded_at)})" for r in undoable.itertuples()
        }
        target = h1.selectbox("Lần nhập", list(labels), format_func=labels.get, key="returns-rollback-id")
        if h3.button("Hoàn tác", key="returns-rollback"):
            returns.rollback_dialog(target, labels[target], user)

    st.markdown(
        "**Sổ dữ liệu gốc**: ba văn bản 351-KH/TU, 32-KH/TU, 01-TB/CQTTBCD chép vào một sổ Excel cùng định dạng"
    )
    st.download_button(
        "Tải sổ dữ liệu gốc (.xlsx)",
        data=db.baseline_workbook(),
        file_name=paths.BASELINE_XLSX.name,
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key="returns-baseline-download",
    )
