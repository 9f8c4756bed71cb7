"""Accounts and locks: the first administrator, accounts an administrator creates, resets, stops or opens again,
and the monthly locks."""

import sys

from nq57 import access
from nq57.cli import base


def _cmd_create_admin(args) -> int:
    con = base.open_database(args)
    try:
        password = base.read_password(args)
        user = access.create_first_admin(con, args.username, args.name, password)
    except (access.AccessDenied, ValueError) as refused:
        print(f"Không tạo được tài khoản: {refused}", file=sys.stderr)
        return 1
    finally:
        con.close()
    print(f"Đã tạo quản trị viên “{user.username}” ({user.full_name}).")
    return 0


def _cmd_create_user(args) -> int:
    con = base.open_database(args)
    try:
        password = None if args.sso_only else base.read_password(args)
        user = access.create_user(con, base.acting(con, args), args.username, args.name, args.role, password, args.unit)
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
    con = base.open_database(args)
    try:
        actor = base.acting(con, args)
        access.require(actor, access.ADMIN)  # before asking for a password
        if args.command == "reset-password":
            access.reset_password(con, actor, args.username, base.read_password(args, "Mật khẩu mới: "))
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
    con = base.open_database(args)
    try:
        user = base.acting(con, args)
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
