"""The official status of a task on a day, from its deadline, its completion date and its reports. One rule.

The Government Office tracks assigned tasks in four states: done on time, done late, in progress within the deadline,
overdue. "Overdue" is a fact someone reported: a report made on or after the deadline (or covering the period the
deadline falls in) says the task is not done. A deadline that passed with no report since is a different fact, "past
the deadline, not reported": nobody has said whether it is done. Both carry the days since the deadline. Recurring
tasks ("Thường xuyên", "Hàng quý") have no deadline: they are judged by whether they were reported in the period (the
month, or the quarter for "Hàng quý", the year for "Hàng năm") that contains the day. A deadline that is a condition
("ngay sau khi có hướng dẫn…") has no date and says so.

A task of notice 01-TB/CQTTBCD that restates a task of plan 32-KH/TU is the same piece of work: the tasks/status query
gives both the latest update reported for either, and totals count the pair once (`counted`), in the state of the two
that needs more attention.
"""

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from nq57 import fmt
from nq57.periods import as_date, fold, month_end, parse_period

DONE_ON_TIME, DONE_LATE, IN_PROGRESS, OVERDUE = "done_on_time", "done_late", "in_progress", "overdue"
PAST_DUE_UNREPORTED = "past_due_unreported"
RECURRING_REPORTED, RECURRING_UNREPORTED, NO_DEADLINE = "recurring_reported", "recurring_unreported", "no_deadline"

LABELS = {
    DONE_ON_TIME: "Hoàn thành đúng hạn",
    DONE_LATE: "Hoàn thành quá hạn",
    IN_PROGRESS: "Đang thực hiện, trong hạn",
    OVERDUE: "Quá hạn",
    PAST_DUE_UNREPORTED: "Đã qua hạn, chưa có báo cáo",
    RECURRING_REPORTED: "Thường xuyên, đã báo cáo kỳ này",
    RECURRING_UNREPORTED: "Thường xuyên, chưa báo cáo kỳ này",
    NO_DEADLINE: "Hạn theo điều kiện",
}
# Worst first: the order of a scorecard, of a legend and of the list read out at a meeting. Reported overdue comes
# before not reported: one is known to be late, the other is not known either way.
ORDER = (
    OVERDUE,
    PAST_DUE_UNREPORTED,
    RECURRING_UNREPORTED,
    IN_PROGRESS,
    NO_DEADLINE,
    RECURRING_REPORTED,
    DONE_LATE,
    DONE_ON_TIME,
)
DONE = (DONE_ON_TIME, DONE_LATE)
PAST_DUE = (OVERDUE, PAST_DUE_UNREPORTED)  # the deadline has passed and no completion is reported
COLOURS = {
    DONE_ON_TIME: "#1a7f37",
    DONE_LATE: "#2b6cb0",
    IN_PROGRESS: "#b7791f",
    OVERDUE: "#c53030",
    PAST_DUE_UNREPORTED: "#fc8181",  # the same red, paler: past the deadline, but not known to be late
    RECURRING_REPORTED: "#38a169",
    RECURRING_UNREPORTED: "#dd6b20",
    NO_DEADLINE: "#718096",
}
DUE_SOON_DAYS = 30

RULE = (
    "Nhiệm vụ: “Hoàn thành đúng hạn” khi ngày hoàn thành không muộn hơn hạn (báo cáo hoàn thành không ghi ngày thì "
    "tính từ ngày báo cáo), muộn hơn là “Hoàn thành quá hạn”; “Đang thực hiện, trong hạn” khi chưa hoàn thành và chưa "
    "qua hạn (hạn là hôm nay vẫn trong hạn); “Quá hạn” khi đã qua hạn và báo cáo gửi từ ngày hạn trở đi (hoặc báo cáo "
    "của kỳ có ngày hạn) cho biết chưa hoàn thành; “Đã qua hạn, chưa có báo cáo” khi đã qua hạn mà chưa có báo cáo nào "
    "từ ngày hạn: chưa biết đã hoàn thành hay chưa, không tính là quá hạn; cả hai đều ghi số ngày kể từ hạn. Hạn ghi "
    "theo quý, tháng, năm tính đến ngày cuối kỳ; nhiệm vụ thường xuyên, định kỳ xét theo việc có báo cáo trong kỳ "
    "(tháng; quý với “Hàng quý”): “Thường xuyên, đã báo cáo kỳ này” hoặc “Thường xuyên, chưa báo cáo kỳ này”; hạn là "
    "một điều kiện thì ghi “Hạn theo điều kiện”. Nhiệm vụ của Thông báo 01-TB/CQTTBCD nhắc lại nhiệm vụ của Kế hoạch "
    "32-KH/TU là một việc: báo cáo cho nhiệm vụ này tính cho cả nhiệm vụ kia, và trong các số đếm mỗi cặp tính một "
    "lần, theo trạng thái cần chú ý hơn của hai nhiệm vụ."
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
    report_period: str | None = None,
) -> TaskStatus:
    """The status on as_of from the deadline and the latest update reported by then.

    A task reported done without a completion date counts as done on the day of that report. Past the deadline, the
    task is overdue only if that update is one made on or after the deadline, or one of a return whose period
    (report_period, "2026-04") ends on or after it; otherwise no one has reported since, and it says so.
    """
    deadline = as_date(deadline)
    completed_on = as_date(completed_on)
    report_date = as_date(report_date)
    if report_date is not None and report_date > as_of:
        report_date = None  # a report made after the day asked was not known that day
    if completed_on is not None and completed_on > as_of:
        completed_on = None  # a completion reported for a later day does not count yet
    if update_status == "done" and completed_on is None and report_date is not None:
        completed_on = report_date
    if completed_on is not None:
        late = deadline is not None and completed_on > deadline
        return TaskStatus(DONE_LATE if late else DONE_ON_TIME, completed_on=completed_on)
    if recurring:
        start, _ = reporting_period(deadline_text, as_of)
        reported = report_date is not None and start <= report_date
        return TaskStatus(RECURRING_REPORTED if reported else RECURRING_UNREPORTED)
    if deadline is None:
        return TaskStatus(NO_DEADLINE)
    if deadline < as_of:
        return TaskStatus(
            OVERDUE if reported_since(deadline, report_date, report_period) else PAST_DUE_UNREPORTED,
            days_overdue=(as_of - deadline).days,
        )
    return TaskStatus(IN_PROGRESS, days_left=(deadline - as_of).days)


