"""Sign-in in the app: the session's account, inactivity timeout, optional single sign-on, the public board mode, and
the account page (changing one's own password, signing out).

The rights themselves are decided in nq57.access and passwords checked in nq57.signin; this module only knows who is
signed in. A session ends after access.SESSION_MINUTES without activity, or at its next rerun once its account was
stopped or its password changed or reset. Under single sign-on an ended session also drops the identity cookie
(st.logout), and the identity is not taken again in that browser session until the user presses the SSO button:
otherwise st.user, still signed in, would sign the same person straight back in.
"""

import os
import time

import streamlit as st

from components import db
from components.text import md
from nq57 import access, signin

USER_KEY = "nq57-user"
SEEN_KEY = "nq57-last-seen"
ENDED_KEY = "nq57-ended"  # why the last session ended, shown on the sign-in page
SSO_ENDED_KEY = "nq57-sso-ended"  # the SSO identity is not taken again until the SSO button is pressed
VIA_SSO_KEY = "nq57-via-sso"
IDLE = f"Phiên làm việc đã kết thúc sau {access.SESSION_MINUTES} phút không thao tác; hãy đăng nhập lại."
ACCOUNT_CHANGED = "Phiên làm việc đã kết thúc vì tài khoản đã bị ngừng hoặc mật khẩu đã thay đổi; hãy đăng nhập lại."


# Without a secrets.toml Streamlit looks for the files again on every read (and raises), which was a few per cent of
# every view (issue 17); so after a miss the answer "none" stands for this long. A file written later is read within
# it; once found, Streamlit keeps the parsed file and watches it.
_NO_SECRETS_FOR = 10.0
_no_secrets_until = 0.0


def _secrets_section(name: str) -> dict:
    global _no_secrets_until
    if time.monotonic() < _no_secrets_until:
        return {}
    try:
        return dict(st.secrets.get(name, {}))
    except Exception:  # no secrets.toml at all: Streamlit raises rather than returning nothing
        _no_secrets_until = time.monotonic() + _NO_SECRETS_FOR
        return {}


def public_board() -> bool:
    """Read-only pages open to anyone without signing in: NQ57_PUBLIC_BOARD=1, or [nq57] public_board in secrets."""
    env = os.environ.get("NQ57_PUBLIC_BOARD")
    if env is not None:
        return env.strip().lower() in ("1", "true", "yes", "on")
    return bool(_secrets_section("nq57").get("public_board", False))


def sso_configured() -> bool:
    """Single sign-on through st.login when secrets.toml has an [auth] section (OIDC)."""
    return bool(_secrets_section("auth"))


def _sso_signed_in() -> bool:
    return sso_configured() and bool(getattr(st.user, "is_logged_in", False))


def current_user() -> access.User | None:
    """The signed-in account as it is now, or None; ends the session when it is idle or its account changed."""
    user = st.session_state.get(USER_KEY)
    now = time.monotonic()
    if user is not None and now - st.session_state.get(SEEN_KEY, now) > access.SESSION_MINUTES * 60:
        sign_out(IDLE)
        return None
    from_sso = user is None and not st.session_state.get(SSO_ENDED_KEY) and _sso_signed_in()
    if user is None and not from_sso:
        return None
    cur = db.connection(db.db_file()).cursor()
    try:
        if from_sso:
            user = access.get_user(cur, st.user.get("email", ""))
            st.session_state[VIA_SSO_KEY] = user is not None
        else:
            user = access.session_user(cur, user)
            if user is None:
                sign_out(ACCOUNT_CHANGED)
    finally:
        cur.close()
    if user is not None:
        st.session_state[USER_KEY] = user  # as the account is now (its name and role)
        st.session_state[SEEN_KEY] = now
    return user


def sign_in(username: str, password: str) -> access.User:
    user = signin.authenticate(db.connection(db.db_file()), username, password)
    st.session_state[USER_KEY] = user
    st.session_state[SEEN_KEY] = time.monotonic()
    st.session_state.pop(ENDED_KEY, None)
    st.session_state.pop(VIA_SSO_KEY, None)
    return user


