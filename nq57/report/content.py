"""The quarterly report's words and tables, built from the board of a period with plain sentence templates.

Nothing here is prose written by a machine: every sentence is a template filled with a figure the board shows for
the same period (nq57.snapshot), a count of the task register (nq57.tasks.counts) or of the monthly returns
(nq57.reporting), and every figure's source is given beside it or in the appendix. No docx here (nq57.report.docx
lays it out), so the content can be tested as plain values.
"""

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from nq57 import board, coverage, fmt, reporting, task_rules, tasks
from nq57.pack import common
from nq57.periods import parse_period
from nq57.snapshot import Snapshot

NOTHING = "chưa có báo cáo"
NO_FIGURE = "Chưa có báo cáo"
OFF_TRACK = common.OFF_TRACK
# The register's states as the report groups them (the Government Office's vocabulary), then the rest.
TASK_COLUMNS = (
    (task_rules.DONE_ON_TIME,),
    (task_rules.DONE_LATE,),
    (task_rules.IN_PROGRESS,),
    (task_rules.PAST_DUE_UNREPORTED,),
    (task_rules.OVERDUE,),
    (task_rules.RECURRING_REPORTED, task_rules.RECURRING_UNREPORTED, task_rules.NO_DEADLINE),
)
TASK_HEADERS = [
    "Nhóm nhiệm vụ",
    "Số việc",
    *(task_rules.LABELS[c[0]] for c in TASK_COLUMNS[:-1]),
    "Thường xuyên, theo điều kiện",
]


@dataclass(frozen=True)
class Table:
    """A table of text: headers, rows, column widths in centimetres, which rows are group headings (one merged cell)
    and which are totals (bold)."""

    headers: list[str]
    rows: list[list[str]]
    widths: list[float]
    groups: frozenset[int] = frozenset()
    totals: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Block:
    """One piece of the body: kind is 'h1' (I., II.), 'h2' (1., 2.), 'p' (a paragraph), 'li' (a dash item),
    'note' (small italic) or 'table'."""

    kind: str
    text: str = ""
    table: Table | None = None


@dataclass(frozen=True)
class Appendix:
    number: str
    title: str
    note: str
    table: Table


@dataclass(frozen=True)
class Draft:
    period_label: str
    next_label: str
    title: str
    subtitle: str
    sample: bool
    generated_at: dt.datetime
    body: list[Block]
    appendices: list[Appendix] = field(default_factory=list)


def next_quarter(code: str):
    """The quarter after a quarter ('2026-Q1' → the nq57.periods.Period of 2026-Q2)."""
    day = parse_period(code).end + dt.timedelta(days=1)
    return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")


def month_label(month: str) -> str:
    return parse_period(month).label


def text(value, empty: str = "") -> str:
    """A cell's text: empty for a missing value (never tested as a boolean: it may be NA)."""
    return empty if common.missing(value) else str(value)


def source_text(value) -> str:
    return text(value).removeprefix("Nguồn: ")


def num(value: int) -> str:
    return fmt.number(int(value))


def figure(row) -> str:
    """The board's figure of an indicator as the report gives it, a partial commune sum said to be partial."""
    if pd.isna(row["value"]):
        return NO_FIGURE
    shown = text(row["value_text"])
    if bool(row["provisional"]):
        shown += f" ({text(row['coverage_text'])})"
    return shown


def target(row) -> str:
    if row["status"] == board.NO_TARGET:
        return board.NO_TARGET_LABEL
    return f"{text(row['target_text'])} đến {text(row['deadline_text'])}"


def indicator_line(row, number: int) -> str:
    """'Tỷ trọng …: 9,6% (Quý I/2026); mục tiêu ≥ 7% đến 31/12/2026: Đúng tiến độ. <why> [Phụ lục 02, số 3]'."""
    said = f"{text(row['name'])}: {figure(row)}"
    if not pd.isna(row["value"]):
        said += f" ({text(row['period_label'])})"
    if row["status"] == board.NO_TARGET:
        said += "; chưa đặt mục tiêu bằng số"
    else:
        said += f"; mục tiêu {target(row)}: {text(row['status_label'])}. {text(row['explanation'])}"
    return f"{said.rstrip()} [Phụ lục 02, số {number}]"


def _task_rows(reg: pd.DataFrame) -> Table:
    once = task_rules.counted(reg)
    rows, groups = [], set()
    for plan, in_plan in once.groupby("plan", sort=False):
        groups.add(len(rows))
        rows.append([f"{fmt.document_kind(plan)} {plan}", *([""] * (len(TASK_HEADERS) - 1))])
        keys = in_plan[["group_code", "group_name"]].drop_duplicates()
        for code, name in keys.itertuples(index=False):
            states = in_plan[in_plan["group_code"] == code]["state"]
            rows.append(
                [f"{text(code)}. {text(name)}", num(len(states))] + [num(states.isin(c).sum()) for c in TASK_COLUMNS]
            )
    total = once["state"]
    rows.append(["Tổng (mỗi việc tính một lần)", num(len(total))] + [num(total.isin(c).sum()) for c in TASK_COLUMNS])
    widths = [5.0, 1.2, 1.7, 1.7, 1.7, 1.7, 1.4, 2.1]
    return Table(TASK_HEADERS, rows, widths, frozenset(groups), frozenset({len(rows) - 1}))


