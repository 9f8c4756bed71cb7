"""Validation of a read workbook against the catalogue, the scope of its unit and the rules of each sheet.

Every check adds Problems (errors refuse the file, warnings are shown) and never stops at the first: the clerk sees
all of them at once. Unknown codes, periods, percentages and their ratios, duplicate keys, tasks and villages are
checked here; what a unit may send for a month is nq57.scope's.
"""

import datetime as dt
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

import queries
from nq57 import codes, fmt, frames, national, scope, workbook_format
from nq57.excel import ParsedWorkbook
from nq57.periods import parse_deadline, parse_period
from nq57.problems import ERROR, WARNING, Problem

# A percentage given with its numerator and denominator may differ from their ratio by rounding only.
RATE_TOLERANCE = 0.5


@dataclass
class Known:
    """The codes validation checks against: those on record, and those the workbook itself defines."""

    units: pd.DataFrame  # code, kind, lat, lon
    indicators: pd.DataFrame  # code, measure, level, reporter_code, jump_bound
    documents: set[str]
    tasks: set[str]
    villages: pd.DataFrame  # code, commune_code
    stored_indicators: frozenset[str] = frozenset()  # of those, the indicators on record before this workbook


@dataclass
class Checked:
    """What validation made of a workbook: what it declares, its sheets as the store takes them, and every problem."""

    kind: str
    unit: str | None
    period: str | None
    sheets: dict[str, pd.DataFrame]  # the sheets with rows, checked and completed (computed values, periods...)
    known: Known
    problems: list[Problem]  # the reader's, then the checks', errors and warnings alike


def check(
    cur: duckdb.DuckDBPyConnection, parsed: ParsedWorkbook, stored: dict[str, pd.DataFrame], now: dt.datetime
) -> Checked:
    """Every check of a read workbook that has template sheets, given the codes on record (`stored`)."""
    problems = list(parsed.problems)
    known = known_codes(cur, parsed, stored)
    kind, unit, period = _check_header(parsed, known, cur, problems)
    sheets = {k: v for k, v in parsed.sheets.items() if len(v)}
    _check_reference(parsed, known, problems)
    sheets.update({k: parsed.sheets[k] for k in ("tasks",) if k in sheets})
    if "observations" in sheets:
        sheets["observations"] = _check_observations(sheets["observations"], known, kind, unit, period, problems)
    if "task_updates" in sheets:
        sheets["task_updates"] = _check_task_updates(sheets["task_updates"], known, period, now, problems)
    if "villages" in sheets:
        sheets["villages"] = _check_villages(sheets["villages"], known, kind, unit, period, problems)
    header_ok = not any(p.sheet == workbook_format.INFO.title for p in problems)
    if kind == codes.RETURN and unit and period and header_ok:  # what this unit may send, for this month
        problems += scope.problems(cur, unit, period, sheets, now.date())
    if not sheets and not problems:
        problems.append(
            Problem("Tệp không có dòng số liệu nào (các trang Số liệu, Tiến độ nhiệm vụ, Thôn, bản đều trống).")
        )
    return Checked(kind, unit, period, sheets, known, problems)


def ordered(problems: list[Problem]) -> list[Problem]:
    """Problems in the order of the workbook: by sheet as the format lists them, then by row."""
    order = {s.title: i for i, s in enumerate(workbook_format.SHEETS)}
    return sorted(problems, key=lambda p: (order.get(p.sheet, -1), p.row or 0))


def _at(
    sheet: workbook_format.Sheet, row: int, key: str | None, message: str, value=None, severity: str = ERROR
) -> Problem:
    """A problem located at one cell: the sheet's title, the Excel row, the column's label."""
    column = sheet.column(key).label if key else None
    return Problem(message, sheet=sheet.title, row=int(row), column=column, value=value, severity=severity)


def _info_problem(message: str) -> Problem:
    return Problem(message, sheet=workbook_format.INFO.title)


def _unknown(problems, sheet: workbook_format.Sheet, df: pd.DataFrame, key: str, known, what: str) -> None:
    """Report every non-empty code in df[key] that is not in known."""
    if key not in df or not len(df):
        return
    values = df[key]
    known = known if isinstance(known, (set, frozenset)) else set(known)
    if all(v in known for v in values.dropna().unique()):  # the common case: each distinct code checked once
        return
    bad = values.notna() & ~values.isin(list(known))
    for row, value in zip(df.loc[bad, "_row"], values[bad], strict=True):
        problems.append(_at(sheet, row, key, f"{what} “{value}” không có trong danh mục.", value))


