"""Command line: python -m nq57 init | baseline | import FILE | template --unit CODE --period YYYY-MM --out FILE."""

import argparse
import getpass
import os
import sys
from pathlib import Path

import duckdb

from nq57 import baseline, fmt, paths, store, template
from nq57.importer import import_workbook
from nq57.problems import WorkbookRejected

BASELINE_USER = "baseline"


def init_database(db: Path, source: Path = paths.BASELINE_XLSX) -> dict[str, int]:
    """Rebuild the database from the baseline workbook, replacing the file only once the build succeeded."""
    tmp = db.with_name(db.name + ".building")
    for leftover in (tmp, Path(str(tmp) + ".wal")):
        leftover.unlink(missing_ok=True)
    con = store.connect(tmp)
    try:
        result = import_workbook(con, source.read_bytes(), source.name, BASELINE_USER)
        con.execute("checkpoint")
    finally:
        con.close()
    Path(str(db) + ".wal").unlink(missing_ok=True)
    os.replace(tmp, db)
    return result.row_counts


def _cmd_init(args) -> int:
    db = Path(args.db) if args.db else paths.db_path()
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
    db = Path(args.db) if args.db else paths.db_path()
    data = Path(args.file).read_bytes()
    con = store.connect(db)
    try:
        result = import_workbook(con, data, Path(args.file).name, args.as_user)
    except WorkbookRejected as rejected:
        print(f"Tệp bị từ chối, không có gì được ghi ({len(rejected.problems)} lỗi):", file=sys.stderr)
        for problem in rejected.problems:
            print(f"- {problem}", file=sys.stderr)
        return 1
    finally:
        con.close()
    print(f"Đã nhập lần số {result.upload_id}: " + ", ".join(f"{k} {v}" for k, v in result.row_counts.items()))
    return 0


def _cmd_template(args) -> int:
    db = Path(args.db) if args.db else paths.db_path()
    if not db.exists():
        print(f"Chưa có cơ sở dữ liệu {db}; hãy chạy: python -m nq57 init", file=sys.stderr)
        return 1
    try:
        con = store.connect(db)
    except duckdb.IOException:
        print(
            f"Cơ sở dữ liệu {db} đang được ứng dụng mở; hãy tải mẫu ở trang “Nộp báo cáo” hoặc dừng ứng dụng.",
            file=sys.stderr,
        )
        return 1
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nq57", description="Bảng theo dõi NQ57 tỉnh Lai Châu")
    parser.add_argument("--db", help="tệp cơ sở dữ liệu (mặc định $NQ57_DB hoặc data/nq57.duckdb)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("init", help="dựng lại cơ sở dữ liệu từ data/")
    p.add_argument("--if-missing", action="store_true", help="chỉ dựng khi chưa có tệp cơ sở dữ liệu")
    p.set_defaults(func=_cmd_init)
    p = sub.add_parser("baseline", help="ghi lại sổ dữ liệu gốc từ data/baseline/*.csv")
    p.add_argument("--out", help="tệp .xlsx đích")
    p.set_defaults(func=_cmd_baseline)
    p = sub.add_parser("import", help="nhập một tệp Excel")
    p.add_argument("file")
    p.add_argument("--as", dest="as_user", default=getpass.getuser(), help="người nhập")
    p.set_defaults(func=_cmd_import)
    p = sub.add_parser("template", help="tạo mẫu báo cáo tháng (.xlsx) cho một đơn vị")
    p.add_argument("--unit", required=True, help="mã đơn vị báo cáo, ví dụ 03434 hoặc SKHCN")
    p.add_argument("--period", required=True, help="tháng báo cáo, dạng 2026-05")
    p.add_argument("--out", required=True, help="tệp .xlsx đích")
    p.add_argument("--db", default=argparse.SUPPRESS, help="tệp cơ sở dữ liệu (như --db chung)")
    p.set_defaults(func=_cmd_template)
    args = parser.parse_args(argv)
    return args.func(args)
