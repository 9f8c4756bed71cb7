"""The leaders' board: every indicator's latest figure against its target, its status, and what changed.

Pure functions over query results (no database, no streamlit; nq57.snapshot reads the store and builds its Snapshot
with them): the overview, meeting mode and the meeting pack all draw from the frames built here, so a figure reads
the same on screen, on the projector and on paper.
"""

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

import pandas as pd

from nq57 import codes, coverage, fmt, status, task_rules, workbook_format
from nq57.periods import as_date, months_back, parse_period

if TYPE_CHECKING:  # nq57.snapshot builds its Snapshot from the functions here
    from nq57.snapshot import Snapshot

# The headline figures, in the order a meeting reads them, with the short label of their card.
HEADLINE = (
    ("HT_5G", "Phủ sóng 5G"),
    ("KTS_GRDP", "Kinh tế số trong GRDP"),
    ("TTHC_TRUCTUYEN", "Hồ sơ TTHC xử lý trực tuyến"),
    ("DVC_TOANTRINH", "Dịch vụ công trực tuyến toàn trình"),
    ("TTHC_SOHOA", "Hồ sơ TTHC được số hóa"),
    ("VNEID", "Người dân có tài khoản VNeID"),
    ("BAN_CHUA_BRDD", "Bản chưa có băng rộng di động"),
    ("THON_CHUA_CAPQUANG", "Thôn, bản chưa có cáp quang"),
    ("NV_HOANTHANH", "Nhiệm vụ đã hoàn thành"),
)
NO_TARGET = "no_target"
NO_TARGET_LABEL = "Chưa đặt mục tiêu bằng số"
MODES = {"month": "Tháng", "quarter": "Quý", "ytd": "Từ đầu năm"}
# How every status is decided, tasks then indicators: one text for the overview, meeting mode, the indicator and task
# pages and the meeting pack (the README quotes it).
RULE = f"{task_rules.RULE}\n\n{status.RULE}"


@dataclass(frozen=True)
class BoardPeriod:
    """The period a board shows: figures reported by as_of, compared with those reported by previous_as_of."""

    mode: str
    code: str
    label: str
    as_of: dt.date
    previous_as_of: dt.date
    previous_label: str


def period_choices(mode: str, today: dt.date, count: int = 12) -> list[str]:
    """Period codes a board can show, newest first: months (2026-11), quarters (2026-Q4) or years (2026)."""
    if mode == "month":
        return months_back(today, count)
    if mode == "quarter":
        out, y, q = [], today.year, (today.month - 1) // 3 + 1
        for _ in range(count):
            out.append(f"{y}-Q{q}")
            y, q = (y, q - 1) if q > 1 else (y - 1, 4)
        return out
    if mode == "ytd":
        return [str(today.year - i) for i in range(count)]
    raise ValueError(f"unknown board mode {mode!r}")


def choose_period(mode: str, code: str, today: dt.date) -> BoardPeriod:
    """The board's period: its end (or today, if it is not over) and the end of the one before it.

    Year to date compares with the end of the previous year, as a year's report does.
    """
    period = parse_period(code)
    as_of = min(period.end, today)
    before = period.start - dt.timedelta(days=1)
    if mode == "month":
        previous_code = f"{before.year}-{before.month:02d}"
    elif mode == "quarter":
        previous_code = f"{before.year}-Q{(before.month - 1) // 3 + 1}"
    else:
        previous_code = str(before.year)
    label = period.label
    if mode == "ytd":
        label = f"Từ đầu năm {period.start.year} đến {fmt.date(as_of)}"
    elif as_of < period.end:
        label = f"{label} (đến {fmt.date(as_of)})"
    return BoardPeriod(mode, period.code, label, as_of, before, parse_period(previous_code).label)


@functools.lru_cache(maxsize=32)
def period_menu(mode: str, today: dt.date, count: int = 12) -> Mapping[str, BoardPeriod]:
    """period_choices with each one's BoardPeriod, newest first; worked out once per mode and day (the picker is
    drawn on every view), read-only."""
    return MappingProxyType({code: choose_period(mode, code, today) for code in period_choices(mode, today, count)})


def _none(value):
    """None for every kind of missing value (None, NaN, NaT, pd.NA), the value otherwise."""
    try:
        return None if pd.isna(value) else value
    except (TypeError, ValueError):  # list-like values are never missing
        return value


