"""Command line: init, baseline, template, import, sample, rollback, accounts, locks, backup and restore.

Every command that writes data acts as an account (--as USER) and is held to its rights (nq57.access); the audit log
records the operating-system user who ran it beside that account.
"""

import argparse
import datetime as dt
import getpass
import os
import sys
from pathlib import Path

import duckdb
import pandas as pd

from nq57 import access, backup, baseline, fmt, paths, sample, store, template, workbook_format
from nq57.archive import check_archive, default_archive
from nq57.importer import RollbackRefused, commit, import_workbook, prepare, rollback
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


class _Unavailable(Exception):
    """The database cannot be opened for this command; the message says why, in Vietnamese."""


def _open(args, must_exist: bool = True):
    db = Path(args.db) if getattr(args, "db", None) else paths.db_path()
    if must_exist and not db.exists():
        raise _Unavailable(f"Chưa có cơ sở dữ liệu {db}; hãy chạy: python -m nq57 init")
    try:
        con = store.connect(db)
    except duckdb.IOException as exc:
        raise _Unavailable(
            f"Cơ sở dữ liệu {db} đang được ứng dụng mở; hãy làm việc này trên trang “Nộp báo cáo” hoặc dừng ứng dụng."
        ) from exc
    check_archive(con)  # differences between uploads and the archive are logged (stderr)
    return con


def _acting(con, args) -> access.User:
    """The account named by --as; every command that writes acts as one and is held to its rights."""
    cur = con.cursor()
    try:
        user = access.get_user(cur, args.as_user)
    finally:
        cur.close()
    if user is None:
        raise _Unavailable(
            f"Không có tài khoản “{args.as_user}” (hoặc tài khoản đã ngừng). Hãy dùng --as với một tài khoản có quyền; "
            "tài khoản quản trị đầu tiên tạo bằng: python -m nq57 create-admin"
        )
    return user


def _password(args, prompt: str = "Mật khẩu: ") -> str:
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\n")
    return getpass.getpass(prompt)


def _counts(counts: dict[str, int]) -> str:
    titles = {s.key: s.title for s in workbook_format.SHEETS}
    return "; ".join(f"{titles.get(k, k)}: {fmt.number(v)} dòng" for k, v in counts.items())


def _cmd_import(args) -> int:
    return _import(args, Path(args.file).read_bytes(), Path(args.file).name)


def _cmd_sample(args) -> int:
    """Load the sample figures (marked as sample data on screen) through the same path as any import."""
    until = dt.date.fromisoformat(args.until) if args.until else dt.date.today()
    args.dry_run = False
    return _import(args, sample.workbook(until, args.years), sample.FILE_NAME)


def _import(args, data: bytes, file_name: str) -> int:
    con = _open(args)
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
            print(f"Tệp hợp lệ (chạy thử, chưa ghi gì): {_counts(prepared.row_counts)}. {summary}.")
        else:
            result = commit(con, prepared, args.as_user, default_archive(con), user=_acting(con, args))
            print(f"Đã nhập lần số {result.upload_id}: {_counts(result.row_counts)}.")
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
    con = _open(args)
    try:
        upload = rollback(con, args.upload_id, args.as_user, user=_acting(con, args))
    except (RollbackRefused, access.AccessDenied) as refused:
        print(str(refused), file=sys.stderr)
        return 1
    finally:
        con.close()
    print(f"Đã hoàn tác lần nhập số {args.upload_id} (tệp “{upload['file_name']}”); số liệu trước đó được khôi phục.")
    return 0


def _cmd_template(args) -> int:
    con = _open(args)
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


def _cmd_create_admin(args) -> int:
    con = _open(args)
    try:
        password = _password(args)
        user = access.create_first_admin(con, args.username, args.name, password)
    except (access.AccessDenied, ValueError) as refused:
        print(f"Không tạo được tài khoản: {refused}", file=sys.stderr)
        return 1
    finally:
        con.close()
    print(f"Đã tạo quản trị viên “{user.username}” ({user.full_name}).")
    return 0


def _cmd_create_user(args) -> int:
    con = _open(args)
    try:
        password = None if args.sso_only else _password(args)
        user = access.create_user(con, _acting(con, args), args.username, args.name, args.role, password, args.unit)
    except (access.AccessDenied, ValueError) as refused:
        print(f"Không tạo được tài khoản: {refused}", file=sys.stderr)
        return 1
    finally:
        con.close()
    print(
        f"Đã tạo tài khoản “{user.username}”: {user.role_label}"
        + (f", đơn vị {user.unit_code}" if user.unit_code else "")
        + "."
    )
    return 0