def reported_since(deadline: dt.date, report_date: dt.date | None, report_period: str | None = None) -> bool:
    """Was a report made on or after the deadline, or for a period that ends on or after it?"""
    if report_date is None:
        return False
    if report_date >= deadline:
        return True
    if not isinstance(report_period, str) or not report_period:
        return False
    return parse_period(report_period).end >= deadline


def stale(report_date, as_of: dt.date) -> bool:
    """No report in the month of as_of (or never): the register flags the task."""
    report_date = as_date(report_date)
    return report_date is None or report_date < as_of.replace(day=1)


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column of tasks/status, or None on every row when a frame built elsewhere does not have it."""
    return frame[name] if name in frame else pd.Series([None] * len(frame), index=frame.index, dtype=object)


def register(frame: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The tasks/status query with each task's status on as_of, days overdue or left, freshness, and its pair.

    `pair` is the code a task is counted under (the task it restates, or its own); `linked` names the other task(s)
    of its pair, for the page to show.
    """
    statuses = [
        task_status(d, bool(rec), as_of, st, done, rep, text, period)
        for d, rec, st, done, rep, text, period in zip(
            frame["deadline"],
            frame["recurring"],
            frame["status"],
            frame["completed_on"],
            frame["report_date"],
            _column(frame, "deadline_text"),
            _column(frame, "update_period"),
            strict=True,
        )
    ]
    restates, restated_by = _column(frame, "restates"), _column(frame, "restated_by")
    return frame.assign(
        state=[s.code for s in statuses],
        state_label=[s.label for s in statuses],
        days_overdue=pd.array([s.days_overdue for s in statuses], dtype="Int64"),
        days_left=pd.array([s.days_left for s in statuses], dtype="Int64"),
        due_soon=[s.due_soon for s in statuses],
        done_on=[s.completed_on for s in statuses],
        stale=[stale(d, as_of) for d in frame["report_date"]],
        restates=restates,
        pair=restates.where(restates.notna(), frame["code"]),
        linked=restates.where(restates.notna(), restated_by),
    )


def counted(reg: pd.DataFrame) -> pd.DataFrame:
    """Each piece of work once: of a task and the tasks restating it, the row whose state needs the most attention
    (first in ORDER; the original task on a tie). The register's order is kept."""
    rank = reg["state"].map({code: i for i, code in enumerate(ORDER)})
    ordered = reg.assign(_rank=rank, _copy=reg["restates"].notna()).sort_values(["_rank", "_copy"], kind="stable")
    return ordered.drop_duplicates("pair").drop(columns=["_rank", "_copy"]).sort_index()


def scorecard(reg: pd.DataFrame, agencies: pd.DataFrame, role: str) -> pd.DataFrame:
    """Per agency in a role (lead or partner): pieces of work in each status, worst first, and the total.

    A pair of tasks counts once for each agency of either task, in the state it is counted in (`counted`).
    """
    state = counted(reg).set_index("pair")["state"]
    links = agencies[agencies["role"] == role][["task_code", "unit_name"]]
    joined = links.merge(reg[["code", "pair"]], left_on="task_code", right_on="code")
    joined = joined.drop_duplicates(["unit_name", "pair"]).assign(state=lambda d: d["pair"].map(state))
    table = pd.crosstab(joined["unit_name"], joined["state"]).reindex(columns=list(ORDER), fill_value=0)
    table["total"] = table.sum(axis=1)
    return table.sort_values([OVERDUE, PAST_DUE_UNREPORTED, RECURRING_UNREPORTED, "total"], ascending=False)


