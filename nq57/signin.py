"""Sign-in and changing one's own password, holding under parallel attempts.

Under the process's write lock an attempt is refused while its user name must wait, or else counted as a failure,
and only then is its password hashed (outside the lock); a success clears the count. Parallel guesses therefore queue
at the lock and each sees the ones before it: after FREE_ATTEMPTS failures in a row the name waits 30 s, then 60 s…
up to 15 min, and at most FREE_ATTEMPTS hashes run however many guesses arrive at once. A name without an account,
or with a stopped or password-less one, is counted, hashed (against a dummy hash) and answered the same way, so
neither the message, the wait nor the time says whether an account exists. The counts are kept per user name,
trimmed and lower-cased, in sign_in_attempts.
"""

import datetime as dt
import math

import duckdb

import queries
from nq57 import access
from nq57.passwords import hash_password, needs_rehash, verify_password
from nq57.store import transaction

FREE_ATTEMPTS = 3  # failed attempts in a row before the user name has to wait
FIRST_WAIT_SECONDS = 30  # then 30 s, 60 s, 120 s… up to MAX_WAIT_SECONDS
MAX_WAIT_SECONDS = 15 * 60
FORGET_AFTER = dt.timedelta(days=1)  # a user name with no attempt for this long starts again from nothing
WRONG = "Sai tên đăng nhập hoặc mật khẩu."
_REFUSED = {"sign_in_failed": WRONG, "password_change_failed": "Mật khẩu hiện tại không đúng."}


class SignInRefused(PermissionError):
    """Wrong user name or password, an inactive account, or one that must wait; the message is for the user."""


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _wait(failures: int) -> dt.timedelta | None:
    if failures < FREE_ATTEMPTS:
        return None
    seconds = FIRST_WAIT_SECONDS * 2 ** (failures - FREE_ATTEMPTS)
    return dt.timedelta(seconds=min(seconds, MAX_WAIT_SECONDS))


def _check_password(cur, username: str, password: str, now: dt.datetime, failed_action: str) -> dict:
    """The active account whose password this is; otherwise SignInRefused, audited as failed_action. The throttle
    (the module's docstring) runs first, under the write lock; the hash after, outside it."""
    key = username.lower()
    with transaction(cur):  # the wait is checked and the attempt counted in one step: parallel attempts queue here
        rows = queries.execute(cur, "access/sign_in_attempt", username_key=key).fetchall()
        failures, until, last = rows[0] if rows else (0, None, now)
        waiting = until is not None and until > now
        if waiting:
            access.audit(cur, username, failed_action, username, {"reason": "waiting"})
        else:
            failures = 1 if last < now - FORGET_AFTER else failures + 1  # counted as a failure until it succeeds
            wait = _wait(failures)
            queries.execute(
                cur,
                "access/count_sign_in_attempt",
                username_key=key,
                failed_count=failures,
                locked_until=now + wait if wait else None,
                at=now,
            )
            queries.execute(cur, "access/forget_sign_in_attempts", before=now - FORGET_AFTER)
    if waiting:
        seconds = math.ceil((until - now).total_seconds())
        raise SignInRefused(f"Đăng nhập sai nhiều lần: hãy thử lại sau {seconds} giây.")
    account = access.account_row(cur, username)
    usable = account is not None and bool(account["active"])
    # Without a usable account the password is hashed all the same, against a dummy hash (nq57.passwords).
    if not (verify_password(password, account["password_hash"] if usable else None) and usable):
        with transaction(cur):
            access.audit(cur, username, failed_action, username, {"reason": "wrong"})
        raise SignInRefused(_REFUSED[failed_action])
    return account


def authenticate(
    con: duckdb.DuckDBPyConnection, username: str, password: str, now: dt.datetime | None = None
) -> access.User:
    """Check a user name and password; log the attempt (never the password). A hash made with older scrypt parameters
    is made again with the current ones."""
    try:
        username = access.check_username(username)
    except ValueError as bad:
        raise SignInRefused(str(bad)) from None
    now = now or _now()
    cur = con.cursor()
    try:
        account = _check_password(cur, username, password, now, "sign_in_failed")
        stored = account["password_hash"]
        rehashed = hash_password(password) if needs_rehash(stored) else None
        with transaction(cur):
            queries.execute(cur, "access/clear_sign_in_attempts", username_key=username.lower())
            if rehashed:  # unless an administrator reset the password meanwhile
                queries.execute(
                    cur, "access/rehash_password", username=username, old_hash=stored, password_hash=rehashed
                )
            access.audit(cur, username, "sign_in", username, {"rehashed": True} if rehashed else None)
        return access.user_of(account)
    finally:
        cur.close()


def change_password(
    con: duckdb.DuckDBPyConnection, user: access.User, current: str, new: str, now: dt.datetime | None = None
) -> access.User | None:
    """A user's own new password, the current one required (and throttled as a sign-in). The account's other
    sessions end; the User returned carries the new epoch for the session that made the change (None: stopped)."""
    access.check_new_password(new)
    if new == current:
        raise ValueError("mật khẩu mới phải khác mật khẩu hiện tại")
    cur = con.cursor()
    try:
        _check_password(cur, user.username, current, now or _now(), "password_change_failed")
        new_hash = hash_password(new)
        with transaction(cur):
            queries.execute(cur, "access/clear_sign_in_attempts", username_key=user.username.lower())
            queries.execute(cur, "access/set_password", username=user.username, password_hash=new_hash)
            access.audit(cur, user.username, "password_changed", user.username)
        return access.get_user(cur, user.username)
    finally:
        cur.close()
