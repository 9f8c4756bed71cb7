"""Quản trị: accounts, period locks, duties, our figures under the national codes, the audit log and backups
(administrators only; nq57.access refuses anyone else)."""

import datetime as dt

import streamlit as st

from components import admin, auth, db, duties
from nq57 import access

user = auth.current_user()
st.title("Quản trị")
if user is None or user.role != access.ADMIN:
    st.warning("Chỉ quản trị viên được vào trang này.", icon=":material/lock:")
    st.stop()
con = db.connection(db.db_file())
admin.archive_warning()
accounts, locks, duties_tab, national_tab, log, backups = st.tabs(
    ["Tài khoản", "Khóa sổ", "Phân công báo cáo", "Chỉ tiêu quốc gia", "Nhật ký", "Sao lưu"]
)

with accounts:
    admin.accounts(con, user)

with locks:
    admin.locks(con, user)

with duties_tab:
    duties.show()

with national_tab:
    admin.national_sets(dt.date.today())

with log:
    admin.log()

with backups:
    admin.backups(con, user)
