"""The task register as the tasks page shows it: its counts, tables, filters and sorts, with Vietnamese headers."""

from dataclasses import dataclass

import pandas as pd

from nq57 import fmt, task_rules, workbook_format

ALL = "Tất cả"
PLANS = (ALL, "32-KH/TU", "01-TB/CQTTBCD")
ROLES = (("lead", "Cơ quan chủ trì"), ("partner", "Cơ quan phối hợp"))
TOTAL_ONCE = "Tổng, mỗi việc tính một lần"
NOT_REPORTED = "Chưa có"
AHEAD_DAYS = (30, 60, 90)


@dataclass(frozen=True)
class Counts:
    """The register's totals on a day; every count but `tasks` counts a pair of tasks once (task_rules.counted)."""

    tasks: int
    pieces: int
    pairs: int
    done: int
    done_late: int
    overdue: int
    past_due_unreported: int
    due_soon: int
    stale: int


def counts(reg: pd.DataFrame) -> Counts:
    """The figures of the tasks page's cards. reg: task_rules.register."""
    once = task_rules.counted(reg)
    states = once["state"].value_counts()
    return Counts(
        tasks=len(reg),
        pieces=len(once),
        pairs=len(restated(reg)),
        done=int(once["state"].isin(task_rules.DONE).sum()),
        done_late=int(states.get(task_rules.DONE_LATE, 0)),
        overdue=int(states.get(task_rules.OVERDUE, 0)),
        past_due_unreported=int(states.get(task_rules.PAST_DUE_UNREPORTED, 0)),
        due_soon=int(once["due_soon"].sum()),
        stale=int(once["stale"].sum()),
    )


def restated(reg: pd.DataFrame) -> pd.DataFrame:
    """The tasks of 01-TB/CQTTBCD that restate a task of 32-KH/TU: each such pair is one piece of work."""
    return reg[reg["restates"].notna()]


def pairs_text(reg: pd.DataFrame) -> str:
    """'4 nhiệm vụ của Thông báo 01-TB/CQTTBCD nhắc lại … (01TB-01 là 32KH-03, …): mỗi cặp tính một lần'."""
    pairs = restated(reg)
    return (
        f"{len(pairs)} nhiệm vụ của Thông báo 01-TB/CQTTBCD nhắc lại nhiệm vụ của Kế hoạch 32-KH/TU ("
        + ", ".join(f"{a} là {b}" for a, b in zip(pairs["code"], pairs["restates"], strict=True))
        + "): mỗi cặp tính một lần"
    )


def plans_table(reg: pd.DataFrame) -> pd.DataFrame:
    """Tasks per plan in each state that occurs (worst first), with a total row counting each pair once."""
    plans = pd.crosstab(reg["plan"], reg["state"]).reindex(columns=list(task_rules.ORDER), fill_value=0)
    once = task_rules.counted(reg)
    plans.loc[TOTAL_ONCE] = once["state"].value_counts().reindex(task_rules.ORDER, fill_value=0)
    plans = plans.loc[:, plans.sum() > 0].rename(columns=task_rules.LABELS)
    plans.insert(0, "Tổng", plans.sum(axis=1))
    return plans.rename_axis("Văn bản").reset_index()


def ahead_text(rows: pd.DataFrame, days: int) -> str:
    """How many of the deadlines ahead (task_rules.deadlines_ahead) are overdue, past due unreported, or coming."""
    count = rows["state"].value_counts()
    return (
        f"{int(count.get(task_rules.OVERDUE, 0))} nhiệm vụ quá hạn (báo cáo từ ngày hạn cho biết chưa hoàn "
        f"thành), {int(count.get(task_rules.PAST_DUE_UNREPORTED, 0))} nhiệm vụ đã qua hạn chưa có báo cáo "
        f"(lâu nhất trước trong mỗi loại), {int(count.get(task_rules.IN_PROGRESS, 0))} nhiệm vụ đến hạn "
        f"trong {days} ngày tới; mỗi cặp nhiệm vụ trùng một dòng."
    )


def days_text(rows: pd.DataFrame) -> list[str]:
    """'còn 12 ngày', 'quá hạn 3 ngày' (reported overdue) or 'qua hạn 40 ngày' (past the deadline, not reported)."""
    return [
        f"còn {left} ngày" if pd.isna(o) else f"quá hạn {o} ngày" if s == task_rules.OVERDUE else f"qua hạn {o} ngày"
        for o, left, s in zip(rows["days_overdue"], rows["days_left"], rows["state"], strict=True)
    ]


