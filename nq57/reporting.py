"""Whether each unit's monthly return came in on time (by the 30th), late, or not at all."""

import datetime as dt

import pandas as pd

from nq57.periods import as_date, return_due

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
