"""Entry point: page config, the top navigation, the shared frame, then the chosen page."""

from pathlib import Path

import streamlit as st

from components import frame

HERE = Path(__file__).parent
# Not "pages/": Streamlit would take that folder for an old-style multipage app until st.navigation first runs.
PAGES = HERE / "app_pages"

st.set_page_config(
    page_title="NQ57 Lai Châu",
    page_icon=str(HERE / "assets/icon.png"),  # a local file: the app must work without internet
    layout="wide",
)

# Six pages, no sections: on a top bar sections would become drop-down menus, one click further away.
pages = [
    st.Page(PAGES / "overview.py", title="Tổng quan", icon=":material/dashboard:", default=True),
    st.Page(PAGES / "meeting.py", title="Chế độ họp", icon=":material/co_present:", url_path="che-do-hop"),
    st.Page(PAGES / "indicators.py", title="Chỉ tiêu", icon=":material/target:", url_path="chi-tieu"),
    st.Page(PAGES / "tasks.py", title="Nhiệm vụ", icon=":material/task_alt:", url_path="nhiem-vu"),
    st.Page(PAGES / "coverage_map.py", title="Bản đồ phủ sóng", icon=":material/cell_tower:", url_path="ban-do"),
    st.Page(PAGES / "returns.py", title="Nộp báo cáo", icon=":material/upload_file:", url_path="nop-bao-cao"),
]

# Navigation across the top leaves the full width to the figures on a projector.
page = st.navigation(pages, position="top")
frame.header()
page.run()
frame.footer()
