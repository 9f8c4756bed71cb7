"""What a monthly return may carry: its unit's reporting duties, for its own unit, for a month the rules allow.

A return is refused, row by row and in Vietnamese, when it carries an indicator its unit does not report (a commune
sending the province's 5G coverage), a figure for another unit, a task its unit does not lead, another commune's
village, or a month that has not begun, that ended before the first plan was issued, or that is locked. The same
function runs when the file is read (nq57.importer.prepare, for the preview) and again inside the commit's
transaction under the write lock (nq57.importer.commit), so a month locked, or a duty changed, in between is still
refused and nothing is written.

The duties are the view reporting_duties (migration 0006): an indicator's reporter sends the province's figure; for a
commune-level indicator each commune and ward also sends its own.
"""

import datetime as dt

import pandas as pd

import queries
from nq57 import fmt, workbook_format
from nq57.periods import as_date, parse_period
from nq57.problems import Problem

LEVEL_LABELS = {"province": "toàn tỉnh", "commune": "cấp xã", "village": "cấp thôn, bản"}


def _at(sheet: workbook_format.Sheet, row, key: str, message: str, value=None) -> Problem:
    return Problem(message, sheet=sheet.title, row=int(row), column=sheet.column(key).label, value=value)


def month_problems(cur, period: str, today: dt.date) -> list[Problem]:
    """The month a return reports: begun by today, not ended before the first plan was issued, not locked."""
    month = parse_period(period)
    sheet = workbook_format.INFO.title
    if month.start > today:
        return [
            Problem(
                f"Kỳ báo cáo {month.label} chưa đến: chỉ nhận báo cáo đến tháng hiện tại "
                f"(tháng {today.month}/{today.year}).",
                sheet,
            )
        ]
    first = queries.frame(cur, "scope/plans_began")
    if len(first) and month.end < as_date(first.iloc[0]["issued_on"]):
        doc = first.iloc[0]
        return [
            Problem(
                f"Kỳ báo cáo {month.label} trước khi {fmt.document_kind(doc['code'])} {doc['code']} ban hành "
                f"({fmt.date(doc['issued_on'])}): không nhận báo cáo cho kỳ này.",
                sheet,
            )
        ]
    lock = queries.frame(cur, "store/period_lock", period=month.code)
    if len(lock):
        return [
            Problem(
                f"Kỳ {month.label} đã khóa sổ ngày {fmt.date(lock.iloc[0]['locked_at'])} sau cuộc họp; "
                "không nhận thêm báo cáo cho tháng này.",
                sheet,
            )
        ]
    return []


def _who_reports(duties: pd.DataFrame) -> str:
    """'do Sở Khoa học và Công nghệ báo cáo số liệu toàn tỉnh' / '…; mỗi xã, phường báo cáo số liệu của mình'."""
    province = duties[duties["unit_kind"] == "province"]
    parts = [f"{name} báo cáo số liệu toàn tỉnh" for name in province["reporter_name"].dropna().unique()]
    if (duties["level"] == "commune").any():
        parts.append("mỗi xã, phường báo cáo số liệu của mình")
    return "; ".join(parts) if parts else "chưa giao đơn vị nào báo cáo"


def observation_problems(cur, df: pd.DataFrame, unit: str, period: str) -> list[Problem]:
    """Each row's indicator must be one its unit reports, for the unit its duty names, for the return's month.

    Rows whose indicator or unit code is not in the catalogue are left to the reference checks (one message a row).
    """
    s = workbook_format.OBSERVATIONS
    duties = queries.frame(cur, "scope/duties")
    known = set(duties["indicator_code"])
    mine = duties[duties["reporter_code"] == unit]
    allowed = mine.groupby("indicator_code")["unit_code"].agg(set).to_dict()
    province = set(duties.loc[duties["unit_kind"] == "province", "unit_code"])
    problems = []
    for row, code, for_unit, p in zip(df["_row"], df["indicator_code"], df["unit_code"], df["period"], strict=True):
        if not isinstance(code, str) or code not in known:
            continue
        units = allowed.get(code)
        if not units:
            who = _who_reports(duties[duties["indicator_code"] == code])
            problems.append(
                _at(
                    s,
                    row,
                    "indicator_code",
                    f"đơn vị “{unit}” không được giao báo cáo chỉ tiêu “{code}”: {who}.",
                    code,
                )
            )
        elif isinstance(for_unit, str) and for_unit not in units:
            own = ", ".join("toàn tỉnh (mã “" + u + "”)" if u in province else f"“{u}”" for u in sorted(units))
            reason = (
                f"không phải đơn vị lập báo cáo “{unit}”"
                if units == {unit}
                else f"đơn vị “{unit}” chỉ báo cáo chỉ tiêu này cho {own}"
            )
            problems.append(_at(s, row, "unit_code", f"dòng báo cáo cho đơn vị “{for_unit}”, {reason}.", for_unit))
        if isinstance(p, str) and p != period:
            problems.append(_at(s, row, "period", f"kỳ “{p}” khác kỳ của báo cáo ({period}).", p))
    return problems


def task_problems(cur, df: pd.DataFrame, unit: str, known_tasks: set[str]) -> list[Problem]:
    """A return reports only the tasks its unit leads (itself, or through a group it belongs to)."""
    led = set(queries.frame(cur, "store/unit_tasks", unit_code=unit)["task_code"])
    s = workbook_format.TASK_UPDATES
    return [
        _at(s, row, "task_code", f"đơn vị “{unit}” không chủ trì nhiệm vụ “{code}”.", code)
        for row, code in zip(df["_row"], df["task_code"], strict=True)
        if code in known_tasks and code not in led
    ]


def village_problems(cur, df: pd.DataFrame, unit: str) -> list[Problem]:
    """A commune reports its own villages only: rows of another commune, or another commune's village code."""
    s = workbook_format.VILLAGES
    problems = []
    other = df["commune_code"].notna() & (df["commune_code"] != unit)
    for row, c in zip(df.loc[other, "_row"], df.loc[other, "commune_code"], strict=True):
        problems.append(
            _at(s, row, "commune_code", f"thôn, bản thuộc xã “{c}”, không phải xã lập báo cáo “{unit}”.", c)
        )
    stored = queries.frame(cur, "store/known_villages").set_index("code")["commune_code"]
    coded = df["code"].notna() & df["code"].isin(stored.index)
    moved = coded & (df["code"].map(stored) != unit)
    for row, c in zip(df.loc[moved, "_row"], df.loc[moved, "code"], strict=True):
        problems.append(_at(s, row, "code", f"thôn, bản “{c}” không thuộc xã lập báo cáo.", c))
    return problems


def problems(cur, unit: str, period: str, sheets: dict[str, pd.DataFrame], today: dt.date) -> list[Problem]:
    """Everything a return of `unit` for `period` may not carry, in the workbook's order; [] when it may be sent."""
    found = month_problems(cur, period, today)
    if "observations" in sheets:
        found += observation_problems(cur, sheets["observations"], unit, period)
    if "task_updates" in sheets:
        known = set(queries.frame(cur, "store/known_tasks")["code"])
        found += task_problems(cur, sheets["task_updates"], unit, known)
    if "villages" in sheets:
        found += village_problems(cur, sheets["villages"], unit)
    return found
