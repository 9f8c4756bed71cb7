"""Sign-in under parallel attempts, unknown names, the user-name rule, scrypt's parameters, and changing, resetting and
stopping accounts (nq57.signin, nq57.access, nq57.passwords)."""

import base64
import datetime as dt
import hashlib
import threading
from collections import Counter

import pytest

from nq57 import access, passwords, signin
from tests.accounts import ADMIN, CLERK, LEADER, PASSWORD, make_accounts

NOW = dt.datetime(2026, 12, 1, 9, 0)
WAIT_30 = "Đăng nhập sai nhiều lần: hãy thử lại sau 30 giây."


@pytest.fixture
def con(mem):
    make_accounts(mem)
    return mem


@pytest.fixture
def hashes(monkeypatch):
    """Every scrypt computation in the process, counted (the real one still runs)."""
    real = hashlib.scrypt
    counted = Counter()
    lock = threading.Lock()

    def counting(*args, **kwargs):
        with lock:
            counted["scrypt"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counting)
    return counted


def refusal(con, username: str, password: str, now=NOW) -> str:
    with pytest.raises(signin.SignInRefused) as refused:
        signin.authenticate(con, username, password, now)
    return str(refused.value)


def audit(con, action: str) -> list[tuple]:
    return con.execute("select actor, target, detail from audit_log where action = ? order by id", [action]).fetchall()


@pytest.mark.parametrize("username", [LEADER.username, "khong-ai-co-ten-nay"], ids=["account", "no-account"])
def test_forty_parallel_wrong_guesses_hash_at_most_the_free_attempts_and_then_the_name_waits(con, hashes, username):
    start = threading.Barrier(40)
    messages = Counter()
    lock = threading.Lock()

    def guess(i: int) -> None:
        start.wait()
        message = refusal(con, username, f"doan-sai-lan-{i}")
        with lock:
            messages[message] += 1

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Each attempt was counted before its hash: only the free ones got as far as hashing, whatever the interleaving.
    assert hashes["scrypt"] == signin.FREE_ATTEMPTS
    assert messages == {signin.WRONG: signin.FREE_ATTEMPTS, WAIT_30: 40 - signin.FREE_ATTEMPTS}
    # The 41st, even with the right password, is refused with the wait and hashes nothing.
    assert refusal(con, username, PASSWORD) == WAIT_30
    assert hashes["scrypt"] == signin.FREE_ATTEMPTS
    assert Counter(detail for _, _, detail in audit(con, "sign_in_failed")) == {
        '{"reason": "wrong"}': signin.FREE_ATTEMPTS,
        '{"reason": "waiting"}': 41 - signin.FREE_ATTEMPTS,
    }


def test_a_name_without_a_usable_account_is_hashed_and_answered_as_a_wrong_password(con, hashes):
    con.execute("update users set active = false where username = ?", [CLERK.username])
    access.create_user(con, ADMIN, "sso.only@laichau.gov.vn", "Chỉ SSO", access.LEADER, None)
    hashes.clear()
    for username, password in (
        (LEADER.username, "mat-khau-sai-1"),  # an account, the wrong password
        ("khong.co.ai", PASSWORD),  # no such account
        (CLERK.username, PASSWORD),  # a stopped account, its right password
        ("sso.only@laichau.gov.vn", PASSWORD),  # an account without a password (single sign-on only)
    ):
        assert refusal(con, username, password) == "Sai tên đăng nhập hoặc mật khẩu."
        assert hashes["scrypt"] == 1, username  # one scrypt each, at the same parameters: the same time
        hashes.clear()


@pytest.mark.parametrize(
    "username", ["a" * 1_000_000, "a" * 65, "ab", "", "   ", "quản.trị", "lan dao", "<b>x</b>", "-quantri", "qt\n2"]
)
def test_a_user_name_outside_the_rule_is_refused_before_any_database_or_hash_work(hashes, username):
    class NoDatabase:
        def cursor(self):
            raise AssertionError("the database was reached")

    with pytest.raises(signin.SignInRefused, match="Tên đăng nhập dài 3–64 ký tự"):
        signin.authenticate(NoDatabase(), username, PASSWORD)
    assert hashes["scrypt"] == 0


