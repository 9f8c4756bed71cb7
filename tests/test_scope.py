"""Who may report what: a return carries only its unit's duties, for its own unit and a month the rules allow; checked
again at commit under the write lock; and a provincial figure is summed only from commune-level indicators."""

import datetime as dt
import io
import threading

import pytest
from openpyxl import load_workbook

import queries
from nq57 import access, board, cli, current, importer, scope
from nq57.importer import commit, prepare
from nq57.problems import WorkbookRejected
from tests.accounts import ADMIN, COMMUNE_CLERK, make_accounts
from tests.conftest import table_snapshot
from tests.workbooks import return_workbook

TABLES = ("uploads", "observations", "task_updates", "village_reports", "villages", "audit_log")
JUNE = dt.datetime(2026, 6, 20, 9, 0)
COMMUNE = "03463"  # xã Tà Tổng
NOT_YET = "chỉ nhận báo cáo đến tháng hiện tại (tháng 6/2026)."


def snapshot(con):
    return {t: table_snapshot(con, t) for t in TABLES}


def refused(con, data: bytes, now=JUNE) -> list[str]:
    before = snapshot(con)
    with pytest.raises(WorkbookRejected) as info:
        importer.import_workbook(con, data, "xa.xlsx", COMMUNE_CLERK.username, now=now)
    assert snapshot(con) == before, "a refused return must change nothing"
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize("code", ["HT_5G", "KTS_GRDP", "DVC_TOANTRINH", "TTHC_SOHOA"])
@pytest.mark.parametrize("for_unit", [COMMUNE, "12"])
def test_a_commune_cannot_send_a_provincial_indicator(loaded, code, for_unit):
    data = return_workbook(
        COMMUNE, "2026-06", observations=[{"indicator_code": code, "unit_code": for_unit, "value": 100}]
    )
    [problem] = refused(loaded, data)
    assert problem.startswith(
        f"Trang “Số liệu”, dòng 2, cột “Mã chỉ tiêu”: đơn vị “{COMMUNE}” không được giao báo cáo chỉ tiêu “{code}”"
    )
    assert "báo cáo số liệu toàn tỉnh" in problem


def test_each_unit_sends_its_own_duties(loaded):
    # A commune sends its own figure of a commune-level indicator; the department that reports it sends the
    # province's; another department sends neither.
    ok = return_workbook(COMMUNE, "2026-06", observations=[{"indicator_code": "VNEID", "value": 60}])
    assert importer.import_workbook(loaded, ok, "xa.xlsx", "x", now=JUNE).row_counts == {"observations": 1}
    province = return_workbook(
        "CA", "2026-06", observations=[{"indicator_code": "VNEID", "unit_code": "12", "value": 61}]
    )
    assert importer.import_workbook(loaded, province, "ca.xlsx", "x", now=JUNE).row_counts == {"observations": 1}
    other = return_workbook(
        "SKHCN", "2026-06", observations=[{"indicator_code": "VNEID", "unit_code": "12", "value": 1}]
    )
    [problem] = refused(loaded, other)
    assert "đơn vị “SKHCN” không được giao báo cáo chỉ tiêu “VNEID”" in problem
    assert "Công an tỉnh báo cáo số liệu toàn tỉnh; mỗi xã, phường báo cáo số liệu của mình." in problem
    for_commune = return_workbook(
        "CA", "2026-06", observations=[{"indicator_code": "VNEID", "unit_code": COMMUNE, "value": 1}]
    )
    assert refused(loaded, for_commune) == [
        f"Trang “Số liệu”, dòng 2, cột “Mã đơn vị”: dòng báo cáo cho đơn vị “{COMMUNE}”, "
        "đơn vị “CA” chỉ báo cáo chỉ tiêu này cho toàn tỉnh (mã “12”)."
    ]


@pytest.mark.parametrize(
    ("period", "message"),
    [
        (
            "2030-12",
            "Trang “Thông tin”: Kỳ báo cáo Tháng 12/2030 chưa đến: chỉ nhận báo cáo đến tháng hiện tại (tháng 6/2026).",
        ),
        (
            "2026-07",
            "Trang “Thông tin”: Kỳ báo cáo Tháng 7/2026 chưa đến: chỉ nhận báo cáo đến tháng hiện tại (tháng 6/2026).",
        ),
        (
            "2019-01",
            "Trang “Thông tin”: Kỳ báo cáo Tháng 1/2019 trước khi Kế hoạch 351-KH/TU ban hành (3/6/2025): "
            "không nhận báo cáo cho kỳ này.",
        ),
        (
            "2025-05",
            "Trang “Thông tin”: Kỳ báo cáo Tháng 5/2025 trước khi Kế hoạch 351-KH/TU ban hành (3/6/2025): "
            "không nhận báo cáo cho kỳ này.",
        ),
    ],
)
def test_a_month_outside_the_rules_is_refused(loaded, period, message):
    data = return_workbook(COMMUNE, period, observations=[{"indicator_code": "VNEID", "value": 60}])
    assert refused(loaded, data) == [message]


