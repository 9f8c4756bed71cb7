"""python -m nq57 report --period 2026-Q2 --out …: the quarterly report draft as a Word document."""

import datetime as dt
import sys
from pathlib import Path

from nq57 import report
from nq57.cli import base


def add_command(sub, common) -> None:
    p = sub.add_parser(
        "report", help="soạn dự thảo báo cáo quý (.docx) từ số liệu trên bảng điều hành", parents=[common]
    )
    p.add_argument("--period", required=True, help="quý báo cáo, dạng 2026-Q2")
    p.add_argument("--out", help="tệp .docx đích (mặc định bao_cao_NQ57_<quý>.docx)")
    p.add_argument(
        "--by-national", action="store_true", help="nhóm phụ lục chỉ tiêu theo bộ chỉ tiêu quốc gia (NQ 03, DTI, PII)"
    )
    p.set_defaults(func=run)


def _progress(step: int, steps: int, what: str) -> None:
    print(f"[{step}/{steps}] {what}…", file=sys.stderr, flush=True)


def run(args) -> int:
    out = Path(args.out or f"bao_cao_NQ57_{args.period.strip().upper()}.docx")
    con = base.open_database(args)
    try:
        now = dt.datetime.now().replace(second=0, microsecond=0)
        cur = con.cursor()
        try:
            period = report.quarter(args.period, now.date())
            data = report.draft(cur, period.code, now, _progress, args.by_national)
        finally:
            cur.close()
    except ValueError as bad:
        print(f"Không soạn được báo cáo: {bad}", file=sys.stderr)
        return 1
    finally:
        con.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"Đã ghi dự thảo báo cáo {period.label} vào {out}. Số liệu và nguồn là của bảng điều hành cho cùng kỳ.")
    return 0
