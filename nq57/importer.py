"""Import a workbook in the shared format: a dry run that validates and previews, then an all-or-nothing commit.

The same path loads the baseline, an administrator's bulk load and a unit's monthly return. Nothing is ever
overwritten: a later return for the same unit and month supersedes earlier values through the `current_*` views,
and rolling an upload back only marks it, so what was there before it shows again exactly.
"""

import datetime as dt
import hashlib
import json
import logging
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

import queries
from nq57 import access, codes, fmt, scope, workbook_format
from nq57.excel import ParsedWorkbook, read_workbook
from nq57.periods import parse_deadline, parse_period
from nq57.problems import ERROR, WARNING, Problem, WorkbookRejected
from nq57.store import WRITE_LOCK, checkpoint, transaction

log = logging.getLogger(__name__)

# A percentage given with its numerator and denominator may differ from their ratio by rounding only.
RATE_TOLERANCE = 0.5

WRITES = {
    "documents": "store/upsert_documents",
    "units": "store/upsert_units",
    "indicators": "store/insert_indicators",
    "targets": "store/insert_targets",
    "tasks": "store/upsert_tasks",
    "observations": "store/insert_observations",
    "task_updates": "store/insert_task_updates",
    "villages": "store/insert_villages",
}
# Sheets whose rows replace stored ones with the same code: those are deleted first, then all inserted (faster in
# DuckDB than "insert or replace").
REPLACES = {
    "indicators": "store/delete_replaced_indicators",
    "villages": "store/delete_replaced_villages",
}


@dataclass
class Prepared:
    """A workbook that passed validation: what it would write and how that differs from what is stored."""

    data: bytes
    file_name: str
    sha256: str
    kind: str
    unit_code: str | None
    period: str | None
    sheets: dict[str, pd.DataFrame]
    warnings: list[Problem] = field(default_factory=list)
    preview: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def row_counts(self) -> dict[str, int]:
        return {k: len(v) for k, v in self.sheets.items() if len(v)}


@dataclass
class ImportResult:
    upload_id: int
    row_counts: dict[str, int]
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class _Known:
    units: pd.DataFrame  # code, kind, lat, lon
    indicators: pd.DataFrame  # code, measure, level, reporter_code, jump_bound
    documents: set[str]
    tasks: set[str]
    villages: pd.DataFrame  # code, commune_code
    stored_indicators: frozenset[str] = frozenset()  # of those, the indicators on record before this workbook


def _objects(df: pd.DataFrame) -> pd.DataFrame:
    """Object columns with None for missing values: what DuckDB reads as NULL and Python code can test."""
    out = df.astype(object)
    out = out.where(out.notna(), None)
    if "_row" in df:
        out["_row"] = df["_row"].astype("int64")
    return out


def _duck(df: pd.DataFrame) -> pd.DataFrame:
    """The frame as DuckDB should scan it: typed columns stay typed (DuckDB reads NaN and NA as NULL); only object
    columns holding a float NaN get None instead, since DuckDB would see mixed types in them."""
    out = df.copy(deep=False)
    for column in out.columns:
        if out[column].dtype == object and out[column].isna().any():
            out[column] = out[column].where(out[column].notna(), None)
    return out


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


def _stored(cur: duckdb.DuckDBPyConnection, sha: str) -> dict[str, pd.DataFrame]:
    """What validation reads from the store whatever the workbook holds: an earlier upload of the same file and
    the codes on record. Run on its own cursor while the workbook is read (DuckDB works without the GIL)."""
    try:
        return {
            name: queries.frame(cur, name, sha256=sha)
            for name in (
                "store/find_upload_by_sha",
                "store/known_units",
                "store/known_indicators",
                "store/known_documents",
                "store/known_tasks",
            )
        }
    finally:
        cur.close()


