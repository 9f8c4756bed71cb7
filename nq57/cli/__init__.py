"""Command line: init, baseline, template, import, sample, rollback, report, accounts, locks, backup and restore.

Every command that writes data acts as an account (--as USER) and is held to its rights (nq57.access); the audit log
records the operating-system user who ran it beside that account. The commands live in nq57.cli.data (the data),
nq57.cli.accounts (accounts and locks) and nq57.cli.report (the quarterly report draft); base holds what they share.
"""

import argparse
import sys

from nq57 import access
from nq57.cli import accounts, base, data, report
from nq57.cli.data import init_database

__all__ = ["init_database", "main"]


def main(argv: list[str] | None = None) -> int:
    run_by = base.os_user()
    # --db is accepted before or after the command name.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help="tệp cơ sở dữ liệu (mặc định $NQ57_DB)")
    parser = argparse.ArgumentParser(
        prog="python -m nq57", description="Bảng theo dõi NQ57 tỉnh Lai Châu", parents=[common]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("init", help="dựng lại cơ sở dữ liệu từ data/", parents=[common])
    p.add_argument("--if-missing", action="store_true", help="chỉ dựng khi chưa có tệp cơ sở dữ liệu")
    p.set_defaults(func=data._cmd_init)
    p = sub.add_parser("baseline", help="ghi lại sổ dữ liệu gốc từ data/baseline/*.csv")
    p.add_argument("--out", help="tệp .xlsx đích")
    p.set_defaults(func=data._cmd_baseline)
    p = sub.add_parser("template", help="tạo mẫu báo cáo tháng (.xlsx) cho một đơn vị", parents=[common])
    p.add_argument("--unit", required=True, help="mã đơn vị báo cáo, ví dụ 03434 hoặc SKHCN")
    p.add_argument("--period", required=True, help="tháng báo cáo, dạng 2026-05")
    p.add_argument("--out", required=True, help="tệp .xlsx đích")
    p.set_defaults(func=data._cmd_template)
    p = sub.add_parser("import", help="kiểm tra và nhập một tệp Excel", parents=[common])
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra và cho xem trước, không ghi gì")
    p.add_argument("--as", dest="as_user", default=run_by or "", help="người nhập")
    p.set_defaults(func=data._cmd_import)
    p = sub.add_parser("sample", help="nạp dữ liệu mẫu (được đánh dấu trên màn hình, hoàn tác được)", parents=[common])
    p.add_argument("--years", type=int, default=2, help="số năm dữ liệu mẫu, tính cả năm nay (mặc định 2)")
    p.add_argument("--until", help="tháng cuối của dữ liệu mẫu, dạng 2026-11-30 (mặc định hôm nay)")
    p.add_argument("--as", dest="as_user", default=run_by or "", help="người nạp")
    p.set_defaults(func=data._cmd_sample)

    report.add_command(sub, common)
    p = sub.add_parser("rollback", help="hoàn tác một lần nhập", parents=[common])
    p.add_argument("upload_id", type=int)
    p.add_argument("--as", dest="as_user", default=run_by or "", help="người hoàn tác")
    p.set_defaults(func=data._cmd_rollback)

    p = sub.add_parser("create-admin", help="tạo tài khoản quản trị đầu tiên", parents=[common])
    p.add_argument("--username", required=True)
    p.add_argument("--name", required=True, help="họ và tên")
    p.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ đầu vào chuẩn (không hỏi)")
    p.set_defaults(func=accounts._cmd_create_admin)

    p = sub.add_parser("create-user", help="tạo tài khoản (quản trị viên)", parents=[common])
    p.add_argument("--username", required=True)
    p.add_argument("--name", required=True, help="họ và tên")
    p.add_argument("--role", required=True, choices=list(access.ROLES))
    p.add_argument("--unit", help="mã đơn vị của cán bộ báo cáo")
    p.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ đầu vào chuẩn (không hỏi)")
    p.add_argument("--sso-only", action="store_true", help="không đặt mật khẩu: chỉ đăng nhập một lần (OIDC)")
    p.add_argument("--as", dest="as_user", default=run_by or "", help="quản trị viên thực hiện")
    p.set_defaults(func=accounts._cmd_create_user)

    for name, (text, _, _) in accounts._ACCOUNT_COMMANDS.items():
        p = sub.add_parser(name, help=f"{text} (quản trị viên)", parents=[common])
        p.add_argument("--username", required=True)
        if name == "reset-password":
            p.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ đầu vào chuẩn (không hỏi)")
        p.add_argument("--as", dest="as_user", default=run_by or "", help="quản trị viên thực hiện")
        p.set_defaults(func=accounts._cmd_account)
    for name, text in (("lock", "khóa sổ một tháng"), ("unlock", "mở khóa sổ một tháng (cần lý do)")):
        p = sub.add_parser(name, help=text, parents=[common])
        p.add_argument("period", help="tháng, dạng 2026-05")
        p.add_argument("--reason", required=name == "unlock", help="lý do")
        p.add_argument("--as", dest="as_user", default=run_by or "", help="quản trị viên thực hiện")
        p.set_defaults(func=accounts._cmd_lock)
    p = sub.add_parser("backup", help="sao lưu cơ sở dữ liệu và tệp đã nhập (quản trị viên)", parents=[common])
    p.add_argument("--keep", type=int, default=7, help="số bản sao lưu mới nhất được giữ (mặc định 7)")
    p.add_argument("--dir", help="thư mục sao lưu (mặc định backups/ cạnh tệp cơ sở dữ liệu: data/backups)")
    p.add_argument("--as", dest="as_user", default=run_by or "", help="quản trị viên thực hiện")
    p.set_defaults(func=data._cmd_backup)
    p = sub.add_parser("restore", help="khôi phục một bản sao lưu (khi ứng dụng đã dừng)", parents=[common])
    p.add_argument("path", help="thư mục của bản sao lưu, ví dụ data/backups/20260601-020000")
    p.add_argument("--as", dest="as_user", default=run_by or "", help="quản trị viên thực hiện")
    p.set_defaults(func=data._cmd_restore)
    args = parser.parse_args(argv)
    try:
        with access.command_line(run_by):  # every audit entry of this command records who ran it
            return args.func(args)
    except base.Unavailable as unavailable:
        print(str(unavailable), file=sys.stderr)
        return 1
