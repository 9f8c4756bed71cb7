"""Nộp báo cáo: the files loaded so far, and the baseline workbook in the format returns use."""

import json

import streamlit as st

from components import db
from nq57 import fmt, paths
from nq57.cli import BASELINE_USER
from nq57.workbook import SHEETS

st.title("Nộp báo cáo")
st.markdown("##### Các tệp đã nhập vào hệ thống")

uploads = db.load("uploads/history")
kinds = {"baseline": "Dữ liệu gốc", "return": "Báo cáo tháng"}
sheet_titles = {s.key: s.title for s in SHEETS}
people = {BASELINE_USER: "Hệ thống (dữ liệu gốc)"}
st.dataframe(
    {
        "Lần nhập": uploads["id"],
        "Tệp": uploads["file_name"],
        "Loại": [kinds.get(k, k) for k in uploads["kind"]],
        "Người nhập": [people.get(u, u) for u in uploads["uploaded_by"]],
        "Thời gian": [fmt.datetime(t) for t in uploads["uploaded_at"]],
        "Số dòng": [
            "; ".join(f"{sheet_titles.get(k, k)}: {fmt.number(v)}" for k, v in json.loads(c).items())
            for c in uploads["row_counts"]
        ],
        "Mã kiểm tra (SHA-256)": [s[:16] + "…" for s in uploads["sha256"]],
    },
    hide_index=True,
    width="stretch",
    height="content",
    key="returns-history",
    column_config={"Số dòng": st.column_config.TextColumn(width="large")},
)

st.subheader("Sổ dữ liệu gốc")
st.markdown(
    "Dữ liệu gốc được chép từ ba văn bản (351-KH/TU, 32-KH/TU, 01-TB/CQTTBCD) vào một sổ Excel cùng định dạng "
    "với báo cáo tháng, và được nhập bằng cùng chương trình kiểm tra."
)
st.download_button(
    "Tải sổ dữ liệu gốc (.xlsx)",
    data=paths.BASELINE_XLSX.read_bytes(),
    file_name=paths.BASELINE_XLSX.name,
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
    key="returns-baseline-download",
)