def _known(cur: duckdb.DuckDBPyConnection, parsed: ParsedWorkbook, stored: dict[str, pd.DataFrame]) -> _Known:
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
    return _Known(units, indicators, documents, tasks, villages, on_record)


def _check_header(
    parsed: ParsedWorkbook, known: _Known, cur, problems: list[Problem]
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


def _check_observations(df, known: _Known, kind, unit, period, problems) -> pd.DataFrame:
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


def _check_task_updates(df, known: _Known, period, now: dt.datetime, problems) -> pd.DataFrame:
    s = workbook_format.TASK_UPDATES
    _unknown(problems, s, df, "task_code", known.tasks, "Mã nhiệm vụ")
    df = df.copy()
    end = parse_period(period).end if period else now.date()
    for r in _objects(df).to_dict("records"):
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


def _check_villages(df, known: _Known, kind, unit, period, problems) -> pd.DataFrame:
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


def _check_reference(parsed: ParsedWorkbook, known: _Known, problems) -> None:
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


def _jump_warnings(cur, df: pd.DataFrame, known: _Known) -> list[Problem]:
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
    cur.register("incoming", _duck(checked[["_row", "indicator_code", "unit_code", "period_start"]]))
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


def _preview(cur, sheets: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Per sheet, each row as new, changed (old → new) or unchanged against what is stored now."""
    out = {}
    for key, name in (
        ("observations", "returns/preview_observations"),
        ("task_updates", "returns/preview_task_updates"),
        ("villages", "returns/preview_villages"),
    ):
        if key in sheets and len(sheets[key]):
            cur.register("incoming", _duck(sheets[key]))
            try:
                out[key] = queries.frame(cur, name)
            finally:
                cur.unregister("incoming")
    return out


def prepare(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    file_name: str,
    now: dt.datetime | None = None,
    preview: bool = True,
) -> Prepared:
    """The dry run: read and validate everything, and preview the changes. Raises WorkbookRejected; writes nothing.

    With preview=False (an import straight away, nobody to show it to) a bulk load or the baseline skips the
    comparison with what is stored; a return still makes it, to refuse a file where nothing changed."""
    now = now or dt.datetime.now().replace(microsecond=0)
    sha = hashlib.sha256(data).hexdigest()
    with ThreadPoolExecutor(max_workers=1) as pool:
        prefetch = pool.submit(_stored, con.cursor(), sha)
        parsed = read_workbook(data)
    if not parsed.sheets and parsed.problems:  # not a workbook at all: nothing further to check
        raise WorkbookRejected(parsed.problems)
    stored = prefetch.result()
    cur = con.cursor()
    try:
        earlier = stored["store/find_upload_by_sha"]
        if len(earlier):
            e = earlier.iloc[0]
            raise WorkbookRejected(
                [
                    Problem(
                        f"Tệp này đã được nhập ngày {fmt.date(e.uploaded_at)} (lần nhập số {e.id}, "
                        f"tệp “{e.file_name}”, người nhập {e.uploaded_by}); không nhập lại."
                    )
                ]
            )
        problems = list(parsed.problems)
        if not parsed.sheets and not parsed.info:
            titles = ", ".join(
                s.title
                for s in (
                    workbook_format.INFO,
                    workbook_format.OBSERVATIONS,
                    workbook_format.TASK_UPDATES,
                    workbook_format.VILLAGES,
                )
            )
            raise WorkbookRejected(
                [Problem(f"Tệp không có trang nào của mẫu báo cáo ({titles}). Hãy tải mẫu báo cáo và điền vào mẫu.")]
            )
        known = _known(cur, parsed, stored)
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
        errors = [p for p in problems if p.severity == ERROR]
        if errors:
            raise WorkbookRejected(_ordered(errors))
        warnings = [p for p in problems if p.severity == WARNING]
        if "observations" in sheets:
            warnings += _jump_warnings(cur, sheets["observations"], known)
        changes = _preview(cur, sheets) if preview or kind == codes.RETURN else {}
        if kind == codes.RETURN and changes and all((p["change"] == "unchanged").all() for p in changes.values()):
            raise WorkbookRejected(
                [
                    Problem(
                        "Tệp không có số liệu mới: mọi dòng đều giống dữ liệu đang lưu (mẫu tải về chưa được điền?)."
                        " Hãy điền số liệu của tháng rồi tải lên lại."
                    )
                ]
            )
        return Prepared(
            data=data,
            file_name=file_name,
            sha256=sha,
            kind=kind,
            unit_code=unit,
            period=period,
            sheets=sheets,
            warnings=_ordered(warnings),
            preview=changes if preview else {},
        )
    finally:
        cur.close()


def _ordered(problems: list[Problem]) -> list[Problem]:
    """Problems in the order of the workbook: by sheet as the format lists them, then by row."""
    order = {s.title: i for i, s in enumerate(workbook_format.SHEETS)}
    return sorted(problems, key=lambda p: (order.get(p.sheet, -1), p.row or 0))


def archive(data: bytes, sha256: str, archive_dir: Path) -> Path:
    """Keep the file exactly as it came, named by its checksum; written atomically, never overwritten."""
    archive_dir.mkdir(parents=True, exist_ok=True)
    path = archive_dir / f"{sha256}.xlsx"
    if not path.exists():
        tmp = path.with_suffix(".part")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    return path


def _write(cur, key: str, df: pd.DataFrame, upload_id: int, kind: str) -> None:
    sheet = workbook_format.SHEETS_BY_KEY[key].title
    params = {"upload_id": upload_id, "sheet": sheet}
    # The sheets go to DuckDB as Arrow, typed, the cheapest to scan; the catalogue sheets read back row by row
    # below (units, tasks) and a return's villages, given codes below, stay frames with None for missing values.
    arrow = None if key in ("units", "tasks") or (key == "villages" and kind == codes.RETURN) else _arrow(df)
    frame = df if arrow is not None else _objects(df) if key in ("units", "tasks") else _duck(df)
    cur.register("incoming", frame if arrow is None else arrow)
    try:
        if key == "villages" and kind == codes.RETURN:
            new = frame[frame["code"].isna()]
            if len(new):
                new = new.assign(
                    code=[f"{c}-{r:04d}-{upload_id}" for c, r in zip(new["commune_code"], new["_row"], strict=True)]
                )
                frame.loc[new.index, "code"] = new["code"]
                cur.register("incoming", new)
                queries.execute(cur, "store/insert_new_villages", **params)
                cur.register("incoming", frame)
            queries.execute(cur, "store/insert_village_reports", **params)
        else:
            if key in REPLACES:
                queries.execute(cur, REPLACES[key])
            queries.execute(cur, WRITES[key], **params)
        if key == "tasks":
            cur.register("incoming", _links(frame, "code", ("lead_codes", "partner_codes")))
            queries.execute(cur, "store/delete_task_agencies")
            queries.execute(cur, "store/insert_task_agencies")
        if key == "units":
            groups = [
                {"unit_code": r.code, "group_code": g}
                for r in frame.itertuples()
                for g in (r.member_of or "").split(";")
                if g
            ]
            cur.register("incoming", pd.DataFrame(groups, columns=["unit_code", "group_code"]))
            queries.execute(cur, "store/delete_unit_groups")
            queries.execute(cur, "store/insert_unit_groups")
    finally:
        cur.unregister("incoming")


def _arrow(df: pd.DataFrame) -> pa.Table | None:
    """The frame as an Arrow table (missing values as nulls), or None when a column mixes types Arrow cannot hold."""
    try:
        return pa.Table.from_pandas(df, preserve_index=False, nthreads=1)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None


def _links(frame: pd.DataFrame, key: str, columns: tuple[str, str]) -> pd.DataFrame:
    links = [
        {"task_code": r[key], "unit_code": code, "role": role}
        for _, r in frame.iterrows()
        for role, column in zip(("lead", "partner"), columns, strict=True)
        for code in (r[column] or "").split(";")
        if code
    ]
    return pd.DataFrame(links, columns=["task_code", "unit_code", "role"])


def commit(
    con: duckdb.DuckDBPyConnection,
    prepared: Prepared,
    uploaded_by: str,
    archive_dir: Path,
    now: dt.datetime | None = None,
    user: access.User | None = None,
) -> ImportResult:
    """Write a prepared workbook in one transaction and archive the file; all of it lands, or none of it.

    With a user (the page, the command line), the write is refused unless that user may send it
    (access.require_upload); a return is refused unless its unit may send it for that month (nq57.scope). Both are
    checked inside the transaction, under the write lock. The upload is recorded in the audit log in the same
    transaction. Raises access.AccessDenied or WorkbookRejected, having written nothing.
    """
    now = now or dt.datetime.now().replace(microsecond=0)
    if user is not None:
        uploaded_by = user.username
    cur = con.cursor()
    try:
        with transaction(cur):
            # Checked again here, under the write lock: a month locked, an account or a duty changed since the
            # preview refuses the file now, and the transaction writes nothing.
            if user is not None:
                access.require_upload(user, prepared.unit_code, prepared.kind)
            if prepared.kind == codes.RETURN:
                refused = scope.problems(cur, prepared.unit_code, prepared.period, prepared.sheets, now.date())
                if refused:
                    raise WorkbookRejected(_ordered(refused))
            path = archive(prepared.data, prepared.sha256, archive_dir)
            upload_id = queries.execute(
                cur,
                "store/insert_upload",
                file_name=prepared.file_name,
                sha256=prepared.sha256,
                size_bytes=len(prepared.data),
                kind=prepared.kind,
                unit_code=prepared.unit_code,
                period=prepared.period,
                uploaded_by=uploaded_by,
                uploaded_at=now,
                row_counts=json.dumps(prepared.row_counts, ensure_ascii=False),
                archive_path=path.name,
            ).fetchone()[0]
            for sheet in workbook_format.SHEETS:
                if sheet.key in prepared.sheets:
                    _write(cur, sheet.key, prepared.sheets[sheet.key], upload_id, prepared.kind)
            access.audit(
                cur,
                uploaded_by,
                "upload",
                f"lần nhập {upload_id}",
                {"kind": prepared.kind, "unit_code": prepared.unit_code, "period": prepared.period}
                | {"rows": prepared.row_counts},
                prepared.file_name,
                prepared.sha256,
            )
    finally:
        cur.close()
    checkpoint(con)
    return ImportResult(upload_id, prepared.row_counts, prepared.warnings)


def import_workbook(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    file_name: str,
    uploaded_by: str,
    archive_dir: Path | None = None,
    now: dt.datetime | None = None,
) -> ImportResult:
    """Validate and import one workbook. Raises WorkbookRejected, with every problem, and writes nothing."""
    prepared = prepare(con, data, file_name, now, preview=False)
    return commit(con, prepared, uploaded_by, archive_dir or default_archive(con), now)


def default_archive(con: duckdb.DuckDBPyConnection) -> Path:
    """The archive beside the database file: <db folder>/uploads (a temporary folder for in-memory stores)."""
    cur = con.cursor()  # the connection itself is shared by every session of the app: never call it directly
    try:
        row = cur.execute("select path from duckdb_databases() where database_name = current_database()").fetchone()
    finally:
        cur.close()
    if row and row[0]:
        return Path(row[0]).parent / "uploads"
    return Path(tempfile.gettempdir()) / "nq57-uploads"


def check_archive(con: duckdb.DuckDBPyConnection, archive_dir: Path | None = None) -> list[str]:
    """Where the uploads table and the archive of uploaded files disagree, one Vietnamese sentence each (also logged).

    An upload whose file is missing or differs from its checksum is a loss to investigate; a file that belongs to
    no upload is what a commit interrupted after archiving leaves, and harmless. Uploads recorded before files were
    archived (no archive_path) are not checked.
    """
    archive_dir = archive_dir or default_archive(con)
    cur = con.cursor()
    try:
        rows = cur.execute("select id, file_name, sha256, size_bytes, archive_path from uploads order by id").fetchall()
    finally:
        cur.close()
    files = {p.name: p for p in archive_dir.glob("*") if p.is_file()} if archive_dir.is_dir() else {}
    problems = []
    named = set()
    for upload_id, file_name, sha256, size, archive_path in rows:
        if not archive_path:
            continue
        named.add(archive_path)
        path = files.get(archive_path)
        where = f"Lần nhập số {upload_id} (tệp “{file_name}”)"
        if path is None:
            problems.append(f"{where}: không có tệp lưu trữ {archive_path} trong {archive_dir}.")
        elif path.stat().st_size != size or hashlib.sha256(path.read_bytes()).hexdigest() != sha256:
            problems.append(f"{where}: tệp lưu trữ {archive_path} khác tệp đã nhập (sai kích thước hoặc mã kiểm tra).")
    for name in sorted(set(files) - named):
        problems.append(
            f"Tệp {name} trong {archive_dir} không thuộc lần nhập nào "
            "(thường do một lần ghi bị ngắt; không ảnh hưởng số liệu)."
        )
    for problem in problems:
        log.warning("Lưu trữ tệp nhập: %s", problem)
    return problems


class RollbackRefused(Exception):
    """The upload cannot be rolled back; the message says why, in Vietnamese."""


def rollback(
    con: duckdb.DuckDBPyConnection,
    upload_id: int,
    by: str,
    now: dt.datetime | None = None,
    user: access.User | None = None,
) -> dict:
    """Undo an upload: its rows stay as history but no longer count, so what was there before shows again.

    With a user, refused unless that user may send such a file for that unit (access.can_rollback).
    """
    now = now or dt.datetime.now().replace(microsecond=0)
    if user is not None:
        by = user.username
    cur = con.cursor()
    try:
        # The checks and the write under one hold of the write lock: two rollbacks of one upload at once make one.
        with WRITE_LOCK:
            found = queries.frame(cur, "store/get_upload", upload_id=upload_id)
            if not len(found):
                raise RollbackRefused(f"Không có lần nhập số {upload_id}.")
            upload = found.iloc[0]
            if user is not None:
                unit = upload["unit_code"] if isinstance(upload["unit_code"], str) else None
                access.require_upload(user, unit, upload["kind"])
            if upload["status"] != "active":
                raise RollbackRefused(f"Lần nhập số {upload_id} đã được hoàn tác trước đây.")
            counts = json.loads(upload["row_counts"])
            if upload["kind"] == codes.BASELINE or set(counts) & set(workbook_format.REFERENCE_SHEETS):
                raise RollbackRefused(
                    f"Lần nhập số {upload_id} sửa danh mục (chỉ tiêu, nhiệm vụ, đơn vị); không hoàn tác được, "
                    "hãy dựng lại cơ sở dữ liệu hoặc nhập bản danh mục đúng."
                )
            if upload["period"] and len(queries.frame(cur, "store/period_lock", period=upload["period"])):
                raise RollbackRefused(f"Kỳ {upload['period']} đã khóa sổ; không hoàn tác được lần nhập này.")
            with transaction(cur):
                queries.execute(cur, "store/set_upload_rolled_back", upload_id=upload_id, by=by, at=now)
                access.audit(cur, by, "rollback", f"lần nhập {upload_id}", None, upload["file_name"], upload["sha256"])
    finally:
        cur.close()  # before the checkpoint: DuckDB counts an open cursor that wrote as a write still active
    checkpoint(con)
    return upload.to_dict()
