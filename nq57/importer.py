"""Import a workbook in the shared format: validate everything, then write it all in one transaction."""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

import duckdb
import pandas as pd

import queries
from nq57 import workbook as wbf
from nq57.excel import ParsedWorkbook, read_workbook
from nq57.periods import parse_deadline, parse_period
from nq57.problems import ERROR, WARNING, Problem, WorkbookRejected
from nq57.store import transaction


@dataclass
class ImportResult:
    upload_id: int
    row_counts: dict[str, int]
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class _Known:
    units: dict[str, tuple[str, float | None, float | None]]
    indicators: dict[str, str]
    documents: set[str]
    tasks: set[str]


def _known(cur: duckdb.DuckDBPyConnection, parsed: ParsedWorkbook) -> _Known:
    """Codes stored already, plus those the workbook itself defines."""
    units = {r.code: (r.kind, r.lat, r.lon) for r in queries.frame(cur, "store/known_units").itertuples()}
    for r in parsed.rows.get("units", []):
        units[r["code"]] = (r["kind"], r.get("lat"), r.get("lon"))
    indicators = dict(queries.frame(cur, "store/known_indicators").itertuples(index=False, name=None))
    indicators |= {r["code"]: r["measure"] for r in parsed.rows.get("indicators", [])}
    documents = set(queries.frame(cur, "store/known_documents")["code"])
    documents |= {r["code"] for r in parsed.rows.get("documents", [])}
    tasks = set(queries.frame(cur, "store/known_tasks")["code"])
    tasks |= {r["code"] for r in parsed.rows.get("tasks", [])}
    return _Known(units, indicators, documents, tasks)


def _at(sheet: wbf.Sheet, row: dict, key: str, message: str, value=None) -> Problem:
    """A problem located at one cell: the sheet's title, the Excel row, the column's label."""
    return Problem(message, sheet=sheet.title, row=row["_row"], column=sheet.column(key).label, value=value)


def _check_ref(problems, known: set | dict, value, what: str, sheet: wbf.Sheet, row: dict, key: str) -> None:
    if value is not None and value not in known:
        problems.append(_at(sheet, row, key, f"{what} “{value}” không có trong danh mục.", value))


def validate(parsed: ParsedWorkbook, known: _Known) -> list[Problem]:
    """Check references, periods and ranges across sheets; fill derived fields. Returns all problems."""
    problems: list[Problem] = []
    sh = wbf.SHEETS_BY_KEY
    for r in parsed.rows.get("units", []):
        _check_ref(problems, known.units, r["parent_code"], "Mã đơn vị cấp trên", sh["units"], r, "parent_code")
    for r in parsed.rows.get("targets", []):
        _check_ref(problems, known.indicators, r["indicator_code"], "Mã chỉ tiêu", sh["targets"], r, "indicator_code")
        _check_ref(problems, known.documents, r["source_doc"], "Văn bản", sh["targets"], r, "source_doc")
    for r in parsed.rows.get("tasks", []):
        _check_ref(problems, known.documents, r["plan"], "Văn bản", sh["tasks"], r, "plan")
        for key in ("lead_codes", "partner_codes"):
            for code in (r[key] or "").split(";"):
                if code:
                    _check_ref(problems, known.units, code, "Mã cơ quan", sh["tasks"], r, key)
        deadline = parse_deadline(r["deadline_text"])
        r["recurring"] = deadline.recurring
        if r["deadline"] is None:
            r["deadline"] = deadline.date
    for r in parsed.rows.get("observations", []):
        s = sh["observations"]
        _check_ref(problems, known.indicators, r["indicator_code"], "Mã chỉ tiêu", s, r, "indicator_code")
        _check_ref(problems, known.units, r["unit_code"], "Mã đơn vị", s, r, "unit_code")
        _check_ref(problems, known.documents, r["source_doc"], "Văn bản", s, r, "source_doc")
        try:
            period = parse_period(r["period"])
            r["period"], r["period_start"], r["period_end"] = period.code, period.start, period.end
        except ValueError:
            message = f"kỳ “{r['period']}” không hợp lệ; cần dạng 2026-03 (tháng), 2026-Q1 (quý) hoặc 2026 (năm)."
            problems.append(_at(s, r, "period", message, r["period"]))
        measure = known.indicators.get(r["indicator_code"])
        if measure == "percent" and not 0 <= r["value"] <= 100:
            problems.append(_at(s, r, "value", f"tỷ lệ {r['value']:g}% nằm ngoài khoảng 0–100.", r["value"]))
        num, den = r.get("numerator"), r.get("denominator")
        if num is not None and den is not None and num > den:
            problems.append(_at(s, r, "numerator", f"tử số ({num:g}) lớn hơn mẫu số ({den:g}).", num))
    for r in parsed.rows.get("villages", []):
        s = sh["villages"]
        _check_ref(problems, known.units, r["commune_code"], "Mã xã", s, r, "commune_code")
        _check_ref(problems, known.documents, r["source_doc"], "Văn bản", s, r, "source_doc")
        if r["lat"] is None and r["commune_code"] in known.units:
            _, lat, lon = known.units[r["commune_code"]]
            r["lat"], r["lon"] = lat, lon
            r["coords_exact"] = False
        if r["coords_exact"] is None:
            r["coords_exact"] = False
    return problems


