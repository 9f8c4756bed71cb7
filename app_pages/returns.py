"""Nộp báo cáo: the template, the upload with its checks and preview, the reporting status, the history."""

import datetime as dt

import streamlit as st

from components import auth, db, returns, uploads
from nq57 import access
from nq57.periods import months_back

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
    uploads.send(user, own_units, unit_names, months)

with status_tab:
    returns.reporting_status(months, today)

with history_tab:
    uploads.history(user)