_ACCOUNT_COMMANDS = {  # command: (help, what was done, what could not be done)
    "reset-password": ("đặt lại mật khẩu", "Đã đặt lại mật khẩu của tài khoản", "Không đặt lại được mật khẩu"),
    "deactivate-user": ("ngừng một tài khoản", "Đã ngừng tài khoản", "Không ngừng được tài khoản"),
    "reactivate-user": ("mở lại một tài khoản đã ngừng", "Đã mở lại tài khoản", "Không mở lại được tài khoản"),
}


def _cmd_account(args) -> int:
    """An administrator resets another account's password, stops an account or opens it again."""
    _, done, failed = _ACCOUNT_COMMANDS[args.command]
    con = _open(args)
    try:
        actor = _acting(con, args)
        access.require(actor, access.ADMIN)  # before asking for a password
        if args.command == "reset-password":
            access.reset_password(con, actor, args.username, _password(args, "Mật khẩu mới: "))
        else:
            access.set_active(con, actor, args.username, args.command == "reactivate-user")
    except (access.AccessDenied, ValueError) as refused:
        print(f"{failed}: {refused}", file=sys.stderr)
        return 1
    finally:
        con.close()
    ended = "" if args.command == "reactivate-user" else "; các phiên đang mở của tài khoản này kết thúc"
    print(f"{done} “{args.username}”{ended}.")
    return 0


def _cmd_lock(args) -> int:
    con = _open(args)
    try:
        user = _acting(con, args)
        if args.command == "lock":
            access.lock_period(con, user, args.period, args.reason)
        else:
            access.unlock_period(con, user, args.period, args.reason or "")
    except (access.AccessDenied, ValueError) as refused:
        print(f"Không {'khóa' if args.command == 'lock' else 'mở khóa'} được: {refused}", file=sys.stderr)
        return 1
    finally:
        con.close()
    print(f"Đã {'khóa sổ' if args.command == 'lock' else 'mở khóa sổ'} kỳ {args.period}.")
    return 0


def _cmd_backup(args) -> int:
    db = Path(args.db) if getattr(args, "db", None) else paths.db_path()
    con = _open(args)
    try:
        folder = backup.backup_as(con, db, _acting(con, args), Path(args.dir) if args.dir else None, args.keep)
    except (access.AccessDenied, ValueError) as refused:
        print(f"Không sao lưu được: {refused}", file=sys.stderr)
        return 1
    finally:
        con.close()
    print(f"Đã sao lưu cơ sở dữ liệu và tệp đã nhập vào {folder} (giữ {args.keep} bản mới nhất).")
    return 0


def _cmd_restore(args) -> int:
    db = Path(args.db) if getattr(args, "db", None) else paths.db_path()
    source = Path(args.path)
    try:
        backup.ensure_closed(db)
        if db.exists():  # the account acting is checked against the database as it is now
            con = _open(args)
            try:
                access.require(_acting(con, args), access.ADMIN)
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


def os_user() -> str | None:
    """The operating-system user running the command; None when there is no login name and no passwd entry."""
    try:
        return getpass.getuser() or None
    except (KeyError, OSError):  # KeyError on Python 3.11, OSError from 3.13
        return None