def deadlines_ahead(reg: pd.DataFrame, days: int, by_agency: bool = False) -> pd.DataFrame:
    """What a leader reads out: tasks reported overdue, then those past the deadline without a report (most days
    first in each), then those due within `days` (soonest first); a pair once, as `counted` counts it.

    By agency: the same, agency by agency (lead agencies in alphabetical order), as the list is read at a meeting.
    """
    once = counted(reg)
    coming = once[(once["state"] == IN_PROGRESS) & (once["days_left"] <= days)].sort_values("days_left")
    rows = pd.concat([past_due(once).drop(columns="days_late"), coming], ignore_index=True)
    if by_agency:
        rows = rows.assign(_order=range(len(rows))).sort_values(["lead", "_order"], kind="stable")
        rows = rows.drop(columns="_order").reset_index(drop=True)
    return rows


def past_due(reg: pd.DataFrame) -> pd.DataFrame:
    """Tasks past their deadline and not reported done, each piece of work once (`counted`): those reported
    overdue first, then those with no report since the deadline, most days first in each, with the days late."""
    once = counted(reg)
    parts = [once[once["state"] == code].sort_values("days_overdue", ascending=False) for code in PAST_DUE]
    late = pd.concat(parts, ignore_index=True)
    return late.assign(days_late=late["days_overdue"])


def changes(now: pd.DataFrame, before: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(newly done, newly reported overdue, newly past the deadline without a report) between two registers
    (`register` at the two days), each piece of work once."""
    rows = counted(now).set_index("pair")
    state, was = rows["state"], counted(before).set_index("pair")["state"].reindex(rows.index)
    newly_done = rows[state.isin(DONE) & ~was.isin(DONE)]
    newly_overdue = rows[(state == OVERDUE) & (was != OVERDUE)]
    newly_past_due = rows[(state == PAST_DUE_UNREPORTED) & ~was.isin(PAST_DUE)]
    return tuple(f.reset_index() for f in (newly_done, newly_overdue, newly_past_due))


def past_due_counts(late: pd.DataFrame) -> tuple[int, int]:
    """(reported overdue, past the deadline without a report) among the tasks `past_due` lists."""
    return int((late["state"] == OVERDUE).sum()), int((late["state"] == PAST_DUE_UNREPORTED).sum())


def codes(rows: pd.DataFrame) -> list[str]:
    """'32KH-16 · 01TB-06': a task's code with the task(s) of its pair, as lists and the pack show them."""
    return [c if not isinstance(o, str) else f"{c} · {o}" for c, o in zip(rows["code"], rows["linked"], strict=True)]


def _given(value):
    """None for a missing value (None, NaN, NaT, pd.NA), the value otherwise."""
    return None if pd.isna(value) else value


def statement(rows: pd.DataFrame) -> dict | None:
    """What the documents themselves say about the tasks, beside what the register can tell: the latest reported
    figures of tasks done (NV_HOANTHANH) and done late (NV_HOANTHANH_QUAHAN), in the document's words where the
    transcription has them, with their period and source. None when nothing was reported."""
    if rows.empty:
        return None
    rows = rows.set_index("indicator_code")
    parts = []
    for code, words in (
        ("NV_HOANTHANH", "Hoàn thành {v} nhiệm vụ."),
        ("NV_HOANTHANH_QUAHAN", "{v} nhiệm vụ hoàn thành quá hạn."),
    ):
        if code in rows.index:
            r = rows.loc[code]
            value = fmt.measure(r["value"], "ratio", _given(r["denominator"]))
            parts.append(r["note"] if isinstance(r["note"], str) and r["note"] else words.format(v=value))
    first = rows.iloc[0]
    return {
        "text": " ".join(parts),
        "period_label": parse_period(first["period"]).label,
        "source": fmt.source(
            first["source_doc"],
            _given(first["source_issued_on"]),
            first["source_ref"],
            first["upload_file"],
            first["upload_kind"],
        ),
    }


def facts(past_due: pd.DataFrame, said: dict | None) -> list[tuple[str, str]]:
    """The two counts of tasks past their deadline and, beside them, what the documents say (nq57.task_rules.statement):
    for the pack's summary."""
    overdue, unreported = past_due_counts(past_due)
    facts = [
        (LABELS[OVERDUE], fmt.number(overdue)),
        (LABELS[PAST_DUE_UNREPORTED], fmt.number(unreported)),
    ]
    if said:
        facts.append((f"Văn bản báo cáo ({said['period_label']})", f"{said['text']} {said['source']}."))
    return facts
