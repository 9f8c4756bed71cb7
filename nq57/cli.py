"""Command line: python -m nq57 init | baseline | import FILE."""

import argparse
import getpass
import os
import sys
from pathlib import Path

from nq57 import baseline, paths, store
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
    args = parser.parse_args(argv)
    return args.func(args)