def task_paragraphs(snap: Snapshot, as_of: dt.date) -> list[Block]:
    reg = snap.tasks
    out = [Block("h2", "1. Thực hiện nhiệm vụ")]
    said = snap.task_statement
    if said:
        out.append(Block("p", f"{text(said['source'])} ({text(said['period_label'])}): “{text(said['text'])}”"))
    else:
        out.append(Block("p", "Chưa có văn bản hay báo cáo nào nêu số nhiệm vụ hoàn thành của kỳ này."))
    if reg.empty:
        out.append(Block("p", f"Sổ theo dõi nhiệm vụ {NOTHING}."))
        return out
    c = tasks.counts(reg)
    once = task_rules.counted(reg)["state"].value_counts()
    states = ", ".join(f"{num(once.get(code, 0))} {task_rules.LABELS[code].lower()}" for (code,) in TASK_COLUMNS[:-1])
    out.append(
        Block(
            "p",
            f"Theo sổ theo dõi nhiệm vụ (Kế hoạch 32-KH/TU, Thông báo 01-TB/CQTTBCD) có {num(c.tasks)} nhiệm vụ; "
            f"{num(c.pairs)} nhiệm vụ của Thông báo nhắc lại nhiệm vụ của Kế hoạch nên tính là {num(c.pieces)} việc. "
            f"Đến ngày {fmt.date(as_of)}: {states}; còn lại là nhiệm vụ thường xuyên hoặc có hạn theo điều kiện. "
            "Chi tiết từng nhiệm vụ tại Phụ lục 01.",
        )
    )
    out.append(Block("table", table=_task_rows(reg)))
    return out


def indicator_paragraphs(frame: pd.DataFrame) -> list[Block]:
    out = [Block("h2", "2. Các chỉ tiêu")]
    if frame.empty:
        return [*out, Block("p", f"Danh mục chỉ tiêu {NOTHING}.")]
    counts = board.status_counts(frame, with_no_target=True)
    parts = ", ".join(f"{num(n)} {label.lower()}" for _, label, _, n in counts if n)
    out.append(Block("p", f"Bảng điều hành theo dõi {num(len(frame))} chỉ tiêu: {parts}."))
    shown = frame[frame["value"].notna()]
    if shown.empty:
        out.append(Block("p", f"Kỳ này {NOTHING} số liệu của chỉ tiêu nào."))
    numbers = {code: i for i, code in enumerate(frame["code"], start=1)}
    out += [Block("li", indicator_line(row, numbers[row["code"]])) for _, row in shown.iterrows()]
    return out


def village_paragraphs(snap: Snapshot) -> list[Block]:
    out = [Block("h2", "3. Hạ tầng số ở thôn, bản")]
    rows = snap.board.set_index("code")
    said = []
    for code, _, _ in coverage.HEADLINES:
        if code in rows.index and not pd.isna(rows.loc[code, "value"]):
            row = rows.loc[code]
            said.append(
                f"{text(row['name'])}: {figure(row)} ({text(row['period_label'])}; {source_text(row['source'])})"
            )
    out += [Block("li", line) for line in said] or [Block("p", f"Số liệu thôn, bản chưa có sóng {NOTHING}.")]
    gaps = snap.without_signal
    if len(gaps):
        out.append(
            Block("p", f"Danh sách {num(len(gaps))} thôn, bản chưa có sóng di động băng rộng trong sổ thôn, bản:")
        )
        villages = board.village_rows(gaps)
        rows = [
            [num(i), *(text(v, coverage.UNKNOWN) for v in r)] for i, r in enumerate(villages.itertuples(index=False), 1)
        ]
        out.append(Block("table", table=Table(["STT", *common.VILLAGE_HEADERS], rows, [1.2, 3.6, 3.4, 2.6, 2.6, 3.2])))
    return out


def _late_names(rows: pd.DataFrame) -> str:
    late = [text(n) for n in rows[rows["status"] == reporting.LATE]["unit_name"]]
    return f" (nộp muộn: {', '.join(late)})" if late else ""


def return_paragraphs(returns: dict[str, pd.DataFrame | None]) -> list[Block]:
    """returns: month (YYYY-MM) → nq57.reporting.classify rows of that month, None before returns were taken."""
    out = [Block("h2", "4. Báo cáo tháng của các đơn vị")]
    for month, rows in returns.items():
        if rows is None:
            out.append(Block("li", f"{month_label(month)}: chưa có chế độ báo cáo tháng (trước khi có kế hoạch)."))
            continue
        count = rows["status"].value_counts()
        label = month_label(month)
        if count.get(reporting.NOT_DUE, 0) == len(rows):
            out.append(Block("li", f"{label}: chưa đến hạn nộp ({num(len(rows))} đơn vị phải báo cáo)."))
            continue
        out.append(
            Block(
                "li",
                f"{label}: {num(count.get(reporting.ON_TIME, 0))} đơn vị nộp đúng hạn, "
                f"{num(count.get(reporting.LATE, 0))} đơn vị nộp muộn, {num(count.get(reporting.MISSING, 0))} đơn vị "
                f"chưa nộp, trên {num(len(rows))} đơn vị phải báo cáo{_late_names(rows)}.",
            )
        )
    return out


