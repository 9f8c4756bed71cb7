"""Who may do what: accounts, roles, period locks and the audit log. Every write is checked here.

Roles: a leader reads everything; a clerk of a unit (a department or a commune) uploads and rolls back only that
unit's returns; an administrator manages accounts, targets and period locks and may roll back any upload. The pages
hide what a role may not use, and these functions refuse it anyway, so the page, the command line and any later
caller are held to the same rules.

Passwords are hashed with scrypt (nq57.passwords) and never stored or logged in clear; signing in and changing one's
own password are in nq57.signin. An account's session epoch goes up when its password is changed or reset or the
account is stopped, and a session signed in before that ends at its next rerun (session_user).
"""

import contextlib
import contextvars
import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import duckdb
import pandas as pd

import queries
from nq57 import codes, fmt
from nq57.passwords import hash_password
from nq57.periods import months_back, parse_period
from nq57.store import transaction

LEADER, CLERK, ADMIN = "leader", "clerk", "admin"
ROLES = {LEADER: "Lãnh đạo (xem)", CLERK: "Cán bộ báo cáo của đơn vị", ADMIN: "Quản trị viên"}
SESSION_MINUTES = 30  # a session ends after this long without activity
MIN_PASSWORD = 10
USERNAME_LENGTH = (3, 64)
_USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]*")
USERNAME_RULE = (
    "Tên đăng nhập dài 3–64 ký tự, gồm chữ cái không dấu, chữ số và các dấu . _ - @ +, bắt đầu bằng chữ hoặc số."
)
SYSTEM = "he-thong"  # the actor of writes made by set-up (init), not by a person
AUDIT_ACTIONS = {
    "sign_in": "Đăng nhập",
    "sign_in_failed": "Đăng nhập sai",
    "upload": "Nhập tệp",
    "rollback": "Hoàn tác",
    "lock": "Khóa sổ",
    "unlock": "Mở khóa sổ",
    "user": "Tạo tài khoản",
    "password_changed": "Đổi mật khẩu",
    "password_change_failed": "Đổi mật khẩu không thành công",
    "password_reset": "Đặt lại mật khẩu",
    "user_deactivated": "Ngừng tài khoản",
    "user_reactivated": "Mở lại tài khoản",
    "backup": "Sao lưu",
    "restore": "Khôi phục",
}

# The operating-system user behind the command line's writes, recorded beside the account (--as); the app's writes
# leave it empty. Context-local, so a command sets it once for every write it makes, down to the importer.
_OS_USER: contextvars.ContextVar[str | None] = contextvars.ContextVar("nq57_os_user", default=None)


class AccessDenied(PermissionError):
    """The acting user may not do this; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class User:
    username: str
    full_name: str
    role: str
    unit_code: str | None = None
    # The account's session epoch when it was read. A password change or reset, or stopping the account, raises it in
    # the database, and a session holding an older one has ended (session_user).
    epoch: int = field(default=0, compare=False)

    @property
    def role_label(self) -> str:
        return ROLES[self.role]


SYSTEM_USER = User(SYSTEM, "Hệ thống", ADMIN)


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


@contextlib.contextmanager
def command_line(os_user: str | None) -> Iterator[None]:
    """Every audit entry written inside the block records os_user, the operating-system user running the command."""
    token = _OS_USER.set(os_user)
    try:
        yield
    finally:
        _OS_USER.reset(token)


def audit(cur, actor: str, action: str, target: str | None = None, detail=None, file_name=None, sha256=None) -> None:
    """Append one entry to the audit log (the caller's transaction, if any, covers it)."""
    if detail is not None and not isinstance(detail, str):
        detail = json.dumps(detail, ensure_ascii=False, default=str)
    queries.execute(
        cur,
        "access/insert_audit",
        at=_now(),
        actor=actor,
        action=action,
        target=target,
        detail=detail,
        file_name=file_name,
        sha256=sha256,
        os_user=_OS_USER.get(),
    )


def check_username(username: str) -> str:
    """The user name without surrounding spaces if it keeps USERNAME_RULE, else ValueError with the rule. Nothing else
    is done with a name that breaks it: a megabyte of name costs one length check."""
    name = username.strip() if isinstance(username, str) else ""
    low, high = USERNAME_LENGTH
    if not low <= len(name) <= high or not _USERNAME.fullmatch(name):
        raise ValueError(USERNAME_RULE)
    return name


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"mật khẩu cần ít nhất {MIN_PASSWORD} ký tự")


