"""The official status of a task on a day, from its deadline, its completion date and its reports. One rule.

The Government Office tracks assigned tasks in four states: done on time, done late, in progress within the deadline,
overdue. Recurring tasks ("Thường xuyên", "Hàng quý") have no deadline: they are judged by whether they were reported
in the period (the month, or the quarter for "Hàng quý", the year for "Hàng năm") that contains the day. A deadline
that is a condition ("ngay sau khi có hướng dẫn…") has no date and says so.
"""

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from nq57.periods import as_date, fold, month_end

DONE_ON_TIME, DONE_LATE, IN_PROGRESS, OVERDUE = "done_on_time", "done_late", "in_progress", "overdue"
RECURRING_REPORTED, RECURRING_UNREPORTED, NO_DEADLINE = "recurring_reported", "recurring_unreported", "no_deadline"

LABELS = {
    DONE_ON_TIME: "Hoàn thành đúng hạn",
    DONE_LATE: "Hoàn thành quá hạn",
    IN_PROGRESS: "Đang thực hiện, trong hạn",
    OVERDUE: "Quá hạn",
    RECURRING_REPORTED: "Thường xuyên, đã báo cáo kỳ này",
    RECURRING_UNREPORTED: "Thường xuyên, chưa báo cáo kỳ này",
    NO_DEADLINE: "Hạn theo điều kiện",
}
# Worst first: the order of a scorecard, of a legend and of the list read out at a meeting.
ORDER = (OVERDUE, RECURRING_UNREPORTED, IN_PROGRESS, NO_DEADLINE, RECURRING_REPORTED, DONE_LATE, DONE_ON_TIME)
DONE = (DONE_ON_TIME, DONE_LATE)
COLOURS = {
    DONE_ON_TIME: "#1a7f37",
    DONE_LATE: "#2b6cb0",
    IN_PROGRESS: "#b7791f",
    OVERDUE: "#c53030",
    RECURRING_REPORTED: "#38a169",
    RECURRING_UNREPORTED: "#dd6b20",
    NO_DEADLINE: "#718096",
}
DUE_SOON_DAYS = 30

RULE = (
    "Hoàn thành đúng hạn: ngày hoàn thành không muộn hơn hạn; hoàn thành quá hạn: muộn hơn hạn; "
    "đang thực hiện, trong hạn: chưa hoàn thành và chưa đến hạn (hạn là hôm nay vẫn trong hạn); "
    "quá hạn: chưa hoàn thành mà đã qua hạn. Hạn ghi theo quý, tháng, năm tính đến ngày cuối cùng của kỳ; "
    "nhiệm vụ thường xuyên, định kỳ được đánh giá theo việc có báo cáo trong kỳ (tháng; quý với “Hàng quý”)."
)


@dataclass(frozen=True)
class TaskStatus:
    """A task's state on a day, with the days overdue or left and the day it was done."""

    code: str
    days_overdue: int | None = None
    days_left: int | None = None
    completed_on: dt.date | None = None

    @property
    def label(self) -> str:
        return LABELS[self.code]

    @property
    def due_soon(self) -> bool:
        """Not done, and due within DUE_SOON_DAYS days (today included)."""
        return self.days_left is not None and self.days_left <= DUE_SOON_DAYS

    @property
    def done(self) -> bool:
        return self.code in DONE


def reporting_period(deadline_text: str | None, day: dt.date) -> tuple[dt.date, dt.date]:
    """The period a recurring task must be reported in, that contains day: its quarter, year or month."""
    text = fold(deadline_text or "")
    if text.startswith("hang quy"):
        first = 3 * ((day.month - 1) // 3) + 1
        return dt.date(day.year, first, 1), month_end(day.year, first + 2)
    if text.startswith("hang nam"):
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    return day.replace(day=1), month_end(day.year, day.month)


def task_status(
    deadline,
    recurring: bool,
    as_of: dt.date,
    update_status: str | None = None,
    completed_on=None,
    report_date=None,
    deadline_text: str | None = None,
) -> TaskStatus:
    """The status on as_of from the deadline and the latest update reported by then.

    A task reported done without a completion date counts as done on the day of that report.
    """
    deadline = as_date(deadline)
    completed_on = as_date(completed_on)
    report_date = as_date(report_date)
    if completed_on is not None and completed_on > as_of:
        completed_on = None  # a completion reported for a later day does not count yet
    if update_status == "done" and completed_on is None and report_date is not None and report_date <= as_of:
        completed_on = report_date
    if completed_on is not None:
        late = deadline is not None and completed_on > deadline
        return TaskStatus(DONE_LATE if late else DONE_ON_TIME, completed_on=completed_on)
    if recurring:
        start, _ = reporting_period(deadline_text, as_of)
        reported = report_date is not None and start <= report_date <= as_of
        return TaskStatus(RECURRING_REPORTED if reported else RECURRING_UNREPORTED)
    if deadline is None:
        return TaskStatus(NO_DEADLINE)
    if deadline < as_of:
        return TaskStatus(OVERDUE, days_overdue=(as_of - deadline).days)
    return TaskStatus(IN_PROGRESS, days_left=(deadline - as_of).days)


def stale(report_date, as_of: dt.date) -> bool:
    """No report in the month of as_of (or never): the register flags the task."""
    report_date = as_date(report_date)
    return report_date is None or report_date < as_of.replace(day=1)


def register(frame: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The tasks/status query with each task's status on as_of, days overdue or left, and freshness."""
    statuses = [
        task_status(r.deadline, bool(r.recurring), as_of, r.status, r.completed_on, r.report_date, r.deadline_text)
        for r in frame.itertuples(index=False)
    ]
    return frame.assign(
        state=[s.code for s in statuses],
        state_label=[s.label for s in statuses],
        days_overdue=pd.array([s.days_overdue for s in statuses], dtype="Int64"),
        days_left=pd.array([s.days_left for s in statuses], dtype="Int64"),
        due_soon=[s.due_soon for s in statuses],
        done_on=[s.completed_on for s in statuses],
        stale=[stale(d, as_of) for d in frame["report_date"]],
    )


def scorecard(reg: pd.DataFrame, agencies: pd.DataFrame, role: str) -> pd.DataFrame:
    """Per agency in a role (lead or partner): tasks in each status, worst first, and the total."""
    links = agencies[agencies["role"] == role][["task_code", "unit_name"]]
    joined = links.merge(reg[["code", "state"]], left_on="task_code", right_on="code")
    table = pd.crosstab(joined["unit_name"], joined["state"]).reindex(columns=list(ORDER), fill_value=0)
    table["total"] = table.sum(axis=1)
    return table.sort_values([OVERDUE, RECURRING_UNREPORTED, "total"], ascending=False)


def deadlines_ahead(reg: pd.DataFrame, days: int, by_agency: bool = False) -> pd.DataFrame:
    """What a leader reads out: overdue tasks (most days first), then those due within `days` (soonest first).

    By agency: the same, agency by agency (lead agencies in alphabetical order), as the list is read at a meeting.
    """
    overdue = reg[reg["state"] == OVERDUE].sort_values("days_overdue", ascending=False)
    coming = reg[(reg["state"] == IN_PROGRESS) & (reg["days_left"] <= days)].sort_values("days_left")
    rows = pd.concat([overdue, coming], ignore_index=True)
    if by_agency:
        rows = rows.assign(_order=range(len(rows))).sort_values(["lead", "_order"], kind="stable")
        rows = rows.drop(columns="_order").reset_index(drop=True)
    return rows
