"""Villages' coverage gaps: the task that closes each, their priority, where each fact came from, and the totals."""

import datetime as dt
import re

import pandas as pd

from nq57 import codes, fmt
from nq57.periods import as_date, parse_period
from nq57.workbook_format import MOBILE_LABELS

# 01-TB's tasks about mobile coverage name the villages they must reach ("xóa lõm sóng", BTS stations).
COVERAGE_TASK = re.compile(r"sóng|\bBTS\b", re.IGNORECASE)
UNNAMED_TASK = "chưa nêu tên"
APPROXIMATE = "gần đúng (điểm giữa xã)"
EXACT = "chính xác"
UNKNOWN = "Chưa rõ"
WITHOUT_SIGNAL = ("none", "patchy")  # no mobile broadband: no signal at all, or too weak to use
HEADLINES = (
    ("BAN_CHUA_BRDD", "Bản chưa có băng rộng di động", "no_broadband"),
    ("BAN_CHUA_BRDD_DIEN", "…trong đó chưa có điện lưới", "no_broadband_no_power"),
    ("THON_CHUA_CAPQUANG", "Thôn, bản chưa có cáp quang", "no_fibre"),
)


def yes_no(value, yes: str, no: str) -> str:
    """'Có …' / 'Chưa có …' for a known flag, 'Chưa rõ' where the documents and returns say nothing."""
    if pd.isna(value):
        return UNKNOWN
    return yes if bool(value) else no


def is_false(value) -> bool:
    """True only for a flag known to be false (no fibre, no grid power); unknown is not a gap on record."""
    return not pd.isna(value) and not bool(value)


def is_true(value) -> bool:
    """True only for a flag known to be true; a missing value (None, NaN, pd.NA) is never tested as a bool."""
    return not pd.isna(value) and bool(value)


def name_shown(name, certain) -> str:
    """A village's name, marked ⚠ when it was restored from the OCR and is known to be uncertain."""
    return f"{name} ⚠" if is_false(certain) else str(name)


def overdue(mobile, close_by, today: dt.date) -> bool:
    """The village still lacks mobile broadband and the date to close that gap has passed."""
    d = as_date(close_by)
    return mobile in WITHOUT_SIGNAL and d is not None and d < today


def where(file_name, sheet, row, kind=None) -> str:
    """'tệp “x.xlsx”, trang “Thôn, bản”, dòng 5': the place in an imported workbook a fact was read from."""
    if kind == codes.SAMPLE:
        return fmt.SAMPLE_MARK
    parts = [f"tệp “{file_name}”"] if isinstance(file_name, str) else []
    if isinstance(sheet, str):
        parts.append(f"trang “{sheet}”")
    if row is not None and row is not pd.NA and row == row:
        parts.append(f"dòng {int(row)}")
    return ", ".join(parts) or "chưa rõ"


def document(doc, issued_on=None, ref=None) -> str:
    """'Thông báo 01-TB/CQTTBCD ngày 16/4/2026, mục 2.3' (no 'Nguồn:' prefix)."""
    return fmt.source(doc, as_date(issued_on), ref).removeprefix("Nguồn: ")


def coverage_tasks(tasks: pd.DataFrame) -> pd.DataFrame:
    """The tasks about mobile coverage (their name mentions signal, 'sóng', or BTS stations)."""
    return tasks[tasks["name"].fillna("").str.contains(COVERAGE_TASK)].reset_index(drop=True)


def link_tasks(villages: pd.DataFrame, tasks: pd.DataFrame) -> pd.DataFrame:
    """For each village, the coverage task that names it, and how the link was made.

    A task names a village by its name (restored from the OCR, so matched as written in the register); the village
    the notice leaves unnamed goes with the task that mentions 'chưa nêu tên'. tasks: nq57.task_rules.register of
    tasks/status. Columns: code, task_code, task_name, task_deadline,
    task_state, operator, link.
    """
    candidates = coverage_tasks(tasks)
    rows = []
    for v in villages.itertuples(index=False):
        named = candidates[candidates["name"].str.contains(re.escape(str(v.name)), regex=True)]
        how = "nhiệm vụ nêu tên bản"
        if named.empty and pd.isna(v.commune_code):
            named = candidates[candidates["name"].str.contains(UNNAMED_TASK, regex=False)]
            how = "nhiệm vụ nêu “01 bản chưa nêu tên”"
        if named.empty:
            rows.append({"code": v.code})
            continue
        t = named.iloc[0]
        rows.append(
            {
                "code": v.code,
                "task_code": t["code"],
                "task_name": t["name"],
                "task_deadline": as_date(t["deadline"]),
                "task_state": t.get("state_label"),
                "operator": next((t[c] for c in ("partners", "partner_text") if isinstance(t.get(c), str)), None),
                "link": how,
            }
        )
    columns = ["code", "task_code", "task_name", "task_deadline", "task_state", "operator", "link"]
    return pd.DataFrame(rows).reindex(columns=columns)


