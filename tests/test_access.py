"""Who may do what: passwords, sign-in, rights in nq57 and on the pages, locks, the audit log."""

import datetime as dt
import io
import time

import duckdb
import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from components import auth
from nq57 import access, exports, passwords, paths, signin
from nq57.importer import commit, prepare, rollback
from nq57.periods import months_back
from nq57.problems import WorkbookRejected
from tests.accounts import ADMIN, CLERK, COMMUNE_CLERK, LEADER, PASSWORD, make_accounts
from tests.conftest import table_snapshot
from tests.workbooks import return_workbook

APP = str(paths.ROOT / "app.py")
SKHCN_RETURN = return_workbook(
    "SKHCN", "2026-05", observations=[{"indicator_code": "HT_5G", "unit_code": "12", "value": 44}]
)
COMMUNE_RETURN = return_workbook("03434", "2026-05", observations=[{"indicator_code": "TTHC_TRUCTUYEN", "value": 40}])


@pytest.fixture
def con(loaded):
    make_accounts(loaded)
    return loaded


def data_state(con):
    return {t: table_snapshot(con, t) for t in ("uploads", "observations", "task_updates", "village_reports")}


def log(con, action: str) -> list[tuple]:
    return con.execute(
        "select actor, target, detail, file_name, sha256 from audit_log where action = ? order by id", [action]
    ).fetchall()


def test_passwords_are_hashed_with_scrypt_and_never_stored_or_logged_in_clear(con):
    stored = con.execute("select password_hash from users where username = ?", [CLERK.username]).fetchone()[0]
    assert stored.startswith("scrypt${}${}${}$".format(*passwords.SCRYPT))  # production's: tests/test_signin.py
    assert passwords.verify_password(PASSWORD, stored)
    assert not passwords.verify_password(PASSWORD + "x", stored)
    # Two hashes of one password differ (salted).
    assert passwords.hash_password(PASSWORD) != passwords.hash_password(PASSWORD)
    with pytest.raises(signin.SignInRefused):
        signin.authenticate(con, CLERK.username, "sai-mat-khau-1")
    signin.authenticate(con, CLERK.username, PASSWORD)
    text = " ".join(
        str(v)
        for table in ("users", "audit_log")
        for row in con.execute(f"select * from {table}").fetchall()
        for v in row
    )
    assert PASSWORD not in text
    assert "sai-mat-khau-1" not in text


def test_repeated_wrong_passwords_make_the_account_wait_longer_each_time(con):
    now = dt.datetime(2026, 12, 1, 9, 0)
    for _ in range(signin.FREE_ATTEMPTS):
        with pytest.raises(signin.SignInRefused, match="Sai tên đăng nhập hoặc mật khẩu"):
            signin.authenticate(con, LEADER.username, "khong-dung-dau", now)
    # Even the right password must now wait 30 seconds.
    with pytest.raises(signin.SignInRefused, match="thử lại sau 30 giây"):
        signin.authenticate(con, LEADER.username, PASSWORD, now)
    later = now + dt.timedelta(seconds=31)
    with pytest.raises(signin.SignInRefused, match="Sai tên đăng nhập"):
        signin.authenticate(con, LEADER.username, "khong-dung-dau", later)
    with pytest.raises(signin.SignInRefused, match="thử lại sau 60 giây"):
        signin.authenticate(con, LEADER.username, PASSWORD, later)
    user = signin.authenticate(con, LEADER.username, PASSWORD, later + dt.timedelta(seconds=61))
    assert user == LEADER
    actions = [
        a
        for (a,) in con.execute(
            "select action from audit_log where actor = ? order by id", [LEADER.username]
        ).fetchall()
    ]
    assert actions.count("sign_in_failed") == 6 and actions[-1] == "sign_in"


def test_a_clerk_writes_only_their_unit_and_a_leader_nothing_and_nothing_changes(con, tmp_path):
    before = data_state(con)
    for user, data in ((CLERK, COMMUNE_RETURN), (LEADER, SKHCN_RETURN)):
        prepared = prepare(con, data, "bao_cao.xlsx")
        with pytest.raises(access.AccessDenied):
            commit(con, prepared, user.username, tmp_path, user=user)
        assert data_state(con) == before
    assert [a for a, *_ in log(con, "upload") if a in (CLERK.username, LEADER.username)] == []
    result = commit(con, prepare(con, SKHCN_RETURN, "skhcn_t5.xlsx"), "x", tmp_path, user=CLERK)
    actor, target, detail, file_name, sha = log(con, "upload")[-1]
    assert (actor, target, file_name) == (CLERK.username, f"lần nhập {result.upload_id}", "skhcn_t5.xlsx")
    assert '"unit_code": "SKHCN"' in detail and len(sha) == 64
    uploaded_by = con.execute("select uploaded_by from uploads where id = ?", [result.upload_id]).fetchone()[0]
    assert uploaded_by == CLERK.username  # the account, not a name typed in


def test_rollback_by_the_unit_or_an_administrator_only(con, tmp_path):
    result = commit(con, prepare(con, SKHCN_RETURN, "skhcn_t5.xlsx"), "x", tmp_path, user=CLERK)
    other_clerk = access.create_user(con, ADMIN, "canbo.xa", "Cán bộ xã", access.CLERK, PASSWORD, "03434")
    for user in (other_clerk, LEADER):
        with pytest.raises(access.AccessDenied):
            rollback(con, result.upload_id, user.username, user=user)
    rollback(con, result.upload_id, "x", user=CLERK)
    assert log(con, "rollback")[-1][:2] == (CLERK.username, f"lần nhập {result.upload_id}")
    # The baseline (kind "baseline") is nobody's return: not even a clerk of a unit may roll it back.
    with pytest.raises(access.AccessDenied):
        rollback(con, 1, "x", user=CLERK)