def account_row(cur, username: str) -> dict | None:
    """The account's row by its exact user name (active or not, with its hash), or None."""
    result = queries.execute(cur, "access/get_user", username=username)
    rows = result.fetchall()
    return dict(zip([c[0] for c in result.description], rows[0], strict=True)) if rows else None


def user_of(account: dict) -> User:
    return User(
        account["username"], account["full_name"], account["role"], account["unit_code"], account["session_epoch"]
    )


def get_user(cur, username: str) -> User | None:
    """The active account of that user name, or None."""
    account = account_row(cur, username)
    return user_of(account) if account is not None and account["active"] else None


def session_user(cur, user: User) -> User | None:
    """The account of a signed-in session as it is now, or None once the account was stopped or its password changed
    or reset since the session signed in. One lookup by primary key: cheap enough for every rerun."""
    account = get_user(cur, user.username)
    return account if account is not None and account.epoch == user.epoch else None


def create_user(
    con: duckdb.DuckDBPyConnection,
    actor: User,
    username: str,
    full_name: str,
    role: str,
    password: str | None,
    unit_code: str | None = None,
) -> User:
    """A new account; only an administrator may make one (the first administrator: see create_first_admin)."""
    require(actor, ADMIN)
    return _insert_user(con, actor.username, username, full_name, role, password, unit_code)


def create_first_admin(con: duckdb.DuckDBPyConnection, username: str, full_name: str, password: str) -> User:
    """The first administrator, made from the command line; refused once an administrator exists."""
    cur = con.cursor()
    try:
        if queries.frame(cur, "access/count_admins")["n"].iloc[0]:
            raise AccessDenied("Đã có quản trị viên; tài khoản mới do quản trị viên tạo trên trang Quản trị.")
    finally:
        cur.close()
    return _insert_user(con, SYSTEM, username, full_name, ADMIN, password, None)


def _insert_user(con, by: str, username: str, full_name: str, role: str, password, unit_code) -> User:
    username = check_username(username)
    if role not in ROLES:
        raise ValueError(f"vai trò không hợp lệ: {role!r}")
    if role == CLERK and not unit_code:
        raise ValueError("cán bộ báo cáo phải thuộc một đơn vị")
    if password is not None:
        check_new_password(password)
    cur = con.cursor()
    try:
        taken = f"đã có tài khoản “{username}” (chữ hoa hay thường không phân biệt tài khoản)"
        if queries.frame(cur, "access/username_taken", username=username)["n"].iloc[0]:
            raise ValueError(taken)
        password_hash = hash_password(password) if password else None  # before the write lock: a hash takes ~0,4 s
        with transaction(cur):
            if queries.frame(cur, "access/username_taken", username=username)["n"].iloc[0]:
                raise ValueError(taken)  # made meanwhile by another administrator
            queries.execute(
                cur,
                "access/insert_user",
                username=username,
                full_name=full_name,
                role=role,
                unit_code=unit_code if role == CLERK else None,
                password_hash=password_hash,
                at=_now(),
                by=by,
            )
            audit(cur, by, "user", username, {"role": role, "unit_code": unit_code, "full_name": full_name})
    finally:
        cur.close()
    return User(username, full_name, role, unit_code if role == CLERK else None)