def _gap_text(comparator, target, value, measure, unit_of_measure) -> str:
    """'còn thiếu 12,5 điểm %' / 'còn 4 bản' / 'Đã đạt': how far the latest figure is from its target."""
    if _none(value) is None or _none(target) is None:
        return fmt.DASH
    if status.meets(value, comparator, target):
        return "Đã đạt"
    gap = abs(target - value)
    if measure == "percent":
        return f"Còn thiếu {fmt.number(gap, 1)} điểm %"
    return f"Còn cách {fmt.number(gap)} {unit_of_measure}".rstrip()


def commune_coverage(n_units, n_communes) -> tuple[str, bool]:
    """How much of the province a figure summed from communes covers, and whether it is provisional:
    ('tạm tính, 21/38 xã, phường', True), ('tổng hợp từ 38/38 xã, phường', False); ('', False) for a figure the
    province reported itself."""
    if _none(n_units) is None:
        return "", False
    share = f"{fmt.number(n_units)}/{fmt.number(n_communes)} xã, phường"
    if _none(n_communes) is None or int(n_units) < int(n_communes):
        return f"tạm tính, {share}", True
    return f"tổng hợp từ {share}", False


def _source(row) -> str:
    text = fmt.source(row.source_doc, row.source_issued_on, row.source_ref, row.upload_file, row.upload_kind)
    covered, _ = commune_coverage(row.n_units, row.n_communes)
    return f"{text} ({covered})" if covered else text


def _milestones(ind, targets: list[tuple], points: list, as_of: dt.date) -> list[status.Milestone]:
    """The indicator's other targets (comparator, value, deadline, document) whose deadline has passed, each judged
    by the figures (nq57.status.milestone)."""
    now = (ind.comparator, float(ind.target_value), as_date(ind.deadline), ind.target_doc)
    passed = []
    for comparator, value, deadline, doc in targets:
        if (comparator, float(value), as_date(deadline), doc) == now:
            continue  # the target that counts: judged by status.assess
        m = status.milestone(points, comparator, float(value), deadline, as_of, ind.measure, ind.unit_of_measure)
        if m.code is not None:
            passed.append(m)
    return passed


