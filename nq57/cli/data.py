"""Data commands: build the database, the baseline workbook, templates, imports, sample data, rollbacks, backups."""

import datetime as dt
import os
import sys
from pathlib import Path

import pandas as pd

from nq57 import access, backup, baseline, codes, fmt, paths, sample, store, template
from nq57.archive import default_archive
from nq57.cli import base
from nq57.importer import RollbackRefused, commit, import_workbook, prepare, rollback
from nq57.problems import WorkbookRejected


def init_database(db: Path, source: Path = paths.BASELINE_XLSX) -> dict[str, int]:
    """Rebuild the database from the baseline workbook, replacing the file only once the build succeeded."""
    tmp = db.with_name(db.name + ".building")
    for leftover in (tmp, Path(str(tmp) + ".wal")):
        leftover.unlink(missing_ok=True)
    con = store.connect(tmp)
    try:
        result = import_workbook(con, source.read_bytes(), source.name, codes.BASELINE_USER)
        con.execute("checkpoint")
    finally:
        con.close()
    Path(str(db) + ".wal").unlink(missing_ok=True)
    os.replace(tmp, db)
    return result.row_counts


def _cmd_init(args) -> int:
    db = Path(args.db) if getattr(args, "db", None) else paths.db_path()
    if args.if_missing and db.exists():
        print(f"Cơ sở dữ liệu đã có: {db}")
        return 0
    counts = init_database(db)
    print(
        f"Đã dựng cơ sở dữ liệu {db} từ {paths.BASELINE_XLSX.name}: " + ", ".join(f"{k} {v}" for k, v in counts.items())
    )
    return 0


def _cmd_baseline(args) -> int:
    path = baseline.build(Path(args.out) if args.out else paths.BASELINE_XLSX)
    print(f"Đã ghi {path}")
    return 0


def _cmd_import(args) -> int:
    return _import(args, Path(args.file).read_bytes(), Path(args.file).name)


def _cmd_sample(args) -> int:
    """Load the sample figures (marked as sample data on screen) through the same path as any import."""
    until = dt.date.fromisoformat(args.until) if args.until else dt.date.today()
    args.dry_run = False
    return _import(args, sample.workbook(until, args.years), sample.FILE_NAME)


def _import(args, data: bytes, file_name: str) -> int:
    con = base.open_database(args)
    try:
        prepared = prepare(con, data, file_name)
        if args.dry_run:
            changes = pd.concat([p["change"] for p in prepared.preview.values()]) if prepared.preview else None
            summary = (
                ""
                if changes is None
                else ", ".join(
                    f"{label} {int((changes == code).sum())}"
                    for code, label in (("new", "mới"), ("changed", "thay đổi"), ("unchanged", "không đổi"))
                )
            )
            print(f"Tệp hợp lệ (chạy thử, chưa ghi gì): {base.row_counts(prepared.row_counts)}. {summary}.")
        else:
            result = commit(con, prepared, args.as_user, default_archive(con), user=base.acting(con, args))
            print(f"Đã nhập lần số {result.upload_id}: {base.row_counts(result.row_counts)}.")
        for warning in prepared.warnings:
            print(f"Cảnh báo: {warning}")
    except access.AccessDenied as denied:
        print(f"{denied} Không có gì được ghi.", file=sys.stderr)
        return 1
    except WorkbookRejected as rejected:
        print(f"Tệp bị từ chối, không có gì được ghi ({len(rejected.problems)} lỗi):", file=sys.stderr)
        for problem in rejected.problems:
            print(f"- {problem}", file=sys.stderr)
        return 1
    finally:
        con.close()
    return 0


def _cmd_rollback(args) -> int:
    def work(con) -> str:
        upload = rollback(con, args.upload_id, args.as_user, user=base.acting(con, args))
        return (
            f"Đã hoàn tác lần nhập số {args.upload_id} (tệp “{upload['file_name']}”); số liệu trước đó được khôi phục."
        )

    return base.with_database(args, None, work, (RollbackRefused, access.AccessDenied))


def _cmd_template(args) -> int:
    con = base.open_database(args)
    try:
        content = template.collect(con, args.unit, args.period)
    except ValueError as bad:
        print(f"Không tạo được mẫu báo cáo: {bad}", file=sys.stderr)
        return 1
    finally:
        con.close()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(template.render(content))
    parts = [f"{len(content.indicators)} chỉ tiêu", f"{len(content.tasks)} nhiệm vụ"]
    if content.villages is not None:
        parts.append(f"{len(content.villages)} thôn, bản")
    print(
        f"Đã ghi mẫu báo cáo {content.period.label} của {content.unit_name} ({content.unit_code}) vào {out}: "
        + ", ".join(parts)
        + f". Hạn nộp: {fmt.date(content.due)}."
    )
    return 0


def _cmd_backup(args) -> int:
    db = Path(args.db) if getattr(args, "db", None) else paths.db_path()

    def work(con) -> str:
        folder = backup.backup_as(con, db, base.acting(con, args), Path(args.dir) if args.dir else None, args.keep)
        return f"Đã sao lưu cơ sở dữ liệu và tệp đã nhập vào {folder} (giữ {args.keep} bản mới nhất)."

    return base.with_database(args, "Không sao lưu được", work)


def _cmd_restore(args) -> int:
    db = Path(args.db) if getattr(args, "db", None) else paths.db_path()
    source = Path(args.path)
    try:
        backup.ensure_closed(db)
        if db.exists():  # the account acting is checked against the database as it is now
            con = base.open_database(args)
            try:
                access.require(base.acting(con, args), access.ADMIN)
                archive_dir = default_archive(con)
            finally:
                con.close()
        else:
            archive_dir = db.parent / "uploads"
        kept = backup.restore(source, db, archive_dir)
    except (access.AccessDenied, backup.RestoreRefused) as refused:
        print(f"Không khôi phục được: {refused}", file=sys.stderr)
        return 1
    con = store.connect(db)
    try:
        cur = con.cursor()
        try:
            with store.transaction(cur):
                access.audit(cur, args.as_user, "restore", str(source), {"replaced": str(kept) if kept else None})
        finally:
            cur.close()
        store.checkpoint(con)
    finally:
        con.close()
    print(
        f"Đã khôi phục {db} và tệp đã nhập từ {source}."
        + (f" Bản đang dùng trước đó được giữ lại: {kept}." if kept else "")
    )
    return 0
