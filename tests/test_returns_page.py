"""The returns page as clerks meet it (AppTest with a real file upload): a commune's template sent as most months will
send it, a return refused by name, and a history that shows a clerk only their own unit's files."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

import components.db
from components import auth
from nq57 import access, importer, paths, store, template
from nq57.archive import default_archive
from tests.accounts import ADMIN, CLERK, COMMUNE_CLERK
from tests.conftest import table_snapshot
from tests.workbooks import return_workbook

APP = str(paths.ROOT / "app.py")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONTH = f"{dt.date.today():%Y-%m}"


def returns_page(user) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[auth.USER_KEY] = user
    at.run()
    at.switch_page("app_pages/returns.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(at: AppTest, data: bytes, name: str = "bao_cao.xlsx") -> AppTest:
    at.file_uploader[0].set_value((name, data, XLSX))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def commune_template_filled(db_path, value=55.5) -> bytes:
    """The commune's template as downloaded, with only the indicator values typed in (villages untouched)."""
    con = store.connect(db_path)
    try:
        data = template.build_template(con.cursor(), COMMUNE_CLERK.unit_code, MONTH)
    finally:
        con.close()
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Số liệu"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        row[header.index("Giá trị")].value = value
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_a_commune_sends_its_template_with_villages_untouched(accounts_db):
    at = upload(returns_page(COMMUNE_CLERK), commune_template_filled(accounts_db))
    assert not at.error, [e.value for e in at.error]
    assert "Tệp hợp lệ" in at.info[0].value
    counts = {m.label: m.value for m in at.metric}
    assert counts["Mới"] == "5"  # the five commune-level indicators
    assert counts["Không đổi"] == str(
        len(template.collect(store.connect(accounts_db).cursor(), "03463", MONTH).villages)
    )
    villages = next(d.value for d in at.dataframe if "Cáp quang" in d.value.columns)
    assert set(villages["Cáp quang"]) <= {"", "Có", "Không"}
    confirm = at.button(key="returns-confirm")
    assert not confirm.disabled
    confirm.click().run()
    # The dialog asks for the last look; confirming it runs as a fragment, which the browser test drives
    # (tests/e2e/test_clerk_journey.py).
    assert not at.exception, [e.value for e in at.exception]
    assert "returns-dialog-yes" in [b.key for b in at.button]
    assert any("Nhập **" in m.value and "báo cáo của **" in m.value for m in at.markdown)


NEXT_MONTH = f"{dt.date.today().replace(day=28) + dt.timedelta(days=4):%Y-%m}"
LAST_MONTH = f"{dt.date.today().replace(day=1) - dt.timedelta(days=1):%Y-%m}"
OWN = "03463"


@pytest.mark.parametrize(
    ("month", "rows", "where", "says"),
    [
        (MONTH, [{"indicator_code": "HT_5G", "unit_code": OWN, "value": 100}], ("Số liệu", "2", "Mã chỉ tiêu"),
         "không được giao báo cáo chỉ tiêu “HT_5G”"),
        (MONTH, [{"indicator_code": "VNEID", "unit_code": "03472", "value": 40}], ("Số liệu", "2", "Mã đơn vị"),
         "dòng báo cáo cho đơn vị “03472”, không phải đơn vị lập báo cáo “03463”"),
        (NEXT_MONTH, [{"indicator_code": "VNEID", "unit_code": OWN, "value": 40}], ("Thông tin", "", ""),
         "chưa đến: chỉ nhận báo cáo đến tháng hiện tại"),
        (LAST_MONTH, [{"indicator_code": "VNEID", "unit_code": OWN, "value": 40}], ("Thông tin", "", ""),
         "đã khóa sổ"),
    ],
    ids=["chi-tieu-cap-tinh", "don-vi-khac", "thang-sau", "thang-da-khoa"],
)  # fmt: skip
def test_a_commune_return_outside_its_duties_is_refused_by_name_and_nothing_changes(accounts_db, month, rows, where,
                                                                                    says):  # fmt: skip
    con = components.db.connection(str(accounts_db))  # the page's own connection to the file
    access.lock_period(con, ADMIN, LAST_MONTH, "Đã họp")
    before = {t: table_snapshot(con.cursor(), t) for t in ("uploads", "observations", "audit_log")}
    page = returns_page(COMMUNE_CLERK)
    if month == LAST_MONTH:  # the page says so as soon as the month is chosen
        page.selectbox(key="returns-period").set_value(month).run()
        assert any("đã khóa sổ" in w.value for w in page.warning)
    at = upload(page, return_workbook(OWN, month, observations=rows), "xa.xlsx")
    assert "bị từ chối, chưa có gì được ghi" in at.error[0].value
    problems = at.dataframe[0].value
    assert [tuple(r) for r in problems[["Trang", "Dòng", "Cột"]].to_numpy()] == [where]
    assert says in problems["Vấn đề"].iloc[0]
    assert "returns-confirm" not in [b.key for b in at.button]
    assert {t: table_snapshot(con.cursor(), t) for t in ("uploads", "observations", "audit_log")} == before


def test_a_clerk_sees_only_their_units_files_and_no_user_names(accounts_db):
    con = store.connect(accounts_db)
    try:
        skhcn = return_workbook(
            "SKHCN", MONTH, observations=[{"indicator_code": "HT_5G", "unit_code": "12", "value": 41}]
        )
        commune = return_workbook("03463", MONTH, observations=[{"indicator_code": "VNEID", "value": 41}])
        importer.commit(
            con, importer.prepare(con, skhcn, "skhcn.xlsx"), CLERK.username, default_archive(con), user=CLERK
        )
        importer.commit(
            con,
            importer.prepare(con, commune, "xa_ta_tong.xlsx"),
            ADMIN.username,
            default_archive(con),
            user=ADMIN,
        )
    finally:
        con.close()
    at = returns_page(CLERK)
    history = next(d.value for d in at.dataframe if "Lần nhập" in d.value.columns)
    assert list(history["Tệp"]) == ["skhcn.xlsx"]
    assert list(history["Người nhập"]) == [CLERK.full_name]
    shown = history.astype(str).to_string()
    for hidden in ("xa_ta_tong.xlsx", "nq57_baseline.xlsx", CLERK.username, ADMIN.username):
        assert hidden not in shown
    # An administrator sees every file.
    history = next(d.value for d in returns_page(ADMIN).dataframe if "Lần nhập" in d.value.columns)
    assert {"skhcn.xlsx", "xa_ta_tong.xlsx", "nq57_baseline.xlsx"} <= set(history["Tệp"])