def _agency_links(rows: list[dict]) -> pd.DataFrame:
    links = [
        {"task_code": r["code"], "unit_code": code, "role": role}
        for r in rows
        for role, key in (("lead", "lead_codes"), ("partner", "partner_codes"))
        for code in (r[key] or "").split(";")
        if code
    ]
    return pd.DataFrame(links, columns=["task_code", "unit_code", "role"])


def _frame(rows: list[dict]) -> pd.DataFrame:
    # object dtype keeps None as NULL and dates as dates when DuckDB scans the frame
    return pd.DataFrame(rows).astype(object)


def _write(cur, sheet_key: str, rows: list[dict], upload_id: int) -> None:
    sheet = wbf.SHEETS_BY_KEY[sheet_key].title
    statement = {
        "documents": "store/upsert_documents",
        "units": "store/upsert_units",
        "indicators": "store/upsert_indicators",
        "targets": "store/insert_targets",
        "tasks": "store/upsert_tasks",
        "observations": "store/insert_observations",
        "villages": "store/upsert_villages",
    }[sheet_key]
    cur.register("incoming", _frame(rows))
    try:
        params = {"upload_id": upload_id, "sheet": sheet}
        queries.execute(cur, statement, **params)
        if sheet_key == "tasks":
            cur.register("incoming", _agency_links(rows))
            queries.execute(cur, "store/delete_task_agencies")
            queries.execute(cur, "store/insert_task_agencies")
    finally:
        cur.unregister("incoming")


def import_workbook(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    file_name: str,
    uploaded_by: str,
    now: dt.datetime | None = None,
) -> ImportResult:
    """Validate and import one workbook. Raises WorkbookRejected, with every problem, and writes nothing."""
    parsed = read_workbook(data)
    if not parsed.rows and parsed.problems:  # not a workbook at all: nothing further to check
        raise WorkbookRejected(parsed.problems)
    cur = con.cursor()
    try:
        sha = hashlib.sha256(data).hexdigest()
        earlier = queries.frame(cur, "store/find_upload_by_sha", sha256=sha)
        if len(earlier):
            e = earlier.iloc[0]
            raise WorkbookRejected(
                [Problem(f"Tệp này đã được nhập trước đây (lần nhập số {e.id}, tệp “{e.file_name}”); không nhập lại.")]
            )
        problems = parsed.problems + validate(parsed, _known(cur, parsed))
        errors = [p for p in problems if p.severity == ERROR]
        if errors:
            raise WorkbookRejected(errors)
        written = {k: v for k, v in parsed.rows.items() if v}
        if not written:
            raise WorkbookRejected([Problem("Tệp không có dòng số liệu nào để nhập.")])
        counts = {k: len(v) for k, v in written.items()}
        order = [s.key for s in wbf.SHEETS if s.key in written]
        with transaction(cur):
            upload_id = queries.execute(
                cur,
                "store/insert_upload",
                file_name=file_name,
                sha256=sha,
                size_bytes=len(data),
                kind=parsed.info.get("kind", "return"),
                unit_code=parsed.info.get("unit_code"),
                period=parsed.info.get("period"),
                uploaded_by=uploaded_by,
                uploaded_at=now or dt.datetime.now().replace(microsecond=0),
                row_counts=json.dumps(counts, ensure_ascii=False),
            ).fetchone()[0]
            for key in order:
                _write(cur, key, written[key], upload_id)
        return ImportResult(upload_id, counts, [p for p in problems if p.severity == WARNING])
    finally:
        cur.close()
