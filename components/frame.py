"""The frame shared by every page: sidebar with the data's sources and freshness."""

import streamlit as st

from components import db
from nq57 import fmt


def sidebar() -> None:
    with st.sidebar:
        st.markdown("**Ban Chỉ đạo tỉnh Lai Châu**  \nvề thực hiện Nghị quyết số 57-NQ/TW")
        uploads = db.load("uploads/history")
        if len(uploads):
            last = uploads.iloc[0]
            st.caption(f"Dữ liệu cập nhật lần cuối: {fmt.datetime(last.uploaded_at)} ({last.file_name})")
        docs = db.load("documents/all")
        if len(docs):
            lines = [f"- {fmt.document_kind(d.code)} {d.code} ngày {fmt.date(d.issued_on)}" for d in docs.itertuples()]
            st.caption("Văn bản nguồn:\n" + "\n".join(lines))