def last_report(row) -> str:
    """'Tháng 11/2026 (tệp …, trang …, dòng …)' or that no return has mentioned the village."""
    if row.reported_period is None or pd.isna(row.reported_period):
        return "Chưa có báo cáo tháng nào"
    label = parse_period(row.reported_period).label
    return f"{label} ({where(row.report_file, row.report_sheet, row.report_row, row.report_kind)})"


def gap_register(villages: pd.DataFrame, links: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Every village with a gap (no mobile broadband, no fibre, no grid power), most urgent first.

    Priority: no grid power, then the closing date passed (longest first), then households (most first, where the
    register knows them), then the closing date. villages: villages/register.
    """
    df = villages.merge(links, on="code", how="left")
    df["no_broadband"] = df["mobile"].isin(WITHOUT_SIGNAL)
    df["no_fibre"] = [is_false(x) for x in df["fibre"]]
    df["no_power"] = [is_false(x) for x in df["grid_power"]]
    df = df[df["no_broadband"] | df["no_fibre"] | df["no_power"]].copy()
    close_by = [as_date(x) for x in df["close_by"]]
    df["close_by"] = close_by
    df["passed"] = [overdue(m, d, today) for m, d in zip(df["mobile"], close_by, strict=True)]
    df["days_overdue"] = pd.array(
        [(today - d).days if p else None for d, p in zip(close_by, df["passed"], strict=True)], dtype="Int64"
    )
    if "households" not in df.columns:
        df["households"] = pd.array([None] * len(df), dtype="Int64")
    df["gaps"] = [
        "; ".join(
            label
            for flag, label in (
                (nb, "chưa có băng rộng di động"),
                (nf, "chưa có cáp quang"),
                (np_, "chưa có điện lưới"),
            )
            if flag
        )
        for nb, nf, np_ in zip(df["no_broadband"], df["no_fibre"], df["no_power"], strict=True)
    ]
    df = df.sort_values(
        ["no_power", "passed", "days_overdue", "households", "close_by", "code"],
        ascending=[False, False, False, False, True, True],
        na_position="last",
        key=lambda s: s.map(lambda d: d or dt.date.max) if s.name == "close_by" else s,
    ).reset_index(drop=True)
    df.insert(0, "priority", range(1, len(df) + 1))
    return df


def register_table(gaps: pd.DataFrame) -> pd.DataFrame:
    """The gap register as shown on screen and exported: one row per village, Vietnamese headers."""
    return pd.DataFrame(
        {
            "Ưu tiên": gaps["priority"],
            "Thôn, bản": [name_shown(n, c) for n, c in zip(gaps["name"], gaps["name_certain"], strict=True)],
            "Xã": gaps["commune_name"].fillna("chưa rõ"),
            "Thiếu": gaps["gaps"],
            "Sóng di động": [MOBILE_LABELS.get(m, m) for m in gaps["mobile"]],
            "Cáp quang": [yes_no(x, "Có", "Chưa có") for x in gaps["fibre"]],
            "Điện lưới": [yes_no(x, "Có", "Chưa có") for x in gaps["grid_power"]],
            "Số hộ": [fmt.number(h) if pd.notna(h) else "chưa có số liệu" for h in gaps["households"]],
            "Hạn xóa lõm": gaps["close_by_text"].fillna(""),
            # None, not NaT, where no document gives a date: a column of dates with gaps, shown empty.
            "Hạn (ngày)": [None if pd.isna(d) else as_date(d) for d in gaps["close_by"]],
            "Quá hạn": [
                f"Đã quá hạn {d} ngày" if p else "Chưa có hạn" if pd.isna(c) else "Chưa đến hạn"
                for p, d, c in zip(gaps["passed"], gaps["days_overdue"], gaps["close_by"], strict=True)
            ],
            "Nhiệm vụ": [
                f"{c}: {s}" if isinstance(s, str) else (c if isinstance(c, str) else "")
                for c, s in zip(gaps["task_code"], gaps["task_state"], strict=True)
            ],
            "Doanh nghiệp (theo nhiệm vụ)": gaps["operator"].fillna("chưa rõ"),
            "Báo cáo gần nhất": [last_report(r) for r in gaps.itertuples(index=False)],
            "Nguồn": [
                f"{document(r.source_doc, r.source_issued_on, r.source_ref)} "
                f"({where(r.register_file, r.register_sheet, r.register_row, r.register_kind)})"
                for r in gaps.itertuples(index=False)
            ],
        }
    )


def reconcile(gaps: pd.DataFrame, headline: pd.DataFrame) -> pd.DataFrame:
    """The documents' totals beside the villages the register lists, and how many are not yet itemised.

    headline: villages/headline. A document may give a total without naming the villages (01-TB names 7 of the 8
    without mobile broadband, none of the 3 without grid power, none of the 109 without fibre): those are counted
    as not yet itemised, never guessed.
    """
    listed = {
        "no_broadband": gaps[gaps["no_broadband"]],
        "no_broadband_no_power": gaps[gaps["no_broadband"] & gaps["no_power"]],
        "no_fibre": gaps[gaps["no_fibre"]],
    }
    by_code = headline.set_index("indicator_code")
    rows = []
    for code, label, key in HEADLINES:
        h = by_code.loc[code] if code in by_code.index else None
        documented = None if h is None or pd.isna(h["documented_value"]) else int(h["documented_value"])
        count = len(listed[key])
        unnamed = int(listed[key]["commune_code"].isna().sum())
        missing = None if documented is None else max(documented - count, 0)
        if documented is None:
            remark = "Chưa có số liệu từ văn bản để đối chiếu."
        elif missing == 0 and count == documented:
            remark = "Khớp: sổ liệt kê đủ" + (f"; {unnamed} bản văn bản chưa nêu tên, xã." if unnamed else ".")
        elif count > documented:
            remark = f"Sổ liệt kê nhiều hơn văn bản {count - documented}: số của văn bản đã cũ, xem báo cáo mới nhất."
        else:
            remark = f"{missing} thôn, bản chưa được liệt kê: văn bản chỉ nêu tổng số, không nêu tên."
        latest = "—"
        if h is not None and pd.notna(h["latest_value"]) and h["latest_period"] != h["documented_period"]:
            latest = f"{fmt.number(h['latest_value'])} ({parse_period(h['latest_period']).label})"
            if h["latest_kind"] == codes.SAMPLE:
                latest += f" — {fmt.SAMPLE_MARK}"
        rows.append(
            {
                "Chỉ tiêu": label,
                "Theo văn bản": documented,
                "Kỳ": parse_period(h["documented_period"]).label if documented is not None else "—",
                "Nguồn": document(h["source_doc"], h["source_issued_on"], h["source_ref"]) if documented else "—",
                "Có tên trong sổ": count,
                "Chưa liệt kê": missing,
                "Đối chiếu": remark,
                "Số báo cáo mới nhất": latest,
            }
        )
    return pd.DataFrame(rows)


# The register's orders: the first is gap_register's own (priority); the others keep it within a deadline or commune.
REGISTER_SORTS = ("Ưu tiên (chưa có điện, quá hạn, số hộ)", "Hạn xóa lõm", "Xã")
# How the caption under the reconciliation names what each headline total leaves unnamed, in HEADLINES' order.
NOT_LISTED = (
    "bản chưa có băng rộng di động",
    "bản chưa có điện lưới (trong số chưa có sóng)",
    "thôn, bản chưa có cáp quang",
)


def register_counts(gaps: pd.DataFrame) -> list[tuple[str, int]]:
    """The register's own counts of the three gaps, labelled, in HEADLINES' order. gaps: gap_register."""
    return [
        ("Trong sổ: chưa có băng rộng di động", int(gaps["no_broadband"].sum())),
        ("Trong sổ: chưa có sóng và chưa có điện", int((gaps["no_broadband"] & gaps["no_power"]).sum())),
        ("Trong sổ: chưa có cáp quang", int(gaps["no_fibre"].sum())),
    ]


def not_listed_text(reconciliation: pd.DataFrame) -> str | None:
    """What the documents count without naming, as one sentence; None when the register names every one.

    reconciliation: reconcile."""
    not_listed = reconciliation["Chưa liệt kê"].fillna(0).astype(int)
    if not not_listed.any():
        return None
    return (
        "Chưa liệt kê: văn bản nêu tổng số nhưng chưa nêu tên "
        + ", ".join(f"{n} {phrase}" for phrase, n in zip(NOT_LISTED, not_listed, strict=True) if n)
        + ". Sổ sẽ đủ khi các xã báo cáo từng thôn, bản (trang “Thôn, bản” của mẫu báo cáo tháng)."
    )


def sort_register(table: pd.DataFrame, order: str) -> pd.DataFrame:
    """register_table in one of REGISTER_SORTS; a stable sort keeps the priority within a deadline or a commune."""
    if order == REGISTER_SORTS[1]:
        return table.sort_values(["Hạn (ngày)", "Ưu tiên"], kind="stable")
    if order == REGISTER_SORTS[2]:
        return table.sort_values(["Xã", "Ưu tiên"], kind="stable")
    return table


def commune_indicators(catalogue: pd.DataFrame) -> pd.DataFrame:
    """The indicators each commune reports, by code, for the map by commune. catalogue: indicators/catalogue."""
    return catalogue[catalogue["level"] == "commune"].set_index("code")


def without_signal(villages: pd.DataFrame) -> pd.DataFrame:
    return villages[villages["mobile"].isin(WITHOUT_SIGNAL)].reset_index(drop=True)


def grid_power_labels(values: pd.Series) -> pd.Series:
    """'Có điện lưới' / 'Chưa có điện lưới' / 'Chưa rõ' (the documents do not say for every village)."""
    return values.map({True: "Có điện lưới", False: "Chưa có điện lưới"}).fillna("Chưa rõ")


def newly_covered(now: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """Villages without mobile broadband before that have it now."""
    was = set(before.loc[before["mobile"].isin(WITHOUT_SIGNAL), "code"])
    return now[now["code"].isin(was) & ~now["mobile"].isin(WITHOUT_SIGNAL)].reset_index(drop=True)