def known_codes(cur: duckdb.DuckDBPyConnection, parsed: ParsedWorkbook, stored: dict[str, pd.DataFrame]) -> Known:
    """Codes stored already, plus those the workbook itself defines."""
    units = stored["store/known_units"]
    if "units" in parsed.sheets:
        new = parsed.sheets["units"][["code", "kind", "lat", "lon"]]
        units = pd.concat([units[~units["code"].isin(new["code"])], new], ignore_index=True)
    indicators = stored["store/known_indicators"]
    on_record = frozenset(indicators["code"])
    if "indicators" in parsed.sheets:
        new = parsed.sheets["indicators"][["code", "measure", "level", "reporter_code", "jump_bound"]]
        indicators = pd.concat([indicators[~indicators["code"].isin(new["code"])], new], ignore_index=True)
    indicators["jump_bound"] = pd.to_numeric(indicators["jump_bound"], errors="coerce").astype("float64")
    for column in ("lat", "lon"):
        units[column] = pd.to_numeric(units[column], errors="coerce").astype("float64")
    documents = set(stored["store/known_documents"]["code"])
    documents |= set(parsed.sheets.get("documents", pd.DataFrame({"code": []}))["code"])
    tasks = set(stored["store/known_tasks"]["code"])
    tasks |= set(parsed.sheets.get("tasks", pd.DataFrame({"code": []}))["code"])
    # Only a return's villages are checked against the stored ones.
    if "villages" in parsed.sheets and parsed.info.get("kind", codes.RETURN) == codes.RETURN:
        villages = queries.frame(cur, "store/known_villages")
    else:
        villages = pd.DataFrame({"code": pd.Series([], dtype=object), "commune_code": pd.Series([], dtype=object)})
    return Known(units, indicators, documents, tasks, villages, on_record)


def _check_header(
    parsed: ParsedWorkbook, known: Known, cur, problems: list[Problem]
) -> tuple[str, str | None, str | None]:
    """The kind, unit and month the workbook declares on its 'Thông tin' sheet."""
    kind = parsed.info.get("kind", codes.RETURN)
    if kind not in codes.KINDS:
        problems.append(_info_problem(f"Loại tệp “{kind}” không hợp lệ; mẫu báo cáo tháng ghi “return”."))
        return kind, None, None
    unit = parsed.info.get("unit_code")
    period = parsed.info.get("period")
    if kind != codes.RETURN:
        return kind, unit, period
    if unit is None:
        problems.append(
            _info_problem(f"Thiếu “{workbook_format.INFO_FIELDS['unit_code']}”; hãy dùng mẫu báo cáo tải từ hệ thống.")
        )
    elif unit not in set(known.units["code"]):
        problems.append(_info_problem(f"Mã đơn vị báo cáo “{unit}” không có trong danh mục."))
    if period is None:
        problems.append(_info_problem(f"Thiếu “{workbook_format.INFO_FIELDS['period']}” (tháng, dạng 2026-05)."))
    else:
        try:
            parsed_period = parse_period(period)
        except ValueError:
            parsed_period = None
        if parsed_period is None or parsed_period.kind != "month":
            problems.append(_info_problem(f"Kỳ báo cáo “{period}” không hợp lệ; báo cáo tháng ghi dạng 2026-05."))
        else:
            period = parsed_period.code
    for key in workbook_format.REFERENCE_SHEETS:
        if key in parsed.sheets:
            title = workbook_format.SHEETS_BY_KEY[key].title
            problems.append(
                Problem(f"Báo cáo tháng không được chứa trang “{title}”; danh mục do quản trị viên cập nhật.", title)
            )
    return kind, unit, period


