"""Views of the returns page that send and undo files: the template, the upload with its checks, the history."""

import streamlit as st

from components import db, returns
from components.text import md
from nq57 import access, fmt, paths, uploads
from nq57.periods import parse_period, return_due
from nq57.problems import WorkbookRejected

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _month_label(period: str) -> str:
    return parse_period(period).label


def send(user: access.User, own_units: list[str], unit_names: dict[str, str], months: list[str]) -> None:
    """Step 1, the unit's template for a month; step 2, the filled file checked and previewed before it is loaded."""
    st.markdown("**1. Tải mẫu báo cáo** của đơn vị cho tháng cần báo cáo")
    c1, c2, c3 = st.columns([3, 2, 2], vertical_alignment="bottom")
    unit = c1.selectbox("Đơn vị báo cáo", own_units, format_func=unit_names.get, key="returns-unit")
    period = c2.selectbox("Tháng", months, format_func=_month_label, key="returns-period")
    c3.download_button(
        "Tải mẫu (.xlsx)",
        data=db.return_template(unit, period),
        file_name=f"bao_cao_{unit}_{period}.xlsx",
        mime=XLSX,
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
        _checked(upload, user, unit_names)


def _checked(upload, user: access.User, unit_names: dict[str, str]) -> None:
    """The file's problems, or its counts, warnings and preview with the button that loads it (if the user may)."""
    try:
        prepared = db.prepare(upload.getvalue(), upload.name)
    except WorkbookRejected as rejected:
        st.error(
            f"Tệp “{md(upload.name)}” bị từ chối, chưa có gì được ghi. Có {len(rejected.problems)} lỗi cần sửa:",
            icon=":material/error:",
        )
        returns.show_problems(rejected.problems, key="returns-errors")
        return
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


def history(user: access.User) -> None:
    """The files loaded, a form to roll one back, and the baseline workbook to download."""
    # A clerk sees their own unit's files, and who loaded them by full name; an administrator sees every file.
    if user.role == access.CLERK:
        loaded = db.query("uploads/history_of_unit", unit_code=user.unit_code)
    else:
        loaded = db.query("uploads/history")
    st.dataframe(
        uploads.history_frame(loaded),
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
    labels = uploads.undoable(loaded, user)
    if labels:
        st.markdown("**Hoàn tác một lần nhập** — số liệu trước lần nhập đó được khôi phục nguyên trạng")
        h1, h3 = st.columns([4, 1], vertical_alignment="bottom")
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
        mime=XLSX,
        icon=":material/download:",
        key="returns-baseline-download",
    )
