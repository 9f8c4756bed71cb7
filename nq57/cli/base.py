"""What every command shares: opening the database (or saying why not), the account acting, a password."""

import getpass
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb

from nq57 import access, fmt, paths, store, workbook_format
from nq57.archive import check_archive


class Unavailable(Exception):
    """The database cannot be opened for this command; the message says why, in Vietnamese."""


def open_database(args, must_exist: bool = True):
    db = Path(args.db) if getattr(args, "db", None) else paths.db_path()
    if must_exist and not db.exists():
        raise Unavailable(f"Chưa có cơ sở dữ liệu {db}; hãy chạy: python -m nq57 init")
    try:
        con = store.connect(db)
    except duckdb.IOException as exc:
        raise Unavailable(
            f"Cơ sở dữ liệu {db} đang được ứng dụng mở; hãy làm việc này trên trang “Nộp báo cáo” hoặc dừng ứng dụng."
        ) from exc
    check_archive(con)  # differences between uploads and the archive are logged (stderr)
    return con


def with_database(
    args,
    failed: str | None,
    work: Callable[[duckdb.DuckDBPyConnection], str],
    refusals: tuple[type[Exception], ...] = (access.AccessDenied, ValueError),
) -> int:
    """Open the database, do work(con), close it; then print what work returns and exit 0. A refusal (one of
    `refusals`: rights, a bad value) is printed on stderr as “failed: reason” (the reason alone when failed is None)
    and exits 1, having written nothing more than work did before it was refused."""
    con = open_database(args)
    try:
        done = work(con)
    except refusals as refused:
        print(f"{failed}: {refused}" if failed else str(refused), file=sys.stderr)
        return 1
    finally:
        con.close()
    print(done)
    return 0


def acting(con, args) -> access.User:
    """The account named by --as; every command that writes acts as one and is held to its rights."""
    cur = con.cursor()
    try:
        user = access.get_user(cur, args.as_user)
    finally:
        cur.close()
    if user is None:
        raise Unavailable(
            f"Không có tài khoản “{args.as_user}” (hoặc tài khoản đã ngừng). Hãy dùng --as với một tài khoản có quyền; "
            "tài khoản quản trị đầu tiên tạo bằng: python -m nq57 create-admin"
        )
    return user


def read_password(args, prompt: str = "Mật khẩu: ") -> str:
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\n")
    return getpass.getpass(prompt)


def row_counts(counts: dict[str, int]) -> str:
    titles = {s.key: s.title for s in workbook_format.SHEETS}
    return "; ".join(f"{titles.get(k, k)}: {fmt.number(v)} dòng" for k, v in counts.items())


def os_user() -> str | None:
    """The operating-system user running the command; None when there is no login name and no passwd entry."""
    try:
        return getpass.getuser() or None
    except (KeyError, OSError):  # KeyError on Python 3.11, OSError from 3.13
        return None
