"""Quản trị: accounts, period locks and the audit log (administrators only; nq57.access refuses anyone else)."""

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st

from components import auth, db, duties
from components.text import md
from nq57 import access, backup, exports, fmt
from nq57.periods import months_back, parse_period

user = auth.current_user()
st.title("Quản trị")
if user is None or user.role != access.ADMIN:
    st.warning("Chỉ quản trị viên được vào trang này.", icon=":material/lock:")
    st.stop()
con = db.connection(db.db_file())
if problems := db.archive_problems():
    with st.expander(f"Lưu trữ tệp nhập: {len(problems)} điểm không khớp với cơ sở dữ liệu", icon=":material/warning:"):
        st.markdown("\n".join(f"- {p}" for p in problems))
accounts, locks, duties_tab, log, backups = st.tabs(["Tài khoản", "Khóa sổ", "Phân công báo cáo", "Nhật ký", "Sao lưu"])

with accounts:
    users = db.query("access/users")
    units = db.query("returns/reporters")
    unit_names = dict(zip(units["code"], units["name"], strict=True))
    st.dataframe(
        pd.DataFrame(
            {
                "Tên đăng nhập": users["username"],
                "Họ và tên": users["full_name"],
                "Vai trò": users["role"].map(access.ROLES),
                "Đơn vị": [unit_names.get(u, "") if isinstance(u, str) else "" for u in users["unit_code"]],
                "Trạng thái": ["Đang dùng" if a else "Đã ngừng" for a in users["active"]],
                "Tạo lúc": [fmt.datetime(t) for t in users["created_at"]],
                "Người tạo": users["created_by"].replace({access.SYSTEM: "Hệ thống (cài đặt)"}),
            }
        ),
        hide_index=True,
        width="stretch",
        key="admin-users",
    )
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
    others = [u for u in users["username"] if u != user.username]  # one's own password and account: page Tài khoản
    active = dict(zip(users["username"], users["active"], strict=True))
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

with locks:
    locked = db.query("access/locks")
    st.markdown("Sau cuộc họp, khóa sổ tháng đã báo cáo: báo cáo gửi cho tháng đã khóa bị từ chối.")
    if len(locked):
        st.dataframe(
            pd.DataFrame(
                {
                    "Kỳ": [parse_period(p).label for p in locked["period"]],
                    "Khóa lúc": [fmt.datetime(t) for t in locked["locked_at"]],
                    "Người khóa": locked["locked_by"],
                    "Ghi chú": locked["reason"].fillna(""),
                }
            ),
            hide_index=True,
            width="stretch",
            key="admin-locks",
        )
    months = [m for m in months_back(dt.date.today(), 13) if m not in set(locked["period"])]
    with st.form("admin-lock"):
        c1, c2 = st.columns(2)
        month = c1.selectbox("Tháng", months, format_func=lambda p: parse_period(p).label, key="admin-lock-month")
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
            month = c1.selectbox(
                "Tháng đã khóa", list(locked["period"]), format_func=lambda p: parse_period(p).label, key="admin-unlock"
            )
            reason = c2.text_input("Lý do mở khóa (bắt buộc)", key="admin-unlock-reason")
            if st.form_submit_button("Mở khóa sổ"):
                try:
                    access.unlock_period(con, user, month, reason)
                except (access.AccessDenied, ValueError) as refused:
                    st.error(f"Không mở khóa được: {refused}")
                else:
                    st.success(f"Đã mở khóa sổ {parse_period(month).label}; lý do được ghi vào nhật ký.")

with duties_tab:
    duties.show()

with log:
    entries = db.query("access/audit_log")
    actions = {
        "sign_in": "Đăng nhập",
        "sign_in_failed": "Đăng nhập sai",
        "upload": "Nhập tệp",
        "rollback": "Hoàn tác",
        "lock": "Khóa sổ",
        "unlock": "Mở khóa sổ",
        "user": "Tạo tài khoản",
        "password_changed": "Đổi mật khẩu",
        "password_change_failed": "Đổi mật khẩu không thành công",
        "password_reset": "Đặt lại mật khẩu",
        "user_deactivated": "Ngừng tài khoản",
        "user_reactivated": "Mở lại tài khoản",
        "backup": "Sao lưu",
        "restore": "Khôi phục",
    }
    f1, f2 = st.columns(2)
    chosen = f1.multiselect(
        "Việc", list(actions), format_func=actions.get, placeholder="Mọi việc", key="admin-log-action"
    )
    who = f2.selectbox(
        "Người làm",
        ["", *sorted(entries["actor"].unique())],
        format_func=lambda a: a or "Mọi người",
        key="admin-log-actor",
    )
    shown = entries
    if chosen:
        shown = shown[shown["action"].isin(chosen)]
    if who:
        shown = shown[shown["actor"] == who]
    table = pd.DataFrame(
        {
            "Số": shown["id"],
            "Thời gian": shown["logged_at"],
            "Người làm": shown["actor"],
            "Người dùng máy chủ (dòng lệnh)": shown["os_user"].fillna(""),
            "Việc": shown["action"].map(actions).fillna(shown["action"]),
            "Đối tượng": shown["target"].fillna(""),
            "Chi tiết": shown["detail"].fillna(""),
            "Tệp": shown["file_name"].fillna(""),
            "SHA-256": shown["sha256"].fillna(""),
        }
    )
    st.caption(f"{len(table)} mục; nhật ký chỉ được ghi thêm, không sửa, không xóa.")
    st.dataframe(
        table.assign(**{"Thời gian": [fmt.datetime(t) for t in table["Thời gian"]]}),
        hide_index=True,
        width="stretch",
        key="admin-log",
    )
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

with backups:
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
    made_list = backup.backups(folder)
    if made_list:
        st.dataframe(
            pd.DataFrame(
                {
                    "Bản sao lưu": [p.name for p in reversed(made_list)],
                    "Dung lượng (MB)": [
                        round(sum(f.stat().st_size for f in p.rglob("*") if f.is_file()) / 1e6, 1)
                        for p in reversed(made_list)
                    ],
                }
            ),
            hide_index=True,
            key="admin-backups",
        )
    else:
        st.info("Chưa có bản sao lưu nào.")
