"""Views of the administration page: accounts, period locks, the audit log and backups, one function per tab."""

import datetime as dt
from pathlib import Path

import streamlit as st

from components import db, overview
from components.text import md
from nq57 import access, backup, exports, fmt, national
from nq57.periods import parse_period


def _month_label(period: str) -> str:
    return parse_period(period).label


def archive_warning() -> None:
    """Where the uploads table and the archive of uploaded files disagree, folded away; nothing when they agree."""
    if problems := db.archive_problems():
        with st.expander(
            f"Lưu trữ tệp nhập: {len(problems)} điểm không khớp với cơ sở dữ liệu", icon=":material/warning:"
        ):
            st.markdown("\n".join(f"- {p}" for p in problems))


def accounts(con, user: access.User) -> None:
    """The accounts, then forms to make one, reset another's password, and stop or reopen one."""
    users = db.query("access/users")
    units = db.query("returns/reporters")
    unit_names = dict(zip(units["code"], units["name"], strict=True))
    st.dataframe(access.users_frame(users, unit_names), hide_index=True, width="stretch", key="admin-users")
    _new_user(con, user, unit_names)
    others = [u for u in users["username"] if u != user.username]  # one's own password and account: page Tài khoản
    _reset_password(con, user, others)
    _set_active(con, user, others, dict(zip(users["username"], users["active"], strict=True)))


def _new_user(con, user: access.User, unit_names: dict[str, str]) -> None:
    with st.form("admin-new-user", clear_on_submit=True):
        st.markdown("**Tạo tài khoản**")
        a, b = st.columns(2)
        username = a.text_input("Tên đăng nhập", key="admin-new-username")
        full_name = b.text_input("Họ và tên", key="admin-new-name")
        role = a.selectbox("Vai trò", list(access.ROLES), format_func=access.ROLES.get, key="admin-new-role")
        unit = b.selectbox(
            "Đơn vị (cán bộ báo cáo)",
            ["", *unit_names],
            format_func=lambda c: unit_names.get(c, "—"),
            key="admin-new-unit",
        )
        password = a.text_input("Mật khẩu (ít nhất 10 ký tự)", type="password", key="admin-new-password")
        if st.form_submit_button("Tạo tài khoản", type="primary"):
            try:
                made = access.create_user(con, user, username, full_name, role, password, unit or None)
            except (access.AccessDenied, ValueError) as refused:
                st.error(f"Không tạo được tài khoản: {md(refused)}")
            else:
                st.success(f"Đã tạo tài khoản “{md(made.username)}” ({made.role_label}).")


def _reset_password(con, user: access.User, others: list[str]) -> None:
    with st.form("admin-reset-password", clear_on_submit=True):
        st.markdown("**Đặt lại mật khẩu** (các phiên đang mở của tài khoản đó kết thúc)")
        a, b = st.columns(2)
        target = a.selectbox("Tài khoản", others, key="admin-reset-username")
        password = b.text_input(
            f"Mật khẩu mới (ít nhất {access.MIN_PASSWORD} ký tự)", type="password", key="admin-reset-password"
        )
        if st.form_submit_button("Đặt lại mật khẩu"):
            try:
                access.reset_password(con, user, target or "", password)
            except (access.AccessDenied, ValueError) as refused:
                st.error(f"Không đặt lại được mật khẩu: {md(refused)}")
            else:
                st.success(f"Đã đặt lại mật khẩu của “{md(target)}”; hãy báo mật khẩu mới cho người đó qua kênh riêng.")


def _set_active(con, user: access.User, others: list[str], active: dict[str, bool]) -> None:
    with st.form("admin-active"):
        st.markdown("**Ngừng hoặc mở lại tài khoản** (tài khoản bị ngừng không đăng nhập được; phiên đang mở kết thúc)")
        target = st.selectbox(
            "Tài khoản",
            others,
            format_func=lambda u: f"{u} ({'đang dùng' if active[u] else 'đã ngừng'})",
            key="admin-active-username",
        )
        c1, c2 = st.columns(2)
        stop = c1.form_submit_button("Ngừng tài khoản")
        reopen = c2.form_submit_button("Mở lại tài khoản")
        if stop or reopen:
            try:
                access.set_active(con, user, target or "", reopen)
            except (access.AccessDenied, ValueError) as refused:
                st.error(f"Không {'mở lại' if reopen else 'ngừng'} được tài khoản: {md(refused)}")
            else:
                st.success(f"Đã {'mở lại' if reopen else 'ngừng'} tài khoản “{md(target)}”.")