def build(
    catalogue: pd.DataFrame, series: pd.DataFrame, as_of: dt.date, targets: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per indicator: latest figure by as_of, its target, status and source.

    catalogue: the indicators/catalogue query for as_of (its next target). series: the board/series query. targets:
    the board/targets query (every target), so that a milestone passed unmet stays on the indicator.
    """
    series = series[pd.to_datetime(series["period_start"]).dt.date <= as_of]
    by_code = {code: part.sort_values("period_end") for code, part in series.groupby("indicator_code", sort=False)}
    targets_by_code: dict[str, list[tuple]] = {}
    if targets is not None:
        columns = ("indicator_code", "comparator", "target_value", "deadline", "source_doc")
        for code, *target in zip(*(targets[c] for c in columns), strict=True):
            targets_by_code.setdefault(code, []).append(tuple(target))
    rows = []
    for ind in catalogue.itertuples(index=False):
        part = by_code.get(ind.code)
        latest = part.iloc[-1] if part is not None and len(part) else None
        has_target = _none(ind.target_value) is not None
        row = {
            "group_code": ind.group_code,
            "group_name": ind.group_name,
            "code": ind.code,
            "name": ind.name,
            "measure": ind.measure,
            "unit_of_measure": ind.unit_of_measure,
            "direction": ind.direction,
            "level": ind.level,
            "value": None,
            "denominator": None,
            "value_text": fmt.DASH,
            "value_short": fmt.DASH,
            "coverage_text": "",
            "provisional": False,
            "period": None,
            "period_label": "Chưa có số liệu",
            "period_end": None,
            "reported_on": None,
            "source": "",
            "sample": False,
            "comparator": ind.comparator,
            "target_value": ind.target_value,
            "target_text": fmt.target(ind.comparator, ind.target_value, ind.measure) if has_target else fmt.DASH,
            "deadline": as_date(ind.deadline) if has_target else None,
            "deadline_text": fmt.date(ind.deadline) if has_target else fmt.DASH,
            "target_doc": ind.target_doc,
            "milestones": [],
            "milestone_text": "",
        }
        if latest is not None:
            short = fmt.measure(latest.value, ind.measure, _none(latest.denominator))
            covered, provisional = commune_coverage(latest.n_units, latest.n_communes)
            row.update(
                value=float(latest.value),
                denominator=_none(latest.denominator),
                # A partial sum of communes never reads as the province's figure without the word "tạm tính".
                value_text=f"{short} – {covered}" if provisional else short,
                value_short=short,
                coverage_text=covered,
                provisional=provisional,
                period=latest.period,
                period_label=parse_period(latest.period).label,
                period_end=as_date(latest.period_end),
                reported_on=as_date(latest.reported_on),
                source=_source(latest),
                sample=latest.upload_kind == codes.SAMPLE,
            )
        if has_target:
            points = []
            if part is not None:  # a provisional sum of some communes is no figure of the province to judge by
                points = [
                    (min(as_date(d), as_of), v, parse_period(p).label)
                    for d, v, p, n, c in zip(
                        part.period_end, part.value, part.period, part.n_units, part.n_communes, strict=True
                    )
                    if not commune_coverage(n, c)[1]
                ]
            verdict = status.assess(
                [p[:2] for p in points], ind.comparator, float(ind.target_value), ind.deadline, as_of, ind.measure
            )
            if row["provisional"]:
                verdict = status.Status(
                    status.INSUFFICIENT,
                    explanation=f"Số toàn tỉnh {row['period_label'].lower()} mới {row['coverage_text']}: chưa đủ để "
                    "đánh giá; cần các xã, phường còn lại báo cáo (hoặc đơn vị được giao báo cáo số toàn tỉnh).",
                )
            passed = [
                m for m in _milestones(ind, targets_by_code.get(ind.code, []), points, as_of) if m.code != status.MET
            ]
            verdict = status.with_milestones(verdict, passed)
            row.update(
                milestones=[(m.code, m.text) for m in passed],
                milestone_text="; ".join(m.text for m in passed),
            )
            row.update(
                status=verdict.code,
                status_label=verdict.label,
                status_colour=verdict.colour,
                rag=verdict.rag,
                explanation=verdict.explanation,
                pace_needed=verdict.pace_needed,
                pace_so_far=verdict.pace_so_far,
                gap_text="Đã đạt, sau hạn"
                if verdict.code == status.MET_LATE
                else _gap_text(ind.comparator, ind.target_value, row["value"], ind.measure, ind.unit_of_measure),
            )
        else:
            row.update(
                status=NO_TARGET,
                status_label=NO_TARGET_LABEL,
                status_colour=status.COLOURS[status.NO_DATA],
                rag="grey",
                explanation="Các văn bản chưa đặt mục tiêu bằng số cho chỉ tiêu này.",
                pace_needed=None,
                pace_so_far=None,
                gap_text=fmt.DASH,
            )
        rows.append(row)
    return pd.DataFrame(rows)


def history(catalogue: pd.DataFrame, series: pd.DataFrame) -> pd.DataFrame:
    """Each indicator's provincial values over time with its target (for sparklines and the pack's charts)."""
    targets = catalogue.set_index("code")["target_value"]
    df = series[["indicator_code", "period_end", "value"]].rename(columns={"indicator_code": "code"})
    return df.assign(target_value=df["code"].map(targets)).sort_values(["code", "period_end"], ignore_index=True)


def headline(board: pd.DataFrame) -> pd.DataFrame:
    """The board rows of the headline figures, in meeting order, with their short labels."""
    labels = dict(HEADLINE)
    rows = board[board["code"].isin(labels)].set_index("code").loc[[c for c, _ in HEADLINE if c in set(board["code"])]]
    return rows.assign(short_label=[labels[c] for c in rows.index]).reset_index()


def attention(board: pd.DataFrame) -> pd.DataFrame:
    """Indicators with a target that are off track or missed, worst first (what a meeting must discuss)."""
    bad = board[board["status"].isin((status.MISSED, status.SLIPPED, status.OFF_TRACK, status.AT_RISK))]
    order = {code: i for i, code in enumerate(status.ORDER)}
    return bad.assign(_o=bad["status"].map(order)).sort_values(["_o", "group_code"]).drop(columns="_o")


def status_counts(board: pd.DataFrame, with_no_target: bool = False) -> list[tuple[str, str, str, int]]:
    """(status code, label, colour, count) worst first (status.ORDER, codes it does not know after them), with the
    label and colour the rows carry. The board's legend counts the indicators with a target; the meeting pack
    (with_no_target) counts every row it is given, those without a target last."""
    rows = board if with_no_target else board[board["status"] != NO_TARGET]
    if rows.empty:
        return []
    counted = []
    for code, part in rows.groupby(rows["status"].fillna(status.NO_DATA).astype(str), sort=False):
        first = part.iloc[0]
        label = code if _none(first["status_label"]) is None else str(first["status_label"])
        rank = status.ORDER.index(code) if code in status.ORDER else len(status.ORDER)
        counted.append((rank, code, label, first["status_colour"], len(part)))
    counted.sort(key=lambda r: r[0])
    return [(code, label, colour, n) for _, code, label, colour, n in counted]


def colour_changes(now: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """Indicators whose status changed between two boards: code, name, before/after label and colour, values. One
    unknown becoming another (no data, not enough data) is no news for a meeting and is left out."""
    cols = ["code", "status", "status_label", "status_colour", "value_text"]
    merged = now[["code", "name", *cols[1:]]].merge(before[cols], on="code", suffixes=("", "_before"))
    unknown = (status.NO_DATA, status.INSUFFICIENT)
    still_unknown = merged["status"].isin(unknown) & merged["status_before"].isin(unknown)
    changed = merged[(merged["status"] != merged["status_before"]) & (merged["status"] != NO_TARGET) & ~still_unknown]
    return changed.reset_index(drop=True)


def change(row, before) -> str | None:
    """'+2,5 điểm %', '-3': how an indicator's figure moved since the previous period's (a board row and the previous
    board's row of the same indicator, or None), with an ASCII minus so the sign can be read from the text. None when
    there is no change to tell: no figure then or now, no movement, or a ratio (137/240), whose parts tell it."""
    if before is None or pd.isna(row["value"]) or pd.isna(before.get("value")) or row["measure"] == "ratio":
        return None
    moved = float(row["value"]) - float(before["value"])
    if abs(moved) < 1e-9:
        return None
    unit = " điểm %" if row["measure"] == "percent" else ""
    return ("+" if moved > 0 else "-") + fmt.number(abs(moved), 1 if row["measure"] == "percent" else None) + unit


def month_of(day: dt.date) -> str:
    """'2026-03': the month a day falls in, as the board's village query takes it."""
    return f"{day.year}-{day.month:02d}"


def has_sample(frame: pd.DataFrame) -> bool:
    """Whether any figure of a board comes from sample data (to be marked wherever it is shown)."""
    return "sample" in frame and bool(frame["sample"].fillna(False).astype(bool).any())


def village_rows(gaps: pd.DataFrame) -> pd.DataFrame:
    """The villages without signal (coverage.without_signal) as the pack and the report list them: name, commune,
    mobile signal, grid power and when the signal is due, in words."""
    return pd.DataFrame(
        {
            "name": gaps["name"],
            "commune": gaps["commune"].fillna(coverage.UNKNOWN),
            "mobile_label": gaps["mobile"].map(workbook_format.MOBILE_LABELS),
            "grid_power_label": coverage.grid_power_labels(gaps["grid_power"]),
            "close_by_text": gaps["close_by_text"],
        }
    )


def pack_inputs(snapshot: "Snapshot", period: BoardPeriod, now: dt.datetime) -> tuple:
    """The arguments of nq57.pack.board_workbook / board_slides for a snapshot."""
    frame = snapshot.board.assign(sample=lambda d: d["sample"].astype(bool))
    late = snapshot.past_due
    tasks = pd.DataFrame(
        {
            "code": task_rules.codes(late),
            "name": late["name"],
            "lead": late["lead"],
            "deadline_text": late["deadline_text"],
            "deadline": late["deadline"],
            "state_label": late["state_label"],
            "days_late": late["days_late"],
        }
    )
    villages = village_rows(snapshot.without_signal)
    meta = {
        "title": "Bảng điều hành thực hiện Nghị quyết 57-NQ/TW tỉnh Lai Châu",
        "period_label": period.label,
        "as_of": period.as_of,
        "generated_at": now,
        "rule": RULE,
        "has_sample": has_sample(frame),
        "task_facts": task_rules.facts(late, snapshot.task_statement),
    }
    return frame, snapshot.history, tasks, villages, meta