def test_a_locked_month_refuses_returns_and_unlocking_needs_a_reason_and_is_logged(con, tmp_path):
    with pytest.raises(access.AccessDenied):
        access.lock_period(con, CLERK, "2026-05")
    access.lock_period(con, ADMIN, "2026-05", "Đã họp ngày 5/6/2026")
    before = data_state(con)
    with pytest.raises(WorkbookRejected) as refused:
        prepare(con, SKHCN_RETURN, "skhcn_t5.xlsx")
    assert "khóa sổ" in str(refused.value.problems[0])
    assert data_state(con) == before
    with pytest.raises(ValueError, match="cần ghi lý do"):
        access.unlock_period(con, ADMIN, "2026-05", "  ")
    access.unlock_period(con, ADMIN, "2026-05", "Bổ sung số liệu xã")
    assert log(con, "unlock")[-1][:3] == (ADMIN.username, "2026-05", '{"reason": "Bổ sung số liệu xã"}')
    commit(con, prepare(con, SKHCN_RETURN, "skhcn_t5.xlsx"), "x", tmp_path, user=CLERK)


def test_only_an_administrator_makes_accounts_and_only_one_first_administrator(con):
    with pytest.raises(access.AccessDenied):
        access.create_user(con, LEADER, "moi", "Mới", access.LEADER, PASSWORD)
    with pytest.raises(access.AccessDenied):
        access.create_first_admin(con, "qt2", "Quản trị 2", PASSWORD)
    with pytest.raises(ValueError, match="ít nhất 10 ký tự"):
        access.create_user(con, ADMIN, "ngan", "Mật khẩu ngắn", access.LEADER, "123")
    with pytest.raises(ValueError, match="phải thuộc một đơn vị"):
        access.create_user(con, ADMIN, "khongdonvi", "Không đơn vị", access.CLERK, PASSWORD)
    assert log(con, "user")[-1][0] == ADMIN.username


def test_the_audit_log_has_no_statement_that_changes_or_removes_its_rows():
    for path in (paths.ROOT / "queries").rglob("*.sql"):
        text = path.read_text(encoding="utf-8").lower()
        assert "update audit_log" not in text and "delete from audit_log" not in text, path


def test_audit_export_neutralises_cells():
    import pandas as pd

    data = exports.table_workbook(pd.DataFrame({"Người làm": ["=cmd|' /C calc'!A0", "+1", "@x", "-2", "ok"]}), "T", "N")
    values = [r[0] for r in openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(min_row=4, values_only=True)]
    assert values == ["'=cmd|' /C calc'!A0", "'+1", "'@x", "'-2", "ok"]


# --- the pages -------------------------------------------------------------------------------------------------


def page_app(user=None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if user is not None:
        at.session_state[auth.USER_KEY] = user
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_closed_mode_shows_only_the_sign_in_form_until_signed_in(accounts_db, monkeypatch):
    monkeypatch.delenv("NQ57_PUBLIC_BOARD")
    at = page_app()
    assert at.title[0].value == "Đăng nhập"
    assert not at.metric
    at.text_input(key="sign-in-username").input(LEADER.username)
    at.text_input(key="sign-in-password").input("sai-mat-khau-9")
    at.button[0].click().run()
    assert at.error[0].value == "Sai tên đăng nhập hoặc mật khẩu."
    at.text_input(key="sign-in-password").input(PASSWORD)
    at.button[0].click().run()
    assert at.title[0].value == "Tổng quan"
    assert at.session_state[auth.USER_KEY] == LEADER


def test_an_idle_session_ends(accounts_db, monkeypatch):
    monkeypatch.delenv("NQ57_PUBLIC_BOARD")
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[auth.USER_KEY] = LEADER
    at.session_state[auth.SEEN_KEY] = time.monotonic() - access.SESSION_MINUTES * 60 - 1
    at.run()
    assert at.title[0].value == "Đăng nhập"
    assert "Phiên làm việc đã kết thúc" in at.info[0].value


def test_a_leader_has_no_returns_page(accounts_db):
    at = page_app(LEADER)
    for page in ("app_pages/returns.py", "app_pages/admin.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)


def test_a_clerk_sends_only_for_their_unit_on_the_page(accounts_db):
    at = page_app(CLERK)
    at.switch_page("app_pages/returns.py")
    at.run()
    assert at.title[0].value == "Nộp báo cáo"
    assert at.selectbox(key="returns-unit").options == ["Sở Khoa học và Công nghệ"]
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("app_pages/admin.py")


def test_an_administrator_locks_a_month_and_reads_the_log(accounts_db):
    at = page_app(ADMIN)
    at.switch_page("app_pages/admin.py")
    at.run()
    assert at.title[0].value == "Quản trị"
    users = at.dataframe[0].value
    assert set(users["Tên đăng nhập"]) == {ADMIN.username, CLERK.username, LEADER.username, COMMUNE_CLERK.username}
    month = months_back(dt.date.today(), 2)[1]  # last month
    at.selectbox(key="admin-lock-month").set_value(month)
    at.text_input(key="admin-lock-note").input("Đã họp")
    at.button(key="FormSubmitter:admin-lock-Khóa sổ").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Đã khóa sổ" in s.value for s in at.success)
    con = duckdb.connect(str(accounts_db))
    try:
        locked = con.execute("select period, locked_by from period_locks").fetchall()
    finally:
        con.close()
    assert locked == [(month, ADMIN.username)]
    entries = next(d.value for d in at.dataframe if "Việc" in d.value.columns)
    assert entries.iloc[0]["Việc"] == "Khóa sổ"
    assert entries.iloc[0]["Đối tượng"] == month
