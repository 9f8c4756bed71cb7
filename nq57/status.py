"""Is an indicator on track to reach its target by the deadline? One rule, used by every page and export.

The rule follows the progress measures used for SDG indicators (UN ESCAP's "anticipated progress"): compare the pace
needed from the latest value to the target in the time left with the pace achieved so far, from the first value
reported to the latest, in the direction that counts (fewer villages without signal is better). A target already met
is green; a deadline passed without it is red; no data, or a single value (no pace yet), is grey and never green.
"""

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from nq57 import fmt
from nq57.periods import as_date

MET, ON_TRACK, AT_RISK, OFF_TRACK, MISSED, INSUFFICIENT, NO_DATA = (
    "met",
    "on_track",
    "at_risk",
    "off_track",
    "missed",
    "insufficient",
    "no_data",
)
# Worst first: the order of a legend, of a sorted board and of "what needs attention".
ORDER = (MISSED, OFF_TRACK, AT_RISK, INSUFFICIENT, NO_DATA, ON_TRACK, MET)

LABELS = {
    MET: "Đã đạt",
    ON_TRACK: "Đúng tiến độ",
    AT_RISK: "Cần đẩy nhanh",
    OFF_TRACK: "Chậm tiến độ",
    MISSED: "Quá hạn, không đạt",
    INSUFFICIENT: "Chưa đủ số liệu",
    NO_DATA: "Chưa có số liệu",
}
# Red / amber / green, and grey for "cannot tell".
RAG = {
    MET: "green",
    ON_TRACK: "green",
    AT_RISK: "amber",
    OFF_TRACK: "red",
    MISSED: "red",
    INSUFFICIENT: "grey",
    NO_DATA: "grey",
}
RAG_COLOURS = {"green": "#1a7f37", "amber": "#b7791f", "red": "#c53030", "grey": "#718096"}
_RAG_BACKGROUNDS = {"green": "#c6f6d5", "amber": "#fefcbf", "red": "#fed7d7", "grey": "#edf2f7"}
RAG_MARKDOWN = {"green": "green", "amber": "orange", "red": "red", "grey": "gray"}
COLOURS = {code: RAG_COLOURS[rag] for code, rag in RAG.items()}
# Pale backgrounds for table cells, readable with dark text on a projector.
BACKGROUNDS = {code: _RAG_BACKGROUNDS[rag] for code, rag in RAG.items()}
# Streamlit markdown colour names for the same statuses.
MARKDOWN_COLOURS = {code: RAG_MARKDOWN[rag] for code, rag in RAG.items()}

# At least this share of the pace needed is amber; below it, red.
AT_RISK_SHARE = 0.5
DAYS_PER_MONTH = 365.25 / 12

RULE = (
    "Xanh: đã đạt, hoặc nếu giữ tốc độ từ kỳ báo cáo đầu tiên đến kỳ mới nhất thì đạt mục tiêu đúng hạn; "
    "vàng: tốc độ đạt từ 50% đến dưới 100% tốc độ cần thiết; đỏ: dưới 50%, đi ngược chiều, "
    "hoặc đã quá hạn mà chưa đạt; xám: chưa có số liệu hoặc mới có một kỳ, chưa đủ để đánh giá."
)


@dataclass(frozen=True)
class Status:
    """The verdict on one indicator, with the paces behind it (per month, in the indicator's unit)."""

    code: str
    pace_needed: float | None = None
    pace_so_far: float | None = None
    explanation: str = ""

    @property
    def label(self) -> str:
        return LABELS[self.code]

    @property
    def colour(self) -> str:
        return COLOURS[self.code]

    @property
    def rag(self) -> str:
        return RAG[self.code]


def meets(value: float, comparator: str, target: float) -> bool:
    if comparator == ">=":
        return value >= target
    if comparator == "<=":
        return value <= target
    return math.isclose(value, target)


def months_between(start: dt.date, end: dt.date) -> float:
    return (end - start).days / DAYS_PER_MONTH


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def assess(
    points: Sequence[tuple[dt.date, float]],
    comparator: str,
    target: float,
    deadline,
    as_of: dt.date,
    measure: str = "count",
) -> Status:
    """The status on as_of of an indicator whose values are `points` (end of period, value), oldest first.

    Points after as_of are ignored. Pace so far runs from the first point to the latest; pace needed from the latest
    value to the target over the months left between as_of and the deadline. Both are signed so that positive means
    towards the target (down for a "<=" target).
    """
    deadline = as_date(deadline)
    points = sorted((as_date(d), float(v)) for d, v in points if not _missing(v) and as_date(d) <= as_of)
    target_text = fmt.target(comparator, target, measure)
    if not points:
        return Status(NO_DATA, explanation="Chưa có số liệu báo cáo.")
    (first_day, first), (last_day, latest) = points[0], points[-1]
    latest_text = fmt.measure(latest, measure)
    if meets(latest, comparator, target):
        return Status(MET, explanation=f"Đã đạt: {latest_text} so với mục tiêu {target_text}.")
    if as_of > deadline:
        return Status(
            MISSED,
            explanation=(
                f"Đã quá hạn {fmt.date(deadline)}, số liệu mới nhất {latest_text} chưa đạt mục tiêu {target_text}."
            ),
        )
    sign = -1.0 if comparator == "<=" else 1.0
    months_left = months_between(as_of, deadline)
    gap = sign * (target - latest)  # > 0: still to go
    needed = gap / months_left if months_left > 0 else math.inf
    unit = "%" if measure == "percent" else ""
    needed_text = "" if math.isinf(needed) else f"; cần {fmt.number(needed, 2)}{unit}/tháng"
    if len(points) < 2 or months_between(first_day, last_day) <= 0:
        return Status(
            INSUFFICIENT,
            pace_needed=None if math.isinf(needed) else needed,
            explanation=f"Mới có một kỳ số liệu ({latest_text}), chưa đủ để tính tốc độ{needed_text}.",
        )
    so_far = sign * (latest - first) / months_between(first_day, last_day)
    # Rounded so that a pace of exactly half or all of what is needed is not lost to floating point.
    share = round(so_far / needed, 9) if needed > 0 else -math.inf
    if math.isinf(needed):
        code = OFF_TRACK
    elif share >= 1:
        code = ON_TRACK
    elif share >= AT_RISK_SHARE:
        code = AT_RISK
    else:
        code = OFF_TRACK
    pace_text = f"tốc độ đạt được {fmt.number(so_far, 2)}{unit}/tháng"
    if math.isinf(needed):
        explanation = f"Đến hạn hôm nay mà chưa đạt mục tiêu {target_text} ({latest_text})."
    else:
        explanation = (
            f"Còn {fmt.number(months_left, 1)} tháng đến hạn {fmt.date(deadline)}: cần {fmt.number(needed, 2)}{unit}"
            f"/tháng, {pace_text} ({fmt.percent(100 * share, 0) if share > -10 else 'ngược chiều'} tốc độ cần)."
        )
        if so_far <= 0:
            explanation = (
                f"Còn {fmt.number(months_left, 1)} tháng đến hạn {fmt.date(deadline)}: cần {fmt.number(needed, 2)}"
                f"{unit}/tháng nhưng số liệu đi ngang hoặc ngược chiều."
            )
    return Status(
        code,
        pace_needed=None if math.isinf(needed) else needed,
        pace_so_far=so_far,
        explanation=explanation,
    )
