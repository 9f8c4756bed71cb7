"""Sessions on the pages: a stopped account or a reset password ends them, the idle timeout ends them under single
sign-on too, a user changes their password on the account page, an administrator resets and stops accounts."""

import time

import duckdb
import pytest
import streamlit
from streamlit.testing.v1 import AppTest

from components import auth
from nq57 import access, paths, signin
from tests.accounts import ADMIN, CLERK, COMMUNE_CLERK, LEADER, PASSWORD

APP = str(paths.ROOT / "app.py")


@pytest.fixture
def accounts_db(accounts_db, monkeypatch):
    """The shared accounts database on a closed server: nothing shown before signing in."""
    monkeypatch.delenv("NQ57_PUBLIC_BOARD")
    return accounts_db


def signed_in(user, seen: float | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[auth.USER_KEY] = user
    if seen is not None:
        at.session_state[auth.SEEN_KEY] = seen
    return at


def in_the_database(db, change) -> None:
    """A change made by an administrator in another session, through the same process's database."""
    con = duckdb.connect(str(db))
    try:
        change(con)
    finally:
        con.close()


def no_exception(at) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(
    "change",
    [
        lambda con: access.set_active(con, ADMIN, LEADER.username, False),
        lambda con: access.reset_password(con, ADMIN, LEADER.username, "mat-khau-moi-dai"),
    ],
    ids=["stopped", "password-reset"],
)
def test_an_open_session_ends_at_its_next_rerun_once_its_account_is_stopped_or_its_password_reset(accounts_db, change):
    at = no_exception(signed_in(LEADER).run())
    assert at.title[0].value == "Tổng quan"
    in_the_database(accounts_db, change)
    no_exception(at.run())
    assert at.title[0].value == "Đăng nhập"
    assert auth.USER_KEY not in at.session_state
    assert at.info[0].value == (
        "Phiên làm việc đã kết thúc vì tài khoản đã bị ngừng hoặc mật khẩu đã thay đổi; hãy đăng nhập lại."
    )


class SignedInThroughSSO:
    """st.user as Streamlit gives it while the identity cookie is there."""

    is_logged_in = True

    def get(self, key, default=None):
        return {"email": LEADER.username}.get(key, default)


@pytest.fixture
def sso(monkeypatch):
    calls = []
    monkeypatch.setattr(auth, "sso_configured", lambda: True)
    monkeypatch.setattr(streamlit, "user", SignedInThroughSSO())
    monkeypatch.setattr(streamlit, "logout", lambda: calls.append("logout"))
    monkeypatch.setattr(streamlit, "login", lambda provider=None: calls.append("login"))
    return calls


def test_under_single_sign_on_the_idle_timeout_ends_the_session_until_the_user_signs_in_again(accounts_db, sso):
    at = no_exception(AppTest.from_file(APP, default_timeout=60).run())
    assert at.session_state[auth.USER_KEY] == LEADER  # signed in from the SSO identity
    at.session_state[auth.SEEN_KEY] = time.monotonic() - access.SESSION_MINUTES * 60 - 1
    no_exception(at.run())
    assert at.title[0].value == "Đăng nhập"
    assert at.info[0].value == "Phiên làm việc đã kết thúc sau 30 phút không thao tác; hãy đăng nhập lại."
    assert sso == ["logout"]  # the identity cookie is dropped
    # Even while st.user still says signed in, the identity is not taken again by itself.
    no_exception(at.run())
    assert at.title[0].value == "Đăng nhập" and auth.USER_KEY not in at.session_state
    at.button(key="sign-in-sso").click().run()
    assert sso == ["logout", "login"]
    no_exception(at.run())
    assert at.session_state[auth.USER_KEY] == LEADER


def account_page():
    from components import auth

    auth.account_page()


def test_a_user_changes_their_password_on_the_account_page(accounts_db):
    at = AppTest.from_function(account_page, default_timeout=60)
    at.session_state[auth.USER_KEY] = CLERK
    no_exception(at.run())
    assert at.title[0].value == "Tài khoản"

    def submit(current, new, again):
        at.text_input(key="account-password-current").input(current)
        at.text_input(key="account-password-new").input(new)
        at.text_input(key="account-password-again").input(again)
        return no_exception(at.button(key="FormSubmitter:account-password-Đổi mật khẩu").click().run())

    assert submit(PASSWORD, "mat-khau-moi-dai", "mat-khau-moi-khac").error[0].value == (
        "Hai lần nhập mật khẩu mới không giống nhau."
    )
    assert submit("khong-dung-dau", "mat-khau-moi-dai", "mat-khau-moi-dai").error[0].value == (
        "Mật khẩu hiện tại không đúng."
    )
    assert submit(PASSWORD, "mat-khau-moi-dai", "mat-khau-moi-dai").success[0].value == (
        "Đã đổi mật khẩu. Các phiên đăng nhập khác của tài khoản này đã kết thúc."
    )
    assert at.session_state[auth.USER_KEY] == CLERK
    no_exception(at.run())  # this session goes on after the change
    assert at.title[0].value == "Tài khoản" and at.session_state[auth.USER_KEY] == CLERK
    con = duckdb.connect(str(accounts_db))
    try:
        assert signin.authenticate(con, CLERK.username, "mat-khau-moi-dai") == CLERK
    finally:
        con.close()


def test_an_administrator_resets_a_password_and_stops_and_reopens_an_account_on_the_page(accounts_db):
    at = no_exception(signed_in(ADMIN).run())
    at.switch_page("app_pages/admin.py")
    no_exception(at.run())
    # One's own account is not offered: its password is changed on the account page, and it is never stopped.
    assert at.selectbox(key="admin-reset-username").options == [CLERK.username, COMMUNE_CLERK.username, LEADER.username]
    at.selectbox(key="admin-reset-username").set_value(LEADER.username)
    at.text_input(key="admin-reset-password").input("mat-khau-moi-dai")
    no_exception(at.button(key="FormSubmitter:admin-reset-password-Đặt lại mật khẩu").click().run())
    assert at.success[0].value.startswith("Đã đặt lại mật khẩu của “lanhdao”")
    at.selectbox(key="admin-active-username").set_value(CLERK.username)
    no_exception(at.button(key="FormSubmitter:admin-active-Ngừng tài khoản").click().run())
    assert at.success[0].value == "Đã ngừng tài khoản “canbo\\.skhcn”."  # a user name is data: escaped
    no_exception(at.run())
    users = at.dataframe[0].value.set_index("Tên đăng nhập")
    assert users.loc[CLERK.username, "Trạng thái"] == "Đã ngừng"
    at.selectbox(key="admin-active-username").set_value(CLERK.username)
    no_exception(at.button(key="FormSubmitter:admin-active-Mở lại tài khoản").click().run())
    no_exception(at.run())
    log = next(d.value for d in at.dataframe if "Việc" in d.value.columns)
    assert list(log["Việc"][:3]) == ["Mở lại tài khoản", "Ngừng tài khoản", "Đặt lại mật khẩu"]
    assert list(log["Đối tượng"][:3]) == [CLERK.username, CLERK.username, LEADER.username]
    assert set(log["Người dùng máy chủ (dòng lệnh)"][:3]) == {""}  # the app's writes leave it empty
