"""Accounts and locks: the first administrator, accounts an administrator creates, resets, stops or opens again,
and the monthly locks."""

from nq57 import access
from nq57.cli import base


def _cmd_create_admin(args) -> int:
    def work(con) -> str:
        user = access.create_first_admin(con, args.username, args.name, base.read_password(args))
        return f"Đã tạo quản trị viên “{user.username}” ({user.full_name})."

    return base.with_database(args, "Không tạo được tài khoản", work)


def _cmd_create_user(args) -> int:
    def work(con) -> str:
        password = None if args.sso_only else base.read_password(args)
        user = access.create_user(con, base.acting(con, args), args.username, args.name, args.role, password, args.unit)
        return (
            f"Đã tạo tài khoản “{user.username}”: {user.role_label}"
            + (f", đơn vị {user.unit_code}" if user.unit_code else "")
            + "."
        )

    return base.with_database(args, "Không tạo được tài khoản", work)


_ACCOUNT_COMMANDS = {  # command: (help, what was done, what could not be done)
    "reset-password": ("đặt lại mật khẩu", "Đã đặt lại mật khẩu của tài khoản", "Không đặt lại được mật khẩu"),
    "deactivate-user": ("ngừng một tài khoản", "Đã ngừng tài khoản", "Không ngừng được tài khoản"),
    "reactivate-user": ("mở lại một tài khoản đã ngừng", "Đã mở lại tài khoản", "Không mở lại được tài khoản"),
}


def _cmd_account(args) -> int:
    """An administrator resets another account's password, stops an account or opens it again."""
    _, done, failed = _ACCOUNT_COMMANDS[args.command]

    def work(con) -> str:
        actor = base.acting(con, args)
        access.require(actor, access.ADMIN)  # before asking for a password
        if args.command == "reset-password":
            access.reset_password(con, actor, args.username, base.read_password(args, "Mật khẩu mới: "))
        else:
            access.set_active(con, actor, args.username, args.command == "reactivate-user")
        ended = "" if args.command == "reactivate-user" else "; các phiên đang mở của tài khoản này kết thúc"
        return f"{done} “{args.username}”{ended}."

    return base.with_database(args, failed, work)


def _cmd_lock(args) -> int:
    locking = args.command == "lock"

    def work(con) -> str:
        user = base.acting(con, args)
        if locking:
            access.lock_period(con, user, args.period, args.reason)
        else:
            access.unlock_period(con, user, args.period, args.reason or "")
        return f"Đã {'khóa sổ' if locking else 'mở khóa sổ'} kỳ {args.period}."

    return base.with_database(args, f"Không {'khóa' if locking else 'mở khóa'} được", work)