def shortcomings(snap: Snapshot, returns: dict[str, pd.DataFrame]) -> list[Block]:
    frame = snap.board
    out = [Block("h1", "II. TỒN TẠI, HẠN CHẾ"), Block("h2", "1. Chỉ tiêu chậm tiến độ, không đạt")]
    late = frame[frame["status"].isin(OFF_TRACK)]
    numbers = {code: i for i, code in enumerate(frame["code"], start=1)}
    if late.empty:
        unknown = int(((frame["status"] != board.NO_TARGET) & frame["value"].isna()).sum())
        out.append(Block("p", "Không có chỉ tiêu nào đã có số liệu mà chậm tiến độ hoặc không đạt; "
                              f"{num(unknown)} chỉ tiêu có mục tiêu chưa có số liệu để đánh giá."))  # fmt: skip
    out += [Block("li", indicator_line(row, numbers[row["code"]])) for _, row in late.iterrows()]
    out.append(Block("h2", "2. Nhiệm vụ đã qua hạn chưa hoàn thành"))
    past = snap.past_due
    if past.empty:
        out.append(Block("p", common.NO_TASKS))
    for _, row in past.iterrows():
        days = "quá hạn" if row["state"] == task_rules.OVERDUE else "đã qua hạn, chưa có báo cáo,"
        out.append(
            Block(
                "li",
                f"{task_rules.codes(past.loc[[_]])[0]}: {text(row['name']).rstrip('.')} (chủ trì: {text(row['lead'])}; "
                f"hạn {text(row['deadline_text'], fmt.date(row['deadline']))}; {days} {num(row['days_late'])} ngày).",
            )
        )
    out.append(Block("h2", "3. Đơn vị chưa nộp báo cáo tháng"))
    out += missing_returns(returns)
    return out


def missing_returns(returns: dict[str, pd.DataFrame]) -> list[Block]:
    """Each unit that sent no return for a month of the quarter already due, once, with those months."""
    due = {m: r for m, r in returns.items() if r is not None and (r["status"] != reporting.NOT_DUE).any()}
    if not due:
        return [Block("p", "Trong quý chưa có tháng nào đến hạn nộp báo cáo.")]
    missed: dict[str, list[str]] = {}
    for month, rows in due.items():
        for name in rows[rows["status"] == reporting.MISSING]["unit_name"]:
            missed.setdefault(text(name), []).append(str(parse_period(month).start.month))
    expected = max(len(r) for r in due.values())
    labels = ", ".join(month_label(m).lower() for m in due)
    if not missed:
        return [Block("p", f"Mọi đơn vị phải báo cáo đã nộp báo cáo {labels}.")]
    if len(missed) == expected and all(len(m) == len(due) for m in missed.values()):
        return [Block("p", f"Chưa đơn vị nào trong {num(expected)} đơn vị phải báo cáo nộp báo cáo {labels} qua bảng "
                           "điều hành.")]  # fmt: skip
    said = "; ".join(f"{name} (tháng {', '.join(months)})" for name, months in missed.items())
    return [Block("p", f"{num(len(missed))} trong {num(expected)} đơn vị phải báo cáo chưa nộp đủ báo cáo: {said}.")]


def next_tasks(snap: Snapshot, code: str) -> list[Block]:
    coming = next_quarter(code)
    start, end, label = coming.start, coming.end, coming.label
    out = [Block("h1", f"III. NHIỆM VỤ TRỌNG TÂM {label.upper()}")]
    once = task_rules.counted(snap.tasks) if len(snap.tasks) else snap.tasks
    due = once[
        once["deadline"].notna()
        & (pd.to_datetime(once["deadline"]).dt.date >= start)
        & (pd.to_datetime(once["deadline"]).dt.date <= end)
        & ~once["state"].isin(task_rules.DONE)
    ] if len(once) else once  # fmt: skip
    if due.empty:
        return [*out, Block("p", f"Theo sổ theo dõi, không có nhiệm vụ nào có hạn trong {label}.")]
    out.append(Block("p", f"Theo sổ theo dõi, {num(len(due))} việc có hạn trong {label} chưa hoàn thành, theo "
                          "cơ quan chủ trì:"))  # fmt: skip
    for lead, rows in due.sort_values("deadline", kind="stable").groupby("lead", sort=True):
        out.append(Block("p", f"{text(lead)} ({num(len(rows))} việc):"))
        for _, row in rows.iterrows():
            deadline = text(row["deadline_text"], fmt.date(row["deadline"]))
            out.append(
                Block("li", f"{task_rules.codes(rows.loc[[_]])[0]}: {text(row['name']).rstrip('.')} (hạn {deadline}).")
            )
    return out