def main(argv: list[str] | None = None) -> int:
    run_by = os_user()
    # --db is accepted before or after the command name.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help="tệp cơ sở dữ liệu (mặc định $NQ57_DB)")
    parser = argparse.ArgumentParser(
        prog="python -m nq57", description="Bảng theo dõi NQ57 tỉnh Lai Châu", parents=[common]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("init", help="dựng lại cơ sở dữ liệu từ data/", parents=[common])
    p.add_argument("--if-missing", action="store_true", help="chỉ dựng khi chưa có tệp cơ sở dữ liệu")
    p.set_defaults(func=_cmd_init)
    p = sub.add_parser("baseline", help="ghi lại sổ dữ liệu gốc từ data/baseline/*.csv")
    p.add_argument("--out", help="tệp .xlsx đích")
    p.set_defaults(func=_cmd_baseline)
    p = sub.add_parser("template", help="tạo mẫu báo cáo tháng (.xlsx) cho một đơn vị", parents=[common])
    p.add_argument("--unit", required=True, help="mã đơn vị báo cáo, ví dụ 03434 hoặc SKHCN")
    p.add_argument("--period", required=True, help="tháng báo cáo, dạng 2026-05")
    p.add_argument("--out", required=True, help="tệp .xlsx đích")
    p.set_defaults(func=_cmd_template)
    p = sub.add_parser("import", help="kiểm tra và nhập một tệp Excel", parents=[common])
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra và cho xem trước, không ghi gì")
    p.add_argument("--as", dest="as_user", default=run_by or "", help="người nhập")
    p.set_defaults(func=_cmd_import)
    p = sub.add_parser("sample", help="nạp dữ liệu mẫu (được đánh dấu trên màn hình, hoàn tác được)", parents=[common])
    p.add_argument("--years", type=int, default=2, help="số năm dữ liệu mẫu, tính cả năm nay (mặc định 2)")
    p.add_argument("--until", help="tháng cuối của dữ liệu mẫu, dạng 2026-11-30 (mặc định hôm nay)")
    p.add_argument("--as", dest="as_user", default=run_by or "", help="người nạp")
    p.set_defaults(func=_cmd_sample)

    p = sub.add_parser("rollback", help="hoàn tác một lần nhập", parents=[common])
    p.add_argument("upload_id", type=int)
    p.add_argument("--as", dest="as_user", default=run_by or "", help="người hoàn tác")
    p.set_defaults(func=_cmd_rollback)

    p = sub.add_parser("create-admin", help="tạo tài khoản quản trị đầu tiên", parents=[common])
    p.add_argument("--username", required=True)
    p.add_argument("--name", required=True, help="họ và tên")
    p.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ đầu vào chuẩn (không hỏi)")
    p.set_defaults(func=_cmd_create_admin)

    p = sub.add_parser("create-user", help="tạo tài khoản (quản trị viên)", parents=[common])
    p.add_argument("--username", required=True)
    p.add_argument("--name", required=True, help="họ và tên")
    p.add_argument("--role", required=True, choices=list(access.ROLES))
    p.add_argument("--unit", help="mã đơn vị của cán bộ báo cáo")
    p.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ đầu vào chuẩn (không hỏi)")
    p.add_argument("--sso-only", action="store_true", help="không đặt mật khẩu: chỉ đăng nhập một lần (OIDC)")
    p.add_argument("--as", dest="as_user", default=run_by or "", help="quản trị viên thực hiện")
    p.set_defaults(func=_cmd_create_user)

    for name, (text, _, _) in _ACCOUNT_COMMANDS.items():
        p = sub.add_parser(name, help=f"{text} (quản trị viên)", parents=[common])
        p.add_argument("--username", required=True)
        if name == "reset-password":
            p.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ đầu vào chuẩn (không hỏi)")
        p.add_argument("--as", dest="as_user", default=run_by or "", help="quản trị viên thực hiện")
        p.set_defaults(func=_cmd_account)
    for name, text in (("lock", "khóa sổ một tháng"), ("unlock", "mở khóa sổ một tháng (cần lý do)")):
        p = sub.add_parser(name, help=text, parents=[common])
        p.add_argument("period", help="tháng, dạng 2026-05")
        p.add_argument("--reason", required=name == "unlock", help="lý do")
        p.add_argument("--as", dest="as_user", default=run_by or "", help="quản trị viên thực hiện")
        p.set_defaults(func=_cmd_lock)
    p = sub.add_parser("backup", help="sao lưu cơ sở dữ liệu và tệp đã nhập (quản trị viên)", parents=[common])
    p.add_argument("--keep", type=int, default=7, help="số bản sao lưu mới nhất được giữ (mặc định 7)")
    p.add_argument("--dir", help="thư mục sao lưu (mặc định backups/ cạnh tệp cơ sở dữ liệu: data/backups)")
    p.add_argument("--as", dest="as_user", default=run_by or "", help="quản trị viên thực hiện")
    p.set_defaults(func=_cmd_backup)
    p = sub.add_parser("restore", help="khôi phục một bản sao lưu (khi ứng dụng đã dừng)", parents=[common])
    p.add_argument("path", help="thư mục của bản sao lưu, ví dụ data/backups/20260601-020000")
    p.add_argument("--as", dest="as_user", default=run_by or "", help="quản trị viên thực hiện")
    p.set_defaults(func=_cmd_restore)
    args = parser.parse_args(argv)
    try:
        with access.command_line(run_by):  # every audit entry of this command records who ran it
            return args.func(args)
    except _Unavailable as unavailable:
        print(str(unavailable), file=sys.stderr)
        return 1
