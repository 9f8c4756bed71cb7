"""The frame shared by every page: compact spacing, and a footer with the data's sources and freshness."""

import base64

import streamlit as st

from components import db, memo
from components.text import md
from nq57 import codes, fmt, paths

# The page icon as a data URI, read once per process: given the file's path, Streamlit opens it with PIL and adds it
# to the media files again on every run of every session (issue 17).
ICON = "data:image/png;base64," + base64.b64encode((paths.ROOT / "assets/icon.png").read_bytes()).decode()

# Streamlit leaves a wide empty band above the first element; a meeting screen needs that space for figures.
_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 3.5rem; padding-bottom: 2rem; }
[data-testid="stMetricValue"] { font-size: 2.6rem; }
/* The file picker's own words are English ("Upload", "20MB per file"): say them in Vietnamese. */
[data-testid="stFileUploaderDropzoneInstructions"] { visibility: hidden; position: relative; }
[data-testid="stFileUploaderDropzoneInstructions"]::after {
  content: "Kéo thả tệp vào đây — tối đa 20 MB"; visibility: visible; position: absolute; left: 0; top: 0;
  white-space: nowrap; font-size: 0.9rem; color: #4a5568;
}
[data-testid="stFileUploaderDropzone"] button p { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button p::after { content: "Chọn tệp"; font-size: 0.9rem; }
</style>
"""


def header() -> None:
    st.html(_CSS)


def footer() -> None:
    """Where the data comes from and when it last changed, under every page."""
    st.divider()
    st.caption(_footer_text(db.data_version()))


@memo.shared(4)
def _footer_text(version: tuple) -> str:
    """The footer's line, escaped, once per data version (a string every session shares, not a copy for each)."""
    parts = ["Ban Chỉ đạo tỉnh Lai Châu về thực hiện Nghị quyết số 57-NQ/TW."]
    latest = db.query_at(version, "uploads/latest")
    if len(latest):
        last = latest.iloc[0]
        whose = {codes.BASELINE: "dữ liệu gốc từ văn bản", codes.SAMPLE: fmt.SAMPLE_MARK}.get(last.kind)
        if whose is None:
            whose = f"báo cáo của {last.unit_name}" if isinstance(last.unit_name, str) else "nhập hàng loạt"
        parts.append(f"Số liệu mới nhất nhập lúc {fmt.datetime(last.uploaded_at)} ({whose}).")
    docs = db.query_at(version, "documents/all")
    if len(docs):
        names = [f"{fmt.document_kind(d.code)} {d.code} ngày {fmt.date(d.issued_on)}" for d in docs.itertuples()]
        parts.append("Văn bản nguồn: " + "; ".join(names) + ".")
    return md(" ".join(parts))