def test_the_first_and_the_current_month_are_taken(loaded):
    for period in ("2025-06", "2026-06"):
        data = return_workbook(COMMUNE, period, observations=[{"indicator_code": "VNEID", "value": 60}])
        importer.import_workbook(loaded, data, f"{period}.xlsx", "x", now=JUNE)


def test_the_lock_holds_at_commit(loaded, tmp_path):
    """Previewed before the month was locked, confirmed after: refused at commit, nothing written or archived."""
    make_accounts(loaded)
    clerk = COMMUNE_CLERK
    data = return_workbook(COMMUNE, "2026-06", observations=[{"indicator_code": "VNEID", "value": 60}])
    prepared = prepare(loaded, data, "xa.xlsx", now=JUNE)
    access.lock_period(loaded, ADMIN, "2026-06", "Đã họp")
    before = snapshot(loaded)
    archive = tmp_path / "uploads"
    with pytest.raises(WorkbookRejected) as info:
        commit(loaded, prepared, clerk.username, archive, now=JUNE, user=clerk)
    assert [str(p) for p in info.value.problems] == [
        "Trang “Thông tin”: Kỳ Tháng 6/2026 đã khóa sổ ngày "
        + f"{dt.date.today():%-d/%-m/%Y}"
        + " sau cuộc họp; không nhận thêm báo cáo cho tháng này."
    ]
    assert snapshot(loaded) == before
    assert not archive.exists() or not any(archive.iterdir())


def test_a_duty_withdrawn_before_commit_refuses_the_return(loaded, tmp_path):
    """The department previews its 5G figure; an administrator then gives 5G to another department: refused."""
    data = return_workbook(
        "SKHCN", "2026-06", observations=[{"indicator_code": "HT_5G", "unit_code": "12", "value": 50}]
    )
    prepared = prepare(loaded, data, "skhcn.xlsx", now=JUNE)
    cur = loaded.cursor()
    cur.execute("update indicators set reporter_code = 'STC' where code = 'HT_5G'")
    cur.close()
    before = snapshot(loaded)
    with pytest.raises(WorkbookRejected) as info:
        commit(loaded, prepared, "x", tmp_path / "uploads", now=JUNE)
    assert "không được giao báo cáo chỉ tiêu “HT_5G”" in str(info.value.problems[0])
    assert snapshot(loaded) == before


def test_the_checks_and_the_write_hold_the_write_lock_together(loaded, tmp_path, monkeypatch):
    """A lock asked for just after the commit's checks passed waits for the commit: the return lands before it."""
    make_accounts(loaded)
    data = return_workbook(COMMUNE, "2026-06", observations=[{"indicator_code": "VNEID", "value": 60}])
    prepared = prepare(loaded, data, "xa.xlsx", now=JUNE)
    checks = scope.problems
    locker = []

    def checked_then_locked(*args, **kwargs):
        found = checks(*args, **kwargs)
        thread = threading.Thread(target=access.lock_period, args=(loaded, ADMIN, "2026-06", "Đã họp"))
        thread.start()
        thread.join(timeout=0.5)  # held off by the write lock the commit holds, as it must be
        locker.append(thread)
        return found

    monkeypatch.setattr(scope, "problems", checked_then_locked)
    commit(loaded, prepared, "x", tmp_path / "uploads", now=JUNE)
    locker[0].join()
    cur = loaded.cursor()
    order = dict(cur.execute("select action, id from audit_log where action in ('upload', 'lock')").fetchall())
    cur.close()
    assert order["upload"] < order["lock"]


def test_the_cli_refuses_by_name_and_writes_nothing(baseline_db, tmp_path, capsys):
    import shutil

    db = tmp_path / "nq57.duckdb"
    shutil.copy(baseline_db, db)
    file = tmp_path / "xa.xlsx"
    file.write_bytes(
        return_workbook(
            COMMUNE, "2026-06", observations=[{"indicator_code": "HT_5G", "unit_code": COMMUNE, "value": 100}]
        )
    )
    assert cli.main(["--db", str(db), "import", str(file)]) == 1
    err = capsys.readouterr().err
    assert f"đơn vị “{COMMUNE}” không được giao báo cáo chỉ tiêu “HT_5G”" in err
    assert "Trang “Số liệu”, dòng 2, cột “Mã chỉ tiêu”" in err


