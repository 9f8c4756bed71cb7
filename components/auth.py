"""Sign-in in the app: the session's account, inactivity timeout, optional single sign-on, the public board mode.

The rights themselves are decided in nq57.access; this module only knows who is signed in.
"""

import datetime as dt
import os
import time

import streamlit as st

from components import db
from nq57 import access, signin

USER_KEY = "nq57-user"
SEEN_KEY = "nq57-last-seen"


def _secrets_section(name: str) -> dict:
    try:
        return dict(st.secrets.get(name, {}))
    except Exception:  # no secrets.toml at all: Streamlit raises rather than returning nothing
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


def current_user() -> access.User | None:
    """The signed-in account, or None; a session idle for longer than access.SESSION_MINUTES is ended."""
    user = st.session_state.get(USER_KEY)
    now = time.monotonic()
    if user is not None and now - st.session_state.get(SEEN_KEY, now) > access.SESSION_MINUTES * 60:
        sign_out(expired=True)
        return None
    if user is None and sso_configured() and getattr(st.user, "is_logged_in", False):
        cur = db.connection(db.db_file()).cursor()
        try:
            user = access.get_user(cur, st.user.get("email", ""))
        finally:
            cur.close()
        if user is not None:
            st.session_state[USER_KEY] = user
    if user is not None:
        st.session_state[SEEN_KEY] = now
    return user


def sign_in(username: str, password: str) -> access.User:
    user = signin.authenticate(db.connection(db.db_file()), username, password)
    st.session_state[USER_KEY] = user
    st.session_state[SEEN_KEY] = time.monotonic()
    st.session_state.pop("nq57-expired", None)
    return user


def sign_out(expired: bool = False) -> None:
    st.session_state.pop(USER_KEY, None)
    st.session_state.pop(SEEN_KEY, None)
    if expired:
        st.session_state["nq57-expired"] = dt.datetime.now()


def sign_in_page() -> None:
    """The sign-in form (and the single sign-on button when configured)."""
    st.title("Đăng nhập")
    if st.session_state.get("nq57-expired"):
        st.info(f"Phiên làm việc đã kết thúc sau {access.SESSION_MINUTES} phút không thao tác; hãy đăng nhập lại.")
    with st.form("sign-in", border=True, width=480):
        username = st.text_input("Tên đăng nhập", max_chars=access.USERNAME_LENGTH[1], key="sign-in-username")
        password = st.text_input("Mật khẩu", type="password", key="sign-in-password")
        submitted = st.form_submit_button("Đăng nhập", type="primary")
    if submitted:
        try:
            sign_in(username, password)
        except signin.SignInRefused as refused:
            st.error(str(refused), icon=":material/lock:")
        else:
            st.rerun()
    if sso_configured():
        st.button("Đăng nhập bằng tài khoản một lần (SSO)", on_click=st.login, key="sign-in-sso")
    st.caption(
        "Tài khoản do quản trị viên cấp. Quản trị viên đầu tiên được tạo trên máy chủ bằng lệnh "
        "`python -m nq57 create-admin`."
    )


def sign_out_page() -> None:
    user = current_user()
    st.title("Đăng xuất")
    if user is not None:
        st.markdown(f"Đang đăng nhập: **{user.full_name}** ({user.username}) — {user.role_label}.")
    if st.button("Đăng xuất", type="primary", key="sign-out"):
        sign_out()
        if sso_configured() and getattr(st.user, "is_logged_in", False):
            st.logout()
        st.rerun()
