"""Entry point: page config, the top navigation, the shared frame, then the chosen page."""

from pathlib import Path

import streamlit as st

from components import auth, errors, frame
from nq57 import access

HERE = Path(__file__).parent
# Not "pages/": Streamlit would take that folder for an old-style multipage app until st.navigation first runs.
PAGES = HERE / "app_pages"

st.set_page_config(
    page_title="NQ57 Lai Châu",
    page_icon=frame.ICON,  # from a local file: the app must work without internet
    layout="wide",
)

user = auth.current_user()
read_pages = [
    st.Page(PAGES / "overview.py", title="Tổng quan", icon=":material/dashboard:", default=True),
    st.Page(PAGES / "meeting.py", title="Chế độ họp", icon=":material/co_present:", url_path="che-do-hop"),
    st.Page(PAGES / "indicators.py", title="Chỉ tiêu", icon=":material/target:", url_path="chi-tieu"),
    st.Page(PAGES / "tasks.py", title="Nhiệm vụ", icon=":material/task_alt:", url_path="nhiem-vu"),
    st.Page(PAGES / "coverage_map.py", title="Bản đồ phủ sóng", icon=":material/cell_tower:", url_path="ban-do"),
]
# Pages a role may not use are not offered at all (nq57.access refuses the actions anyway).
pages = read_pages if user is not None or auth.public_board() else []
if access.can_upload(user, user.unit_code if user else None):
    pages.append(
        st.Page(PAGES / "returns.py", title="Nộp báo cáo", icon=":material/upload_file:", url_path="nop-bao-cao")
    )
if user is not None and user.role == access.ADMIN:
    pages.append(
        st.Page(PAGES / "admin.py", title="Quản trị", icon=":material/admin_panel_settings:", url_path="quan-tri")
    )
if user is None:
    pages.append(
        st.Page(auth.sign_in_page, title="Đăng nhập", icon=":material/login:", url_path="dang-nhap", default=not pages)
    )
else:
    pages.append(
        st.Page(auth.account_page, title=user.full_name, icon=":material/account_circle:", url_path="tai-khoan")
    )

# Navigation across the top (no sections: on a top bar they would become drop-down menus, one click further away)
# leaves the full width to the figures on a projector.
page = st.navigation(pages, position="top")
frame.header()
errors.run(page)  # a Vietnamese message, not a traceback, for an unexpected error; the log keeps it
if user is not None or auth.public_board():  # the sources and freshness are for those who may read the figures
    frame.footer()