def locks(con, user: access.User) -> None:
    """The locked months, a form to lock one and, when any is locked, a form to unlock one with a reason."""
    locked = db.query("access/locks")
    st.markdown("Sau cuộc họp, khóa sổ tháng đã báo cáo: báo cáo gửi cho tháng đã khóa bị từ chối.")
    if len(locked):
        st.dataframe(access.locks_frame(locked), hide_index=True, width="stretch", key="admin-locks")
    months = access.lockable_months(locked, dt.date.today())
    with st.form("admin-lock"):
        c1, c2 = st.columns(2)
        month = c1.selectbox("Tháng", months, format_func=_month_label, key="admin-lock-month")
        note = c2.text_input("Ghi chú (ví dụ: đã thông qua tại cuộc họp ngày…)", key="admin-lock-note")
        if st.form_submit_button("Khóa sổ", type="primary"):
            try:
                access.lock_period(con, user, month, note or None)
            except (access.AccessDenied, ValueError) as refused:
                st.error(f"Không khóa được: {refused}")
            else:
                st.success(f"Đã khóa sổ {parse_period(month).label}.")
    if len(locked):
        with st.form("admin-unlock"):
            c1, c2 = st.columns(2)
            month = c1.selectbox("Tháng đã khóa", list(locked["period"]), format_func=_month_label, key="admin-unlock")
            reason = c2.text_input("Lý do mở khóa (bắt buộc)", key="admin-unlock-reason")
            if st.form_submit_button("Mở khóa sổ"):
                try:
                    access.unlock_period(con, user, month, reason)
                except (access.AccessDenied, ValueError) as refused:
                    st.error(f"Không mở khóa được: {refused}")
                else:
                    st.success(f"Đã mở khóa sổ {parse_period(month).label}; lý do được ghi vào nhật ký.")


def log() -> None:
    """The audit log filtered by action and actor, and its download as a workbook."""
    entries = db.query("access/audit_log")
    f1, f2 = st.columns(2)
    chosen = f1.multiselect(
        "Việc",
        list(access.AUDIT_ACTIONS),
        format_func=access.AUDIT_ACTIONS.get,
        placeholder="Mọi việc",
        key="admin-log-action",
    )
    who = f2.selectbox(
        "Người làm", access.audit_actors(entries), format_func=lambda a: a or "Mọi người", key="admin-log-actor"
    )
    table = access.audit_frame(access.filter_audit(entries, chosen, who))
    st.caption(f"{len(table)} mục; nhật ký chỉ được ghi thêm, không sửa, không xóa.")
    st.dataframe(access.audit_shown(table), hide_index=True, width="stretch", key="admin-log")
    st.download_button(
        "Tải nhật ký (Excel)",
        data=lambda: exports.table_workbook(
            table, f"Nhật ký thao tác, lập lúc {fmt.datetime(dt.datetime.now())}", "Nhật ký"
        ),  # built when clicked, not on every rerun
        file_name=f"nhat_ky_{dt.date.today().isoformat()}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key="admin-log-download",
    )


def national_sets(today: dt.date) -> None:
    """Our figures for a period under the national indicators' codes, as the board shows them, and their download as
    a workbook to type or paste into the national system."""
    st.markdown(
        "Số liệu của tỉnh xếp theo chỉ tiêu quốc gia (Nghị quyết 03/NQ-CP, DTI, PII), đúng như Bảng điều hành hiển thị "
        "cho kỳ chọn. Cột “Quan hệ” cho biết số của tỉnh là cùng thước đo, một phần hay chỉ là số đo gần đúng."
    )
    period = overview.period_picker(today, key="admin-national-period")
    rows = national.export_frame(db.national_map(), db.board_snapshot(period).board)
    if rows.empty:
        st.info("Chưa có bảng gắn chỉ tiêu quốc gia: quản trị viên nhập trang “Chỉ tiêu quốc gia” của dữ liệu gốc.")
        return
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        height="content",
        key="admin-national",
        column_config={
            "Tên chỉ tiêu quốc gia": st.column_config.TextColumn(width="large"),
            "Tên chỉ tiêu của tỉnh": st.column_config.TextColumn(width="large"),
        },
    )
    st.download_button(
        "Tải số liệu theo chỉ tiêu quốc gia (Excel)",
        data=lambda: exports.national_workbook(
            rows, f"Số liệu của tỉnh Lai Châu theo chỉ tiêu quốc gia, kỳ xem: {period.label}"
        ),  # built when clicked
        file_name=f"chi_tieu_quoc_gia_{period.code}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key="admin-national-download",
    )


def backups(con, user: access.User) -> None:
    """Where backups go, a button to make one now, and the backups kept."""
    db_path = Path(db.db_file())
    folder = backup.default_dir(db_path)
    st.markdown(
        f"Mỗi bản sao lưu gồm tệp cơ sở dữ liệu và các tệp đã nhập, trong `{folder}`; giữ 7 bản mới nhất. "
        "Sao lưu không làm gián đoạn người đang xem. Khôi phục chỉ làm được khi ứng dụng đã dừng: "
        "`python -m nq57 restore THƯ_MỤC --as TÊN_QUẢN_TRỊ`."
    )
    if st.button("Sao lưu ngay", key="admin-backup-now", icon=":material/backup:"):
        made = backup.backup_as(con, db_path, user)
        st.success(f"Đã sao lưu vào {made}.")
    listing = backup.listing(folder)
    if len(listing):
        st.dataframe(listing, hide_index=True, key="admin-backups")
    else:
        st.info("Chưa có bản sao lưu nào.")
