"""Is an indicator on track to reach its target by the deadline? One rule, used by every page and export.

The rule follows the progress measures used for SDG indicators (UN ESCAP's "anticipated progress"): compare the pace
needed from the latest value to the target in the time left with the pace achieved so far, from the first value
reported to the latest, in the direction that counts (fewer villages without signal is better). A target already met
is green, or blue when the first figure to meet it came after its deadline ("Đạt muộn"); a deadline passed without it
is red; no data, or a single value (no pace yet), is grey and never green.

An indicator is judged against the target that counts on the day (the next not yet due, else the last), but an
earlier milestone that passed unmet stays on it ("Trượt mốc 30/4/2026: ≤ 4 bản; thực tế 8", red) until a figure meets
it (`milestones`). A figure counts for a deadline when its period ends on or before that day.
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
MET_LATE, SLIPPED = "met_late", "slipped"
# What became of a milestone whose deadline has passed (besides MET on time, MET_LATE and SLIPPED): no figure yet.
UNKNOWN = "unknown"
# Worst first: the order of a legend, of a sorted board and of "what needs attention".
ORDER = (MISSED, SLIPPED, OFF_TRACK, AT_RISK, INSUFFICIENT, NO_DATA, ON_TRACK, MET_LATE, MET)

LABELS = {
    MET: "Đã đạt",
    MET_LATE: "Đạt muộn",
    SLIPPED: "Trượt mốc",
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
    MET_LATE: "blue",  # reached, but after the deadline: not plain green
    SLIPPED: "red",
    ON_TRACK: "green",
    AT_RISK: "amber",
    OFF_TRACK: "red",
    MISSED: "red",
    INSUFFICIENT: "grey",
    NO_DATA: "grey",
}
RAG_COLOURS = {"green": "#1a7f37", "blue": "#2b6cb0", "amber": "#b7791f", "red": "#c53030", "grey": "#718096"}
_RAG_BACKGROUNDS = {"green": "#c6f6d5", "blue": "#bee3f8", "amber": "#fefcbf", "red": "#fed7d7", "grey": "#edf2f7"}
RAG_MARKDOWN = {"green": "green", "blue": "blue", "amber": "orange", "red": "red", "grey": "gray"}
COLOURS = {code: RAG_COLOURS[rag] for code, rag in RAG.items()}
# Pale backgrounds for table cells, readable with dark text on a projector.
BACKGROUNDS = {code: _RAG_BACKGROUNDS[rag] for code, rag in RAG.items()}
# Streamlit markdown colour names for the same statuses.
MARKDOWN_COLOURS = {code: RAG_MARKDOWN[rag] for code, rag in RAG.items()}

# At least this share of the pace needed is amber; below it, red.
AT_RISK_SHARE = 0.5
DAYS_PER_MONTH = 365.25 / 12

RULE = (
    "Chỉ tiêu: xanh “Đã đạt” khi số liệu đạt mục tiêu trong hạn, hoặc “Đúng tiến độ” khi giữ tốc độ từ kỳ báo cáo đầu "
    "tiên đến kỳ mới nhất thì đạt đúng hạn; xanh lam “Đạt muộn” khi số liệu đầu tiên đạt mục tiêu thuộc kỳ kết thúc "
    "sau hạn; vàng “Cần đẩy nhanh” khi tốc độ đạt từ 50% đến dưới 100% tốc độ cần; đỏ “Chậm tiến độ” khi dưới 50%, đi "
    "ngang hoặc ngược chiều, “Quá hạn, không đạt” khi đã qua hạn mục tiêu cuối mà chưa đạt, “Trượt mốc” khi một mốc "
    "đã qua hạn mà số liệu chưa đạt (ví dụ “Trượt mốc 30/4/2026: ≤ 4 bản; thực tế 8”), giữ nguyên cho đến khi có số "
    "liệu đạt mốc đó, kể cả khi đã xét theo mốc sau; xám “Chưa có số liệu” hoặc “Chưa đủ số liệu” (mới có một kỳ, "
    "hoặc số toàn tỉnh mới tạm tính từ một phần các xã, phường), không bao giờ xanh. Số toàn tỉnh tạm tính không dùng "
    "để đánh giá tiến độ hay mốc. Chỉ tiêu xét theo mốc gần nhất chưa đến hạn (hết mốc thì mốc cuối); một số liệu "
    "tính cho một mốc khi kỳ của nó kết thúc không muộn hơn hạn; mốc đã qua mà chưa có số liệu thì ghi là chưa biết "
    "đạt hay chưa."
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
        by_deadline = [v for d, v in points if d <= deadline]
        if as_of > deadline and not (by_deadline and meets(by_deadline[-1], comparator, target)):
            then = (
                f"số liệu đến hạn là {fmt.measure(by_deadline[-1], measure)}"
                if by_deadline
                else "chưa có số liệu đến hạn"
            )
            return Status(
                MET_LATE,
                explanation=f"Đạt muộn: {latest_text} so với mục tiêu {target_text} hạn {fmt.date(deadline)} ({then}).",
            )
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


@dataclass(frozen=True)
class Milestone:
    """What became of one target by a day: MET in time, MET_LATE, SLIPPED (passed unmet and not met since), UNKNOWN
    (passed with no figure), or None (not yet due); `text` says it in a sentence, `result` in a table cell."""

    deadline: dt.date
    comparator: str
    target: float
    code: str | None
    text: str = ""
    result: str = "Chưa đến hạn"


def target_text(comparator: str, target: float, measure: str, unit_of_measure: str | None = "") -> str:
    """'≤ 4 bản', '≥ 100%': a target with the unit of a count."""
    text = fmt.target(comparator, target, measure)
    return f"{text} {unit_of_measure}" if measure == "count" and unit_of_measure else text


def milestone(
    points: Sequence[tuple[dt.date, float, str]],
    comparator: str,
    target: float,
    deadline,
    as_of: dt.date,
    measure: str = "count",
    unit_of_measure: str | None = "",
) -> Milestone:
    """One target judged on as_of by the figures `points` (end of period, value, period label). A figure counts for
    the deadline when its period ends on or before it; after it, the first figure that meets the target makes it
    late; none, and the latest figure says by how much it slipped."""
    deadline = as_date(deadline)
    known = sorted((as_date(d), float(v), label) for d, v, label in points if not _missing(v) and as_date(d) <= as_of)
    if deadline is None or deadline >= as_of:
        return Milestone(deadline, comparator, target, None)
    goal, day = target_text(comparator, target, measure, unit_of_measure), fmt.date(deadline)

    def figure(point) -> str:
        return f"{fmt.measure(point[1], measure)} ({point[2]})"

    by_deadline = [p for p in known if p[0] <= deadline]
    if by_deadline and meets(by_deadline[-1][1], comparator, target):
        text = f"Đạt mốc {day}: {goal}; {figure(by_deadline[-1])}"
        return Milestone(deadline, comparator, target, MET, text, "Đạt đúng hạn")
    late = next((p for p in known if p[0] > deadline and meets(p[1], comparator, target)), None)
    if late is not None:
        text = f"Đạt muộn mốc {day}: {goal}; đạt {figure(late)}"
        return Milestone(deadline, comparator, target, MET_LATE, text, f"Đạt muộn: {figure(late)}")
    if known:
        text = f"Trượt mốc {day}: {goal}; thực tế {figure(known[-1])}"
        return Milestone(deadline, comparator, target, SLIPPED, text, f"Trượt mốc: thực tế {figure(known[-1])}")
    text = f"Đã qua mốc {day} ({goal}), chưa có số liệu để biết đạt hay chưa"
    return Milestone(deadline, comparator, target, UNKNOWN, text, "Đã qua hạn, chưa có số liệu")


def with_milestones(verdict: Status, passed: Sequence[Milestone]) -> Status:
    """The verdict on the target that counts, with the earlier milestones whose deadline has passed: one that slipped
    makes it red "Trượt mốc" (unless it is already "Quá hạn, không đạt") and leads the explanation; those met late
    or not yet known follow it."""
    slipped = [m.text for m in passed if m.code == SLIPPED]
    notes = [m.text for m in passed if m.code in (MET_LATE, UNKNOWN)]
    if not slipped and not notes:
        return verdict
    code = SLIPPED if slipped and verdict.code != MISSED else verdict.code
    explanation = " ".join([*(f"{t}." for t in slipped), verdict.explanation, *(f"{t}." for t in notes)])
    return Status(code, verdict.pace_needed, verdict.pace_so_far, explanation)