def ahead_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The deadlines ahead as read out at a meeting: agency, codes of the pair, task, deadline, state, days."""
    return pd.DataFrame(
        {
            "Cơ quan chủ trì": rows["lead"],
            "Mã": task_rules.codes(rows),
            "Nhiệm vụ": rows["name"],
            "Thời hạn": rows["deadline_text"],
            "Trạng thái": rows["state_label"],
            "Số ngày": days_text(rows),
        }
    )


def scorecard_table(reg: pd.DataFrame, agencies: pd.DataFrame, role: str, title: str) -> pd.DataFrame:
    """task_rules.scorecard with only the states that occur, Vietnamese headers and the agency column named title."""
    card = task_rules.scorecard(reg, agencies, role)
    card = card.loc[:, (card.sum() > 0) | (card.columns == "total")]
    return card.rename(columns={**task_rules.LABELS, "total": "Tổng"}).rename_axis(title).reset_index()


def group_choices(reg: pd.DataFrame) -> list[str]:
    """The groups of tasks for the filter: the plan's groups (I, II, …) before the notice's (I.1, …)."""
    return sorted(reg["group_code"].unique(), key=lambda g: (len(g.split(".")) > 1, g))


def lead_choices(agencies: pd.DataFrame) -> list[str]:
    """The lead agencies' names, in alphabetical order."""
    return sorted(agencies.loc[agencies["role"] == "lead", "unit_name"].unique())


def filtered(
    reg: pd.DataFrame, agencies: pd.DataFrame, plan: str, group: str, lead: str, states: list[str]
) -> pd.DataFrame:
    """The register's rows of a plan, a group and a lead agency (ALL: any) in any of states (none: every state)."""
    shown = reg
    if plan != ALL:
        shown = shown[shown["plan"] == plan]
    if group != ALL:
        shown = shown[shown["group_code"] == group]
    if lead != ALL:
        led = set(agencies.loc[(agencies["role"] == "lead") & (agencies["unit_name"] == lead), "task_code"])
        shown = shown[shown["code"].isin(led)]
    if states:
        shown = shown[shown["state"].isin(states)]
    return shown


def report_day(day) -> str:
    """The day of the latest report, or 'Chưa có'."""
    return fmt.date(day) if pd.notna(day) else NOT_REPORTED


def register_table(shown: pd.DataFrame) -> pd.DataFrame:
    """The list of tasks: one row each, with its pair, deadline, state, days past the deadline and freshness."""
    return pd.DataFrame(
        {
            "Mã": shown["code"],
            "Nhóm": shown["group_code"],
            "Tên nhiệm vụ": shown["name"],
            "Chủ trì": shown["lead"],
            "Cùng việc với": shown["linked"],
            "Thời hạn": shown["deadline_text"].fillna(""),
            "Trạng thái": shown["state_label"],
            "Số ngày kể từ hạn": shown["days_overdue"],
            "Báo cáo gần nhất": [report_day(d) for d in shown["report_date"]],
            "Chưa báo cáo tháng này": shown["stale"],
        }
    )


def names(reg: pd.DataFrame) -> dict[str, str]:
    """'32KH-21 · name' by code, for choosing one task."""
    return dict(zip(reg["code"], reg["code"] + " · " + reg["name"], strict=True))


def cited(task: pd.Series) -> str:
    """'32-KH/TU, Phụ lục 02, mục …': the plan and the place in it a task comes from."""
    return ", ".join(v for v in (task["plan"], task["source_ref"]) if isinstance(v, str) and v)


def linked(reg: pd.DataFrame, task: pd.Series) -> pd.DataFrame:
    """The other task(s) of a task's pair, empty when it has none."""
    if not isinstance(task["linked"], str):
        return reg.iloc[0:0]
    return reg[reg["code"].isin(task["linked"].split("; "))]


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """Every update reported for a task's pair, newest first, with the file, sheet and row it came from.

    history: tasks/history."""
    return pd.DataFrame(
        {
            "Nhiệm vụ": history["task_code"],
            "Ngày báo cáo": [fmt.date(d) for d in history["report_date"]],
            "Tình trạng": history["status"].map(workbook_format.TASK_STATUS_LABELS),
            "Ngày hoàn thành": [fmt.date(d) if pd.notna(d) else "" for d in history["completed_on"]],
            "Tiến độ": [fmt.percent(p) if pd.notna(p) else "" for p in history["progress"]],
            "Ghi chú": history["note"].fillna(""),
            "Nguồn": [
                f"“{r.file_name}” (lần nhập {r.upload_id}, trang {r.sheet}, dòng {r.row_number})"
                + (f", báo cáo của {r.unit_name}" if isinstance(r.unit_name, str) else "")
                + (" — đã hoàn tác" if r.upload_status != "active" else "")
                for r in history.itertuples()
            ],
        }
    )