def test_accounts_are_made_only_with_user_names_inside_the_rule(con):
    for bad in ("ab", "x" * 65, "Quản.Trị", "ten co dau cach", "a/b", "[x](y)"):
        with pytest.raises(ValueError, match="Tên đăng nhập dài 3–64 ký tự"):
            access.create_user(con, ADMIN, bad, "Ai đó", access.LEADER, PASSWORD)
    for good in ("abc", "a" * 64, "nguyen.van-a_2@laichau.gov.vn", "  khoang.trang  "):
        assert access.create_user(con, ADMIN, good, "Ai đó", access.LEADER, PASSWORD).username == good.strip()
    with pytest.raises(ValueError, match="đã có tài khoản “LanhDao”"):  # the same name in other letters' case
        access.create_user(con, ADMIN, "LanhDao", "Ai đó", access.LEADER, PASSWORD)


def _slow_hashes(monkeypatch):
    """hashlib.scrypt held at a gate, and the hashing semaphore watched: (state, condition, gate)."""
    state = Counter()
    changed = threading.Condition()
    gate = threading.Event()
    real = hashlib.scrypt

    def held(*args, **kwargs):
        with changed:
            state["inside"] += 1
            changed.notify_all()
        assert gate.wait(timeout=60)
        with changed:
            state["inside"] -= 1
        return real(*args, **kwargs)

    class Watched:
        def __init__(self, limit: int):
            self._semaphore = threading.BoundedSemaphore(limit)

        def __enter__(self):
            if not self._semaphore.acquire(blocking=False):
                with changed:
                    state["waiting"] += 1
                    changed.notify_all()
                self._semaphore.acquire()
                with changed:
                    state["waiting"] -= 1

        def __exit__(self, *exc):
            self._semaphore.release()

    monkeypatch.setattr(hashlib, "scrypt", held)
    monkeypatch.setattr(passwords, "_HASHING", Watched(passwords.HASHES_AT_ONCE))
    return state, changed, gate


def test_at_most_a_few_hashes_run_at_once(monkeypatch):
    state, changed, gate = _slow_hashes(monkeypatch)
    threads = [threading.Thread(target=passwords.hash_password, args=(f"mat-khau-{i}",)) for i in range(6)]
    for thread in threads:
        thread.start()
    try:
        with changed:  # every thread is either hashing or waiting its turn
            assert changed.wait_for(lambda: state["inside"] + state["waiting"] == 6, timeout=60)
            assert state["inside"] == passwords.HASHES_AT_ONCE == 2
    finally:
        gate.set()
        for thread in threads:
            thread.join()


@pytest.mark.production_scrypt
def test_passwords_are_hashed_at_owasps_minimum_and_older_hashes_are_upgraded_at_sign_in(con):
    assert passwords.SCRYPT == passwords.OWASP_MINIMUM == (2**17, 8, 1)
    made = passwords.hash_password(PASSWORD)
    assert made.startswith("scrypt$131072$8$1$")
    assert passwords.verify_password(PASSWORD, made)  # 128 MiB fits within maxmem
    # A hash made before, at N=2^15, still verifies; a successful sign-in stores the password again at 2^17.
    salt = bytes(range(16))
    digest = hashlib.scrypt(PASSWORD.encode(), salt=salt, n=2**15, r=8, p=1, maxmem=64 * 1024 * 1024)
    old = f"scrypt$32768$8$1${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"
    con.execute("update users set password_hash = ? where username = ?", [old, LEADER.username])
    stored = "select password_hash from users where username = ?"
    assert refusal(con, LEADER.username, "khong-phai-mat-khau") == signin.WRONG
    assert con.execute(stored, [LEADER.username]).fetchone()[0] == old  # a failure changes nothing
    assert signin.authenticate(con, LEADER.username, PASSWORD, NOW) == LEADER
    upgraded = con.execute(stored, [LEADER.username]).fetchone()[0]
    assert upgraded.startswith("scrypt$131072$8$1$") and passwords.verify_password(PASSWORD, upgraded)
    assert audit(con, "sign_in")[-1] == (LEADER.username, LEADER.username, '{"rehashed": true}')


