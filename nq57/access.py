"""Who may do what: accounts, roles, sign-in, period locks and the audit log. Every write is checked here.

Roles: a leader reads everything; a clerk of a unit (a department or a commune) uploads and rolls back only that
unit's returns; an administrator manages accounts, targets and period locks and may roll back any upload. The pages
hide what a role may not use, and these functions refuse it anyway, so the page, the command line and any later
caller are held to the same rules.

Passwords are hashed with scrypt (memory-hard, in the standard library) and never stored or logged in clear.
Repeated wrong passwords make the account wait, longer each time.
"""

import base64
import datetime as dt
import hashlib
import hmac
import json
import math
import secrets
from dataclasses import dataclass

import duckdb

import queries
from nq57.store import transaction

LEADER, CLERK, ADMIN = "leader", "clerk", "admin"
ROLES = {LEADER: "Lãnh đạo (xem)", CLERK: "Cán bộ báo cáo của đơn vị", ADMIN: "Quản trị viên"}
SESSION_MINUTES = 30  # a session ends after this long without activity
FREE_ATTEMPTS = 3  # wrong passwords in a row before the account has to wait
FIRST_WAIT_SECONDS = 30  # then 30 s, 60 s, 120 s… up to MAX_WAIT_SECONDS
MAX_WAIT_SECONDS = 15 * 60
SYSTEM = "he-thong"  # the actor of writes made by set-up (init), not by a person

# scrypt parameters: 2^15 × 8 × 128 bytes = 32 MiB per hash, ~0,1 s on a server core.
_N, _R, _P = 2**15, 8, 1
_MAXMEM = 64 * 1024 * 1024


class AccessDenied(PermissionError):
    """The acting user may not do this; the message says why, in Vietnamese."""


class SignInRefused(PermissionError):
    """Wrong user name or password, an inactive account, or one that must wait; the message is for the user."""


@dataclass(frozen=True)
class User:
    username: str
    full_name: str
    role: str
    unit_code: str | None = None

    @property
    def role_label(self) -> str:
        return ROLES[self.role]


SYSTEM_USER = User(SYSTEM, "Hệ thống", ADMIN)


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, maxmem=_MAXMEM)
    b64 = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str | None) -> bool:
    if not stored or not stored.startswith("scrypt$"):
        return False
    _, n, r, p, salt, digest = stored.split("$")
    got = hashlib.scrypt(
        password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), maxmem=_MAXMEM
    )
    return hmac.compare_digest(got, base64.b64decode(digest))


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


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
    )


def get_user(cur, username: str) -> User | None:
    found = queries.frame(cur, "access/get_user", username=username)
    if not len(found) or not bool(found.iloc[0]["active"]):
        return None
    row = found.iloc[0]
    unit = row["unit_code"] if isinstance(row["unit_code"], str) else None
    return User(row["username"], row["full_name"], row["role"], unit)


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
    username = username.strip()
    if role not in ROLES:
        raise ValueError(f"vai trò không hợp lệ: {role!r}")
    if role == CLERK and not unit_code:
        raise ValueError("cán bộ báo cáo phải thuộc một đơn vị")
    if password is not None and len(password) < 10:
        raise ValueError("mật khẩu cần ít nhất 10 ký tự")
    cur = con.cursor()
    try:
        if len(queries.frame(cur, "access/get_user", username=username)):
            raise ValueError(f"đã có tài khoản “{username}”")
        with transaction(cur):
            queries.execute(
                cur,
                "access/insert_user",
                username=username,
                full_name=full_name,
                role=role,
                unit_code=unit_code if role == CLERK else None,
                password_hash=hash_password(password) if password else None,
                at=_now(),
                by=by,
            )
            audit(cur, by, "user", username, {"role": role, "unit_code": unit_code, "full_name": full_name})
    finally:
        cur.close()
    return User(username, full_name, role, unit_code if role == CLERK else None)


def _wait(failures: int) -> dt.timedelta | None:
    if failures < FREE_ATTEMPTS:
        return None
    seconds = FIRST_WAIT_SECONDS * 2 ** (failures - FREE_ATTEMPTS)
    return dt.timedelta(seconds=min(seconds, MAX_WAIT_SECONDS))


def authenticate(con: duckdb.DuckDBPyConnection, username: str, password: str, now: dt.datetime | None = None) -> User:
    """Check a user name and password; log the attempt (never the password)."""
    now = now or _now()
    username = username.strip()
    cur = con.cursor()
    try:
        found = queries.frame(cur, "access/get_user", username=username)
        row = found.iloc[0] if len(found) else None
        if row is not None and row["locked_until"] is not None and row["locked_until"] == row["locked_until"]:
            until = row["locked_until"].to_pydatetime() if hasattr(row["locked_until"], "to_pydatetime") else None
            if until is not None and until > now:
                with transaction(cur):
                    audit(cur, username, "sign_in_failed", username, {"reason": "waiting"})
                seconds = math.ceil((until - now).total_seconds())
                raise SignInRefused(f"Đăng nhập sai nhiều lần: hãy thử lại sau {seconds} giây.")
        ok = row is not None and bool(row["active"]) and verify_password(password, row["password_hash"])
        if not ok:
            with transaction(cur):
                if row is not None:
                    failures = int(row["failed_count"]) + 1
                    wait = _wait(failures)
                    queries.execute(
                        cur,
                        "access/set_sign_in_state",
                        username=username,
                        failed_count=failures,
                        locked_until=now + wait if wait else None,
                    )
                audit(cur, username or "(trống)", "sign_in_failed", username, {"reason": "wrong"})
            raise SignInRefused("Sai tên đăng nhập hoặc mật khẩu.")
        with transaction(cur):
            queries.execute(cur, "access/set_sign_in_state", username=username, failed_count=0, locked_until=None)
            audit(cur, username, "sign_in", username)
        unit = row["unit_code"] if isinstance(row["unit_code"], str) else None
        return User(row["username"], row["full_name"], row["role"], unit)
    finally:
        cur.close()


def can_upload(user: User | None, unit_code: str | None, kind: str = "return") -> bool:
    """A clerk sends returns of their own unit; an administrator any file; a leader none."""
    if user is None:
        return False
    if user.role == ADMIN:
        return True
    return user.role == CLERK and kind == "return" and unit_code is not None and unit_code == user.unit_code


def can_rollback(user: User | None, upload_unit: str | None, kind: str) -> bool:
    return can_upload(user, upload_unit, kind)


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
    if kind != "return":
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
