"""The returns page as clerks meet it (AppTest with a real file upload): a commune's template sent as most months will
send it, a return refused by name, and a history that shows a clerk only their own unit's files."""

import datetime as dt
import io

from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from components import auth
from nq57 import importer, paths, store, template
from tests.accounts import ADMIN, CLERK, COMMUNE_CLERK
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


def test_a_commune_return_carrying_a_provincial_indicator_is_refused_by_name(accounts_db):
    data = return_workbook(
        COMMUNE_CLERK.unit_code, MONTH, observations=[{"indicator_code": "HT_5G", "unit_code": "03463", "value": 100}]
    )
    at = upload(returns_page(COMMUNE_CLERK), data, "xa_5g.xlsx")
    assert "bị từ chối, chưa có gì được ghi" in at.error[0].value
    problems = at.dataframe[0].value
    assert list(problems["Trang"]) == ["Số liệu"]
    assert list(problems["Dòng"]) == ["2"]
    assert list(problems["Cột"]) == ["Mã chỉ tiêu"]
    assert "không được giao báo cáo chỉ tiêu “HT_5G”" in problems["Vấn đề"].iloc[0]
    assert "returns-confirm" not in [b.key for b in at.button]


def test_a_clerk_sees_only_their_units_files_and_no_user_names(accounts_db):
    con = store.connect(accounts_db)
    try:
        skhcn = return_workbook(
            "SKHCN", MONTH, observations=[{"indicator_code": "HT_5G", "unit_code": "12", "value": 41}]
        )
        commune = return_workbook("03463", MONTH, observations=[{"indicator_code": "VNEID", "value": 41}])
        importer.commit(
            con, importer.prepare(con, skhcn, "skhcn.xlsx"), CLERK.username, importer.default_archive(con), user=CLERK
        )
        importer.commit(
            con,
            importer.prepare(con, commune, "xa_ta_tong.xlsx"),
            ADMIN.username,
            importer.default_archive(con),
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