def sign_out(reason: str | None = None) -> None:
    """End the session (reason: why, for the sign-in page); under single sign-on drop the identity cookie too."""
    for key in (USER_KEY, SEEN_KEY, VIA_SSO_KEY):
        st.session_state.pop(key, None)
    if reason:
        st.session_state[ENDED_KEY] = reason
    if _sso_signed_in():
        st.session_state[SSO_ENDED_KEY] = True
        st.logout()  # deletes the identity cookie and ends the provider's session; the browser starts a new session


def _sso_sign_in() -> None:
    st.session_state.pop(SSO_ENDED_KEY, None)
    st.session_state.pop(ENDED_KEY, None)
    st.login()


def sign_in_page() -> None:
    """The sign-in form (and the single sign-on button when configured)."""
    st.title("Đăng nhập")
    if ended := st.session_state.get(ENDED_KEY):
        st.info(ended)
    with st.form("sign-in", border=True, width=480):
        username = st.text_input("Tên đăng nhập", max_chars=access.USERNAME_LENGTH[1], key="sign-in-username")
        password = st.text_input("Mật khẩu", type="password", key="sign-in-password")
        submitted = st.form_submit_button("Đăng nhập", type="primary")
    if submitted:
        try:
            sign_in(username, password)
        except signin.SignInRefused as refused:
            st.error(str(refused), icon=":material/lock:")  # our own wording, no data in it
        else:
            st.rerun()
    if sso_configured():
        st.button("Đăng nhập bằng tài khoản một lần (SSO)", on_click=_sso_sign_in, key="sign-in-sso")
    st.caption(
        "Tài khoản do quản trị viên cấp. Quản trị viên đầu tiên được tạo trên máy chủ bằng lệnh "
        "`python -m nq57 create-admin`."
    )


def _change_password_form(user: access.User) -> None:
    with st.form("account-password", clear_on_submit=True, border=True, width=480):
        st.markdown("**Đổi mật khẩu**")
        current = st.text_input("Mật khẩu hiện tại", type="password", key="account-password-current")
        new = st.text_input(
            f"Mật khẩu mới (ít nhất {access.MIN_PASSWORD} ký tự)", type="password", key="account-password-new"
        )
        again = st.text_input("Nhập lại mật khẩu mới", type="password", key="account-password-again")
        submitted = st.form_submit_button("Đổi mật khẩu", type="primary")
    if not submitted:
        return
    if new != again:
        st.error("Hai lần nhập mật khẩu mới không giống nhau.")
        return
    try:
        changed = signin.change_password(db.connection(db.db_file()), user, current, new)
    except signin.SignInRefused as refused:
        st.error(str(refused), icon=":material/lock:")  # our own wording, no data in it
    except ValueError as refused:
        st.error(f"Không đổi được mật khẩu: {md(refused)}")
    else:
        if changed is None:  # the account was stopped meanwhile
            sign_out(ACCOUNT_CHANGED)
            st.rerun()
        st.session_state[USER_KEY] = changed  # this session goes on; the account's other sessions have ended
        st.success("Đã đổi mật khẩu. Các phiên đăng nhập khác của tài khoản này đã kết thúc.")


def account_page() -> None:
    """Tài khoản: who is signed in, changing one's own password, signing out."""
    user = current_user()
    st.title("Tài khoản")
    if user is None:
        st.info("Chưa đăng nhập.")
        return
    st.markdown(f"Đang đăng nhập: **{md(user.full_name)}** ({md(user.username)}) — {user.role_label}.")
    if st.session_state.get(VIA_SSO_KEY):
        st.caption("Bạn đăng nhập một lần (SSO): mật khẩu do nơi cấp tài khoản SSO quản lý.")
    else:
        _change_password_form(user)
    if st.button("Đăng xuất", type="primary", key="sign-out"):
        sign_out()
        st.rerun()