def test_duties_are_data_and_the_template_lists_exactly_them(loaded):
    from nq57 import template

    cur = loaded.cursor()
    duties = queries.frame(cur, "scope/duties")
    commune = template.collect(cur, COMMUNE, "2026-06")
    agency = template.collect(cur, "SKHCN", "2026-06")
    cur.close()
    mine = duties[duties["reporter_code"] == COMMUNE]
    assert sorted(zip(commune.indicators["code"], commune.indicators["unit_code"], strict=True)) == sorted(
        zip(mine["indicator_code"], mine["unit_code"], strict=True)
    )
    assert set(commune.indicators["unit_code"]) == {COMMUNE}
    assert set(agency.indicators["unit_code"]) == {"12"}
    assert "HT_5G" in set(agency.indicators["code"]) and "HT_5G" not in set(commune.indicators["code"])
    # Every commune and ward reports the five commune-level indicators for itself.
    communes = duties[duties["unit_kind"].isin(["commune", "ward"])]
    assert communes.groupby("indicator_code")["unit_code"].nunique().to_dict() == {
        code: 38 for code in ("CBX_MAYTINH_CKS", "HT_4G_THON", "NL_CBCCXA_KNS", "TTHC_TRUCTUYEN", "VNEID")
    }


def test_the_commune_template_as_downloaded_goes_through(loaded):
    """Filled the way most months will send it: indicator values typed, village rows untouched."""
    from nq57 import template

    data = template.build_template(loaded.cursor(), COMMUNE, "2026-06")
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Số liệu"]
    for row in ws.iter_rows(min_row=2):
        row[8].value = 55.5
    buffer = io.BytesIO()
    wb.save(buffer)
    prepared = prepare(loaded, buffer.getvalue(), "xa.xlsx", now=JUNE)
    assert prepared.unit_code == COMMUNE and len(prepared.sheets["observations"]) == 5
    assert scope.problems(loaded.cursor(), COMMUNE, "2026-06", prepared.sheets, JUNE.date()) == []


def test_a_provincial_figure_is_summed_only_from_commune_level_indicators_and_says_how_many(loaded):
    # Three communes report VNeID (a commune-level indicator): the province's figure is provisional, 3/38.
    for commune, n in (("03463", 60), ("03472", 40), ("03487", 20)):
        data = return_workbook(
            commune,
            "2026-06",
            observations=[{"indicator_code": "VNEID", "numerator": n, "denominator": 100}],
        )
        importer.import_workbook(loaded, data, f"{commune}.xlsx", "x", now=JUNE)
    # A commune row of a province-level indicator slipped in by a bulk load is never summed into the province's.
    cur = loaded.cursor()
    cur.execute(
        "insert into observations (indicator_code, unit_code, period, period_start, period_end, value, upload_id) "
        "select 'HT_5G', '03463', '2026-06', date '2026-06-01', date '2026-06-30', 100, max(id) from uploads"
    )
    current.rebuild(cur)  # written with plain SQL: the maintained flag and series computed again from every row
    series = queries.frame(cur, "board/series", as_of=dt.date(2026, 6, 30))
    catalogue = queries.frame(cur, "indicators/catalogue", as_of=dt.date(2026, 6, 30))
    cur.close()
    assert series[series["indicator_code"] == "HT_5G"].empty
    vneid = series[series["indicator_code"] == "VNEID"].iloc[-1]
    assert (vneid["value"], vneid["n_units"], vneid["n_communes"]) == (40.0, 3, 38)
    row = board.build(catalogue, series, dt.date(2026, 6, 30)).set_index("code").loc["VNEID"]
    assert row["coverage_text"] == "tạm tính, 3/38 xã, phường"
    assert row["provisional"]
    assert row["value_text"] == "40% – tạm tính, 3/38 xã, phường"  # never the province's figure without the word
    assert "tạm tính, 3/38 xã, phường" in row["source"]
    # Three communes of 38 are no figure of the province to judge: grey, and says why.
    assert (row["status"], row["rag"]) == ("insufficient", "grey")
    assert "mới tạm tính, 3/38 xã, phường: chưa đủ để đánh giá" in row["explanation"]


def test_an_administrator_reads_the_duties(baseline_db, monkeypatch, tmp_path):
    import shutil

    from streamlit.testing.v1 import AppTest

    from components import auth
    from nq57 import paths
    from tests.accounts import make_accounts_in

    db = tmp_path / "nq57.duckdb"
    shutil.copy(baseline_db, db)
    make_accounts_in(db)
    monkeypatch.setenv("NQ57_DB", str(db))
    at = AppTest.from_file(str(paths.ROOT / "app.py"), default_timeout=60)
    at.session_state[auth.USER_KEY] = ADMIN
    at.run()
    at.switch_page("app_pages/admin.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    duties = next(d.value for d in at.dataframe if "Số liệu toàn tỉnh do" in d.value.columns).set_index("Mã chỉ tiêu")
    assert duties.loc["HT_5G", "Số liệu toàn tỉnh do"] == "Sở Khoa học và Công nghệ (SKHCN)"
    assert duties.loc["HT_5G", "Xã, phường tự báo cáo"] == "Không"
    assert duties.loc["VNEID", "Số liệu toàn tỉnh do"] == "Công an tỉnh (CA)"
    assert duties.loc["VNEID", "Xã, phường tự báo cáo"] == "38 xã, phường"
    assert len(duties) == 40