def reset_password(con: duckdb.DuckDBPyConnection, actor: User, username: str, new: str) -> None:
    """An administrator sets another account's password: its open sessions end and its wait is cleared. Their own is
    changed with the current one (change_password), so a session left open cannot take the account."""
    require(actor, ADMIN)
    if username == actor.username:
        raise ValueError("mật khẩu của chính mình đổi ở trang Tài khoản, với mật khẩu hiện tại")
    check_new_password(new)
    cur = con.cursor()
    try:
        if account_row(cur, username) is None:
            raise ValueError(f"không có tài khoản “{username}”")
        new_hash = hash_password(new)
        with transaction(cur):
            queries.execute(cur, "access/set_password", username=username, password_hash=new_hash)
            queries.execute(cur, "access/clear_sign_in_attempts", username_key=username.lower())
            audit(cur, actor.username, "password_reset", username)
    finally:
        cur.close()


def set_active(con: duckdb.DuckDBPyConnection, actor: User, username: str, active: bool) -> None:
    """An administrator stops an account (its open sessions end at their next rerun) or opens it again. Nobody stops
    their own account, nor the last active administrator."""
    require(actor, ADMIN)
    if not active and username == actor.username:
        raise ValueError("không thể tự ngừng tài khoản của chính mình")
    cur = con.cursor()
    try:
        with transaction(cur):  # checked and written under one hold: two administrators cannot stop each other
            account = account_row(cur, username)
            if account is None:
                raise ValueError(f"không có tài khoản “{username}”")
            if bool(account["active"]) == active:
                raise ValueError(f"tài khoản “{username}” {'đang dùng' if active else 'đã ngừng'} rồi")
            if not active and account["role"] == ADMIN and queries.frame(cur, "access/count_admins")["n"].iloc[0] < 2:
                raise ValueError("không thể ngừng quản trị viên cuối cùng còn hoạt động")
            queries.execute(cur, "access/set_active", username=username, active=active)
            audit(cur, actor.username, "user_reactivated" if active else "user_deactivated", username)
    finally:
        cur.close()


def can_upload(user: User | None, unit_code: str | None, kind: str = codes.RETURN) -> bool:
    """A clerk sends returns of their own unit; an administrator any file; a leader none."""
    if user is None:
        return False
    if user.role == ADMIN:
        return True
    return user.role == CLERK and kind == codes.RETURN and unit_code is not None and unit_code == user.unit_code


def can_rollback(user: User | None, upload_unit: str | None, kind: str) -> bool:
    return can_upload(user, upload_unit, kind)


def can_draft_report(user: User | None) -> bool:
    """The quarterly report draft is for leaders and administrators (it names units that did not report)."""
    return user is not None and user.role in (LEADER, ADMIN)


def require(user: User | None, role: str) -> None:
    if user is None or user.role != role:
        raise AccessDenied("Chỉ quản trị viên được làm việc này." if role == ADMIN else "Không có quyền làm việc này.")


def require_upload(user: User | None, unit_code: str | None, kind: str) -> None:
    if can_upload(user, unit_code, kind):
        return
    if user is None:
        raise AccessDenied("Hãy đăng nhập để gửi báo cáo.")
    if user.role == LEADER:
        raise AccessDenied("Tài khoản lãnh đạo chỉ xem, không gửi hay hoàn tác báo cáo.")
    if kind != codes.RETURN:
        raise AccessDenied("Chỉ quản trị viên được nhập dữ liệu gốc, dữ liệu hàng loạt hay dữ liệu mẫu.")
    raise AccessDenied(f"Tài khoản “{user.username}” chỉ được gửi và hoàn tác báo cáo của đơn vị {user.unit_code}.")


def lock_period(con: duckdb.DuckDBPyConnection, user: User, period: str, reason: str | None = None) -> None:
    """Lock a month after its meeting: returns for it are refused from then on."""
    require(user, ADMIN)
    cur = con.cursor()
    try:
        if len(queries.frame(cur, "store/period_lock", period=period)):
            raise ValueError(f"kỳ {period} đã khóa sổ")
        with transaction(cur):
            queries.execute(cur, "access/insert_lock", period=period, at=_now(), by=user.username, reason=reason)
            audit(cur, user.username, "lock", period, {"reason": reason})
    finally:
        cur.close()


