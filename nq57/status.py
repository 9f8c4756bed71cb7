"""Status of an indicator against its target: met, not yet met, missed, or no data (never shown as green)."""

import datetime as dt
import math
from dataclasses import dataclass

from nq57.periods import as_date

MET, OPEN, MISSED, NO_DATA = "met", "open", "missed", "no_data"

LABELS = {
    MET: "Đạt",
    OPEN: "Chưa đạt, còn hạn",
    MISSED: "Không đạt, quá hạn",
    NO_DATA: "Chưa có số liệu",
}
COLOURS = {MET: "#1a7f37", OPEN: "#b7791f", MISSED: "#c53030", NO_DATA: "#718096"}
# Pale backgrounds for table cells, readable with dark text on a projector.
BACKGROUNDS = {MET: "#c6f6d5", OPEN: "#fefcbf", MISSED: "#fed7d7", NO_DATA: "#edf2f7"}
# Streamlit markdown colour names for the same statuses.
MARKDOWN_COLOURS = {MET: "green", OPEN: "orange", MISSED: "red", NO_DATA: "gray"}
RULE = (
    "Đạt: số liệu mới nhất đạt mục tiêu; chưa đạt, còn hạn: chưa đạt nhưng chưa đến hạn; "
    "không đạt, quá hạn: đã qua hạn mà chưa đạt; chưa có số liệu: không bao giờ tính là đạt."
)


@dataclass(frozen=True)
class Status:
    code: str

    @property
    def label(self) -> str:
        return LABELS[self.code]

    @property
    def colour(self) -> str:
        return COLOURS[self.code]


def meets(value: float, comparator: str, target: float) -> bool:
    if comparator == ">=":
        return value >= target
    if comparator == "<=":
        return value <= target
    return math.isclose(value, target)


def target_status(
    value: float | None,
    comparator: str,
    target: float,
    deadline,
    as_of: dt.date,
) -> Status:
    """Met if the latest value meets the target; otherwise open until the deadline has passed, then missed."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return Status(NO_DATA)
    if meets(value, comparator, target):
        return Status(MET)
    return Status(OPEN if as_of <= as_date(deadline) else MISSED)