def test_a_user_changes_their_own_password_with_the_current_one(con):
    session = signin.authenticate(con, CLERK.username, PASSWORD, NOW)
    other_session = signin.authenticate(con, CLERK.username, PASSWORD, NOW)
    with pytest.raises(signin.SignInRefused, match="Mật khẩu hiện tại không đúng"):
        signin.change_password(con, session, "khong-dung-mat-khau", "mat-khau-moi-dai", NOW)
    with pytest.raises(ValueError, match="ít nhất 10 ký tự"):
        signin.change_password(con, session, PASSWORD, "ngan", NOW)
    changed = signin.change_password(con, session, PASSWORD, "mat-khau-moi-dai", NOW)
    assert refusal(con, CLERK.username, PASSWORD) == signin.WRONG
    assert signin.authenticate(con, CLERK.username, "mat-khau-moi-dai", NOW) == CLERK
    # The session that changed it goes on; the account's other sessions have ended.
    cur = con.cursor()
    assert access.session_user(cur, changed) == CLERK
    assert access.session_user(cur, other_session) is None
    assert audit(con, "password_changed") == [(CLERK.username, CLERK.username, None)]
    assert audit(con, "password_change_failed") == [(CLERK.username, CLERK.username, '{"reason": "wrong"}')]


def test_guessing_the_current_password_is_throttled_as_a_sign_in(con, hashes):
    session = signin.authenticate(con, LEADER.username, PASSWORD, NOW)
    for i in range(signin.FREE_ATTEMPTS):
        with pytest.raises(signin.SignInRefused, match="Mật khẩu hiện tại không đúng"):
            signin.change_password(con, session, f"doan-{i}-mat-khau", "mat-khau-moi-dai", NOW)
    hashes.clear()
    with pytest.raises(signin.SignInRefused, match="thử lại sau 30 giây"):
        signin.change_password(con, session, PASSWORD, "mat-khau-moi-dai", NOW)
    assert hashes["scrypt"] == 0


def test_an_administrator_resets_a_password_which_ends_the_sessions_and_the_wait(con):
    session = signin.authenticate(con, LEADER.username, PASSWORD, NOW)
    for _ in range(signin.FREE_ATTEMPTS):
        refusal(con, LEADER.username, "sai-mat-khau-nua")
    with pytest.raises(access.AccessDenied):
        access.reset_password(con, CLERK, LEADER.username, "mat-khau-moi-dai")
    with pytest.raises(ValueError, match="ở trang Tài khoản"):
        access.reset_password(con, ADMIN, ADMIN.username, "mat-khau-moi-dai")
    with pytest.raises(ValueError, match="không có tài khoản “khong.co.ai”"):
        access.reset_password(con, ADMIN, "khong.co.ai", "mat-khau-moi-dai")
    access.reset_password(con, ADMIN, LEADER.username, "mat-khau-moi-dai")
    assert access.session_user(con.cursor(), session) is None
    assert signin.authenticate(con, LEADER.username, "mat-khau-moi-dai", NOW) == LEADER  # no wait left
    assert audit(con, "password_reset") == [(ADMIN.username, LEADER.username, None)]


def test_an_administrator_stops_and_reopens_accounts_but_never_their_own_or_the_last_administrator(con):
    session = signin.authenticate(con, CLERK.username, PASSWORD, NOW)
    with pytest.raises(access.AccessDenied):
        access.set_active(con, LEADER, CLERK.username, False)
    access.set_active(con, ADMIN, CLERK.username, False)
    cur = con.cursor()
    assert access.session_user(cur, session) is None
    assert access.get_user(cur, CLERK.username) is None
    assert refusal(con, CLERK.username, PASSWORD) == signin.WRONG
    access.set_active(con, ADMIN, CLERK.username, True)
    assert signin.authenticate(con, CLERK.username, PASSWORD, NOW) == CLERK
    with pytest.raises(ValueError, match="tự ngừng tài khoản của chính mình"):
        access.set_active(con, ADMIN, ADMIN.username, False)
    # Two administrators stopping each other at once: the second finds itself the last one and is refused.
    second = access.create_user(con, ADMIN, "quantri2", "Quản trị hai", access.ADMIN, PASSWORD)
    access.set_active(con, ADMIN, second.username, False)
    with pytest.raises(ValueError, match="quản trị viên cuối cùng"):
        access.set_active(con, second, ADMIN.username, False)
    assert [(a, t) for a, t, _ in audit(con, "user_deactivated")] == [
        (ADMIN.username, CLERK.username),
        (ADMIN.username, second.username),
    ]
    assert audit(con, "user_reactivated") == [(ADMIN.username, CLERK.username, None)]
