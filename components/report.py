"""The overview's button for the quarterly report draft: built with its progress shown, then offered for download."""

import streamlit as st

from components import db
from nq57 import access, board

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_KEPT = "report-draft"  # session state: (quarter, data version, grouped by national sets, file name, bytes)


def draft_button(period: board.BoardPeriod, user: access.User | None, version: tuple) -> None:
    """For leaders and administrators: draft the quarter's report (Word), showing each step while it builds."""
    if not access.can_draft_report(user):
        return
    st.markdown("##### Dự thảo báo cáo quý")
    if period.mode != "quarter":
        st.markdown("Chọn kỳ xem theo **Quý** ở đầu trang để soạn dự thảo báo cáo của quý đó.")
        return
    st.markdown(
        f"Báo cáo {period.label} theo thể thức văn bản của Đảng (Word, để chỉnh sửa): kết quả, tồn tại, nhiệm vụ "
        "quý tới và hai phụ lục. Mọi số liệu là số trên bảng điều hành cho cùng kỳ, có ghi nguồn."
    )
    national = st.checkbox("Nhóm phụ lục chỉ tiêu theo bộ chỉ tiêu quốc gia", key="report-national")
    if st.button(f"Soạn dự thảo báo cáo {period.label}", icon=":material/description:", key="report-build"):
        with st.status(f"Đang soạn dự thảo báo cáo {period.label}…", expanded=True) as box:
            bar = st.progress(0.0)

            def progress(step: int, steps: int, what: str) -> None:
                bar.progress(step / steps, text=f"Bước {step}/{steps}: {what}")

            data = db.report_draft(period.code, national, progress)
            bar.progress(1.0, text="Đã xong")
            box.update(label=f"Đã soạn xong dự thảo báo cáo {period.label}", state="complete", expanded=False)
        st.session_state[_KEPT] = (period.code, version, national, f"du_thao_bao_cao_NQ57_{period.code}.docx", data)
    kept = st.session_state.get(_KEPT)
    if kept is not None and kept[:3] == (period.code, version, national):
        st.download_button(
            "Tải dự thảo báo cáo (Word)", data=kept[4], file_name=kept[3], mime=DOCX, icon=":material/download:",
            key="report-download", type="primary",
        )  # fmt: skip
    elif kept is not None:
        st.info("Số liệu hoặc lựa chọn đã thay đổi từ lần soạn trước: hãy bấm soạn lại.", icon=":material/refresh:")