def _check_observations(df, known: Known, kind, unit, period, problems) -> pd.DataFrame:
    s = workbook_format.OBSERVATIONS
    _unknown(problems, s, df, "indicator_code", known.indicators["code"], "Mã chỉ tiêu")
    _unknown(problems, s, df, "unit_code", known.units["code"], "Mã đơn vị")
    _unknown(problems, s, df, "source_doc", known.documents, "Văn bản")
    periods = {}
    for code in df["period"].dropna().unique():
        try:
            periods[code] = parse_period(code)
        except ValueError:
            periods[code] = None
    # Mapped once per distinct period, not per row.
    valid = {code: p for code, p in periods.items() if p is not None}
    df = df.copy()
    raw = df["period"]
    # As datetime64 (NaT when invalid): DuckDB and Arrow take the column as it is, no object per row. Each
    # distinct period is looked up once; the rows take theirs by position (-1, the last entry, when missing).
    codes, uniques = pd.factorize(raw)
    found = [valid.get(u) for u in uniques]
    for column, attribute in (("period_start", "start"), ("period_end", "end")):
        by_code = np.array(
            [getattr(p, attribute) if p is not None else None for p in found] + [None], dtype="datetime64[s]"
        )
        df[column] = by_code[codes]
    written = [p.code if p is not None else u for p, u in zip(found, uniques, strict=True)]
    if written != list(uniques):  # some written another way ("2026-5"): the month as the store writes it
        df["period"] = pd.Series(np.array([*written, None], dtype=object)[codes], index=df.index, dtype=raw.dtype)
    if any(p is None for p in found) or (codes < 0).any():
        ok = raw.isin(list(valid))
        for row, p in zip(df.loc[~ok, "_row"], raw[~ok], strict=True):
            problems.append(
                _at(s, row, "period", f"kỳ “{p}” không hợp lệ; cần dạng 2026-03 (tháng), 2026-Q1 (quý) hoặc 2026.", p)
            )
    # Periods are compared once written the same way: "2026-5" and "2026-05" are one month. Each row's key is one
    # integer made of the three columns' codes (-1 where a cell is empty: such rows are never duplicates).
    indicator, indicators = pd.factorize(df["indicator_code"])
    unit_codes, units = pd.factorize(df["unit_code"])
    month, months = pd.factorize(np.array(written, dtype=object))
    month = np.append(month, -1)[codes]
    complete = (indicator >= 0) & (unit_codes >= 0) & (month >= 0)
    key = (indicator.astype("int64") * len(units) + unit_codes) * len(months) + month
    again = np.zeros(len(df), dtype=bool)
    again[complete] = pd.Series(key[complete]).duplicated(keep="first").to_numpy()
    if again.any():  # rare: the first row of each duplicate, for the message
        keys = ["indicator_code", "unit_code", "period"]
        first = df[complete].groupby(keys, sort=False)["_row"].transform("min")
        for row, earlier in zip(df.loc[again, "_row"], first[again[complete]], strict=True):
            problems.append(_at(s, row, None, f"Dòng trùng với dòng {int(earlier)}."))
    # Each indicator's attributes looked up once per distinct code; the rows take theirs by position.
    meta = known.indicators.set_index("code")

    def per_row(column: str) -> pd.Series:
        by_code = np.array([*meta[column].reindex(indicators).tolist(), None], dtype=object)
        return pd.Series(by_code[indicator], index=df.index)

    measure = per_row("measure")
    # The checks on numbers run on NumPy arrays (NaN for an empty cell: every comparison with it is false).
    is_pct = (measure == "percent").to_numpy(dtype=bool)
    rows = df["_row"].to_numpy()
    value = df["value"].to_numpy(dtype="float64", copy=True)
    num = df["numerator"].to_numpy(dtype="float64")
    den = df["denominator"].to_numpy(dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = 100 * num / den
    # A rate given only as numerator and denominator gets its value computed.
    computable = np.isnan(value) & (den > 0) & (num >= 0) & (num <= den)
    value = np.where(computable, np.where(is_pct, ratio, num), value)
    df["value"] = value
    for row in rows[np.isnan(value) & (np.isnan(num) | np.isnan(den))].tolist():
        problems.append(_at(s, row, "value", "Chưa có giá trị (hoặc tử số và mẫu số để tính)."))
    outside = is_pct & ~np.isnan(value) & ~((value >= 0) & (value <= 100))
    for row, v in zip(rows[outside].tolist(), value[outside].tolist(), strict=True):
        problems.append(_at(s, row, "value", f"tỷ lệ {v:g}% nằm ngoài khoảng 0–100.", v))
    yesno = (measure == "yesno").to_numpy(dtype=bool) & ~np.isnan(value) & (value != 0) & (value != 1)
    for row, v in zip(rows[yesno].tolist(), value[yesno].tolist(), strict=True):
        problems.append(_at(s, row, "value", f"giá trị {v:g} không hợp lệ; chỉ tiêu có/không ghi 1 (có) hoặc 0.", v))
    negative = (value < 0) & ~is_pct
    for row, v in zip(rows[negative].tolist(), value[negative].tolist(), strict=True):
        problems.append(_at(s, row, "value", f"giá trị {v:g} không được âm.", v))
    over = num > den
    for row, n, d in zip(rows[over].tolist(), num[over].tolist(), den[over].tolist(), strict=True):
        problems.append(_at(s, row, "numerator", f"tử số ({n:g}) lớn hơn mẫu số ({d:g}).", n))
    given = ~computable & is_pct & ~np.isnan(num) & (den > 0)
    with np.errstate(invalid="ignore"):
        off = given & (np.abs(value - ratio) > RATE_TOLERANCE)
    for row, v, r in zip(rows[off].tolist(), value[off].tolist(), ratio[off].tolist(), strict=True):
        problems.append(
            _at(s, row, "value", f"giá trị {v:g}% khác tỷ lệ tử số/mẫu số ({r:.1f}%); hãy kiểm tra lại.", v, WARNING)
        )
    return df


def _check_task_updates(df, known: Known, period, now: dt.datetime, problems) -> pd.DataFrame:
    s = workbook_format.TASK_UPDATES
    _unknown(problems, s, df, "task_code", known.tasks, "Mã nhiệm vụ")
    df = df.copy()
    end = parse_period(period).end if period else now.date()
    for r in frames.objects(df).to_dict("records"):
        row, done_on = r["_row"], r["completed_on"]
        if r["status"] == "done" and done_on is None:
            problems.append(_at(s, row, "completed_on", "nhiệm vụ đã hoàn thành cần ghi ngày hoàn thành."))
        if done_on is not None and done_on > end:
            problems.append(
                _at(s, row, "completed_on", f"ngày hoàn thành {fmt.date(done_on)} sau kỳ báo cáo.", done_on)
            )
        if done_on is not None and r["status"] != "done":
            problems.append(_at(s, row, "status", "có ngày hoàn thành nhưng trạng thái chưa là “Đã hoàn thành”."))
        if r["progress"] is not None and not 0 <= r["progress"] <= 100:
            problems.append(
                _at(s, row, "progress", f"tiến độ {r['progress']:g}% nằm ngoài khoảng 0–100.", r["progress"])
            )
    df.loc[(df["status"] == "done") & df["progress"].isna(), "progress"] = 100.0
    df["report_date"] = now.date()
    df["period"] = period
    return df


def _check_villages(df, known: Known, kind, unit, period, problems) -> pd.DataFrame:
    s = workbook_format.VILLAGES
    df = df.copy()
    if kind == codes.RETURN and unit:
        df.loc[df["commune_code"].isna(), "commune_code"] = unit
        stored = known.villages.set_index("code")["commune_code"]
        has_code = df["code"].notna()
        _unknown(problems, s, df[has_code], "code", stored.index, "Mã thôn, bản")
        df["period"] = period
    else:
        for row in df.loc[df["code"].isna(), "_row"]:
            problems.append(_at(s, row, "code", "Ô bắt buộc đang để trống."))
    _unknown(problems, s, df, "commune_code", known.units["code"], "Mã xã")
    _unknown(problems, s, df, "source_doc", known.documents, "Văn bản")
    places = known.units.set_index("code")
    missing = df["lat"].isna() & df["commune_code"].isin(places.index)
    if missing.any():  # a village without coordinates is placed at its commune's
        df.loc[missing, "lat"] = df.loc[missing, "commune_code"].map(places["lat"])
        df.loc[missing, "lon"] = df.loc[missing, "commune_code"].map(places["lon"])
    df["coords_exact"] = df["coords_exact"].where(df["coords_exact"].notna(), False)
    return df


def _check_reference(parsed: ParsedWorkbook, known: Known, problems) -> None:
    sh = workbook_format.SHEETS_BY_KEY
    if "units" in parsed.sheets:
        _unknown(
            problems, sh["units"], parsed.sheets["units"], "parent_code", known.units["code"], "Mã đơn vị cấp trên"
        )
    if "indicators" in parsed.sheets:
        _unknown(
            problems,
            sh["indicators"],
            parsed.sheets["indicators"],
            "reporter_code",
            known.units["code"],
            "Đơn vị báo cáo",
        )
    if "targets" in parsed.sheets:
        df = parsed.sheets["targets"]
        _unknown(problems, sh["targets"], df, "indicator_code", known.indicators["code"], "Mã chỉ tiêu")
        _unknown(problems, sh["targets"], df, "source_doc", known.documents, "Văn bản")
    if "national_map" in parsed.sheets:
        df = parsed.sheets["national_map"]
        _unknown(problems, sh["national_map"], df, "indicator_code", known.indicators["code"], "Mã chỉ tiêu")
        problems += national.sheet_problems(df)
    if "tasks" in parsed.sheets:
        df = parsed.sheets["tasks"].copy()
        _unknown(problems, sh["tasks"], df, "plan", known.documents, "Văn bản")
        for key in ("lead_codes", "partner_codes"):
            codes = df[["_row", key]].dropna()
            codes = codes.assign(**{key: codes[key].str.split(";")}).explode(key)
            _unknown(problems, sh["tasks"], codes, key, known.units["code"], "Mã cơ quan")
        _unknown(problems, sh["tasks"], df, "restates", known.tasks, "Mã nhiệm vụ")
        # A restatement names the original task: never itself, nor a task that restates another (a pair, not a chain).
        restated = df[df["restates"].notna()]
        restating = set(restated["code"])
        for row, code, value in zip(restated["_row"], restated["code"], restated["restates"], strict=True):
            if value == code or value in restating:
                message = f"Nhiệm vụ “{value}” nhắc lại một nhiệm vụ khác: chỉ nối với nhiệm vụ gốc."
                if value == code:
                    message = "Nhiệm vụ không nhắc lại chính nó."
                problems.append(_at(sh["tasks"], row, "restates", message, value))
        deadlines = [parse_deadline(t if isinstance(t, str) else None) for t in df["deadline_text"]]
        df["recurring"] = [d.recurring for d in deadlines]
        df["deadline"] = [
            given if given is not None and given == given else d.date
            for given, d in zip(df["deadline"], deadlines, strict=True)
        ]
        parsed.sheets["tasks"] = df


def jump_warnings(cur, df: pd.DataFrame, known: Known) -> list[Problem]:
    """Values that moved more than their indicator's bound since the month before: a warning, not an error."""
    bounds = known.indicators.set_index("code")["jump_bound"]
    # Only indicators with stored figures can have a month before: new ones (defined by this file, not on record
    # before it) have none, and are not even looked up.
    bounded = [
        code for code in df["indicator_code"].unique() if code in known.stored_indicators and pd.notna(bounds.get(code))
    ]
    stored = (
        set(queries.frame(cur, "store/indicators_with_figures", codes=bounded)["indicator_code"]) if bounded else set()
    )
    checked = df[df["indicator_code"].isin(list(stored)) & df["period_start"].notna()]
    if not len(checked):
        return []
    cur.register("incoming", frames.for_duckdb(checked[["_row", "indicator_code", "unit_code", "period_start"]]))
    try:
        previous = queries.frame(cur, "store/previous_values")
    finally:
        cur.unregister("incoming")
    if not len(previous):
        return []
    previous["previous_value"] = previous["previous_value"].astype("float64")
    merged = checked.merge(previous.astype({"_row": "int64"}), on="_row")
    merged["bound"] = merged["indicator_code"].map(bounds)
    jumped = merged[(merged["value"] - merged["previous_value"]).abs() > merged["bound"]]
    return [
        _at(
            workbook_format.OBSERVATIONS,
            r["_row"],
            "value",
            f"thay đổi {r['value'] - r['previous_value']:+g} so với tháng trước ({r['previous_value']:g}),"
            f" vượt ngưỡng {r['bound']:g}; hãy kiểm tra lại.",
            r["value"],
            WARNING,
        )
        for _, r in jumped.iterrows()
    ]
