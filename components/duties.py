"""The reporting duties as an administrator reads them: who sends each indicator, for which unit's figure."""

import pandas as pd
import streamlit as st

from components import db
from nq57 import scope


def duty_frame(duties: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator (scope/duty_table): its level, frequency, who sends the province's figure and whether
    every commune and ward sends its own."""
    return pd.DataFrame(
        {
            "Mã chỉ tiêu": duties["indicator_code"],
            "Chỉ tiêu": duties["indicator_name"],
            "Cấp": duties["level"].map(scope.LEVEL_LABELS).fillna(duties["level"]),
            "Tần suất": duties["frequency"].fillna(""),
            "Số liệu toàn tỉnh do": [
                f"{name} ({code})" if isinstance(code, str) else "Chưa giao"
                for name, code in zip(duties["reporter_name"], duties["reporter_code"], strict=True)
            ],
            "Xã, phường tự báo cáo": [f"{n} xã, phường" if n else "Không" for n in duties["n_communes"]],
        }
    )


def show() -> None:
    st.markdown(
        "Mỗi báo cáo tháng chỉ được chứa các chỉ tiêu đơn vị được giao dưới đây, cho đúng đơn vị và đúng tháng; "
        "dòng nào khác bị từ chối khi tải lên và kiểm tra lại khi xác nhận. Phân công lấy từ danh mục chỉ tiêu "
        "(cột “Cấp báo cáo” và “Đơn vị báo cáo”), do quản trị viên cập nhật bằng tệp nhập hàng loạt."
    )
    st.dataframe(
        duty_frame(db.query("scope/duty_table")),
        hide_index=True,
        width="stretch",
        height="content",
        key="admin-duties",
        column_config={"Chỉ tiêu": st.column_config.TextColumn(width="large")},
    )
