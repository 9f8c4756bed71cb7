"""Whether each unit's monthly return came in on time (by the 30th), late, or not at all."""

import datetime as dt

import pandas as pd

from nq57 import fmt
from nq57.periods import as_date, fold, return_due

ON_TIME, LATE, MISSING, NOT_DUE = "on_time", "late", "missing", "not_due"
LABELS = {
    ON_TIME: "Đúng hạn",
    LATE: "Muộn",
    MISSING: "Chưa nộp",
    NOT_DUE: "Chưa đến hạn",
}


def return_status(first_at, period: str, today: dt.date) -> str:
    """On time if the first return came by the due day; late after it; missing once the day has passed."""
    due = return_due(period)
    received = as_date(first_at)
    if received is None:
        return MISSING if today > due else NOT_DUE
    return ON_TIME if received <= due else LATE


def classify(status: pd.DataFrame, period: str, today: dt.date) -> pd.DataFrame:
    """The reporting-status rows with their status code added."""
    out = status.copy()
    out["status"] = [return_status(t, period, today) for t in out["first_at"]]
    return out


def status_frame(status: pd.DataFrame) -> pd.DataFrame:
    """The classified rows as the returns page lists them: missing, late, not due, then on time; departments before
    communes, each in Vietnamese alphabetical order."""
    order = {MISSING: 0, LATE: 1, NOT_DUE: 2, ON_TIME: 3}
    status = status.assign(
        _order=status["status"].map(order),
        _commune=status["kind"].isin(["commune", "ward"]),
        _name=[fold(n) for n in status["unit_name"]],
    ).sort_values(["_order", "_commune", "_name"], kind="stable")
    return pd.DataFrame(
        {
            "Đơn vị": status["unit_name"],
            "Loại": ["Xã, phường" if k in ("commune", "ward") else "Sở, ngành, cơ quan" for k in status["kind"]],
            "Tình trạng": [LABELS[s] for s in status["status"]],
            "Ngày nộp": [fmt.datetime(t) if pd.notna(t) else "" for t in status["first_at"]],
            "Số lần nộp": status["n_returns"],
        }
    )