def unlock_period(con: duckdb.DuckDBPyConnection, user: User, period: str, reason: str) -> None:
    """Unlock a month; the reason is required and kept in the audit log."""
    require(user, ADMIN)
    if not reason or not reason.strip():
        raise ValueError("mở khóa sổ cần ghi lý do")
    cur = con.cursor()
    try:
        lock = queries.frame(cur, "store/period_lock", period=period)
        if not len(lock):
            raise ValueError(f"kỳ {period} chưa khóa sổ")
        with transaction(cur):
            queries.execute(cur, "access/delete_lock", period=period)
            audit(cur, user.username, "unlock", period, {"reason": reason.strip()})
    finally:
        cur.close()


def users_frame(users: pd.DataFrame, unit_names: dict[str, str]) -> pd.DataFrame:
    """The accounts (access/users) as an administrator reads them: role, unit and who made each, in Vietnamese."""
    return pd.DataFrame(
        {
            "Tên đăng nhập": users["username"],
            "Họ và tên": users["full_name"],
            "Vai trò": users["role"].map(ROLES),
            "Đơn vị": [unit_names.get(u, "") if isinstance(u, str) else "" for u in users["unit_code"]],
            "Trạng thái": ["Đang dùng" if a else "Đã ngừng" for a in users["active"]],
            "Tạo lúc": [fmt.datetime(t) for t in users["created_at"]],
            "Người tạo": users["created_by"].replace({SYSTEM: "Hệ thống (cài đặt)"}),
        }
    )


def locks_frame(locked: pd.DataFrame) -> pd.DataFrame:
    """The locked months (access/locks): when, by whom and why."""
    return pd.DataFrame(
        {
            "Kỳ": [parse_period(p).label for p in locked["period"]],
            "Khóa lúc": [fmt.datetime(t) for t in locked["locked_at"]],
            "Người khóa": locked["locked_by"],
            "Ghi chú": locked["reason"].fillna(""),
        }
    )


def lockable_months(locked: pd.DataFrame, today: dt.date) -> list[str]:
    """This month and the twelve before it that are not locked yet, newest first."""
    return [m for m in months_back(today, 13) if m not in set(locked["period"])]


def audit_actors(entries: pd.DataFrame) -> list[str]:
    """'' (anyone), then every actor of the audit log in order."""
    return ["", *sorted(entries["actor"].unique())]


def filter_audit(entries: pd.DataFrame, actions: list[str], actor: str) -> pd.DataFrame:
    """The audit entries of the chosen actions (any when none) by the chosen actor (anyone when '')."""
    if actions:
        entries = entries[entries["action"].isin(actions)]
    if actor:
        entries = entries[entries["actor"] == actor]
    return entries


def audit_frame(entries: pd.DataFrame) -> pd.DataFrame:
    """The audit entries (access/audit_log) with Vietnamese headers and actions; times left as they are, for the
    workbook (audit_shown formats them for the screen)."""
    return pd.DataFrame(
        {
            "Số": entries["id"],
            "Thời gian": entries["logged_at"],
            "Người làm": entries["actor"],
            "Người dùng máy chủ (dòng lệnh)": entries["os_user"].fillna(""),
            "Việc": entries["action"].map(AUDIT_ACTIONS).fillna(entries["action"]),
            "Đối tượng": entries["target"].fillna(""),
            "Chi tiết": entries["detail"].fillna(""),
            "Tệp": entries["file_name"].fillna(""),
            "SHA-256": entries["sha256"].fillna(""),
        }
    )


def audit_shown(table: pd.DataFrame) -> pd.DataFrame:
    """An audit_frame with its times as HH:MM d/m/yyyy."""
    return table.assign(**{"Thời gian": [fmt.datetime(t) for t in table["Thời gian"]]})
