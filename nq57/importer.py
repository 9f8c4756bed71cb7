"""Import a workbook in the shared format: a dry run that validates and previews, then an all-or-nothing commit.

The same path loads the baseline, an administrator's bulk load and a unit's monthly return. Nothing is ever
overwritten: a later return for the same unit and month supersedes earlier values through the `current_*` views,
and rolling an upload back only marks it, so what was there before it shows again exactly. The checks are
nq57.validation's; the uploaded files are kept as they came by nq57.archive.
"""

import datetime as dt
import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

import queries
from nq57 import access, archive, codes, current, fmt, frames, scope, validation, workbook_format
from nq57.archive import default_archive
from nq57.excel import read_workbook
from nq57.problems import ERROR, WARNING, Problem, WorkbookRejected
from nq57.store import WRITE_LOCK, checkpoint, transaction

WRITES = {
    "documents": "store/upsert_documents",
    "units": "store/upsert_units",
    "indicators": "store/insert_indicators",
    "targets": "store/insert_targets",
    "tasks": "store/upsert_tasks",
    "national_map": "store/insert_national_map",
    "observations": "store/insert_observations",
    "task_updates": "store/insert_task_updates",
    "villages": "store/insert_villages",
}
# Sheets whose rows replace stored ones with the same code: those are deleted first, then all inserted (faster in
# DuckDB than "insert or replace"). Observations are never deleted: the current row of each key a workbook brings
# stops being current (nq57.current).
REPLACES = {
    "indicators": "store/delete_replaced_indicators",
    "villages": "store/delete_replaced_villages",
    "observations": "current/retire_replaced",
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


def _preview(cur, sheets: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Per sheet, each row as new, changed (old → new) or unchanged against what is stored now."""
    out = {}
    for key, name in (
        ("observations", "returns/preview_observations"),
        ("task_updates", "returns/preview_task_updates"),
        ("villages", "returns/preview_villages"),
    ):
        if key in sheets and len(sheets[key]):
            cur.register("incoming", frames.for_duckdb(sheets[key]))
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
        checked = validation.check(cur, parsed, stored, now)
        kind, unit, period, sheets = checked.kind, checked.unit, checked.period, checked.sheets
        errors = [p for p in checked.problems if p.severity == ERROR]
        if errors:
            raise WorkbookRejected(validation.ordered(errors))
        warnings = [p for p in checked.problems if p.severity == WARNING]
        if "observations" in sheets:
            warnings += validation.jump_warnings(cur, sheets["observations"], checked.known)
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
            warnings=validation.ordered(warnings),
            preview=changes if preview else {},
        )
    finally:
        cur.close()


def _write(cur, key: str, df: pd.DataFrame, upload_id: int, kind: str) -> None:
    sheet = workbook_format.SHEETS_BY_KEY[key].title
    params = {"upload_id": upload_id, "sheet": sheet}
    # The sheets go to DuckDB as Arrow, typed, the cheapest to scan; the catalogue sheets read back row by row
    # below (units, tasks) and a return's villages, given codes below, stay frames with None for missing values.
    arrow = None if key in ("units", "tasks") or (key == "villages" and kind == codes.RETURN) else _arrow(df)
    frame = df if arrow is not None else frames.objects(df) if key in ("units", "tasks") else frames.for_duckdb(df)
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
                    raise WorkbookRejected(validation.ordered(refused))
            path = archive.keep(prepared.data, prepared.sha256, archive_dir)
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
            current.committed(cur, upload_id, prepared.sheets)
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
            # A catalogue sheet overwrites rows; the national mapping (KEPT_BY_UPLOAD) only adds its upload's rows.
            catalogue = set(workbook_format.REFERENCE_SHEETS) - set(workbook_format.KEPT_BY_UPLOAD)
            if upload["kind"] == codes.BASELINE or set(counts) & catalogue:
                raise RollbackRefused(
                    f"Lần nhập số {upload_id} sửa danh mục (chỉ tiêu, nhiệm vụ, đơn vị); không hoàn tác được, "
                    "hãy dựng lại cơ sở dữ liệu hoặc nhập bản danh mục đúng."
                )
            if upload["period"] and len(queries.frame(cur, "store/period_lock", period=upload["period"])):
                raise RollbackRefused(f"Kỳ {upload['period']} đã khóa sổ; không hoàn tác được lần nhập này.")
            with transaction(cur):
                queries.execute(cur, "store/set_upload_rolled_back", upload_id=upload_id, by=by, at=now)
                current.rolled_back(cur, upload_id)  # a catalogue upload is never rolled back (refused above)
                access.audit(cur, by, "rollback", f"lần nhập {upload_id}", None, upload["file_name"], upload["sha256"])
    finally:
        cur.close()  # before the checkpoint: DuckDB counts an open cursor that wrote as a write still active
    checkpoint(con)
    return upload.to_dict()
