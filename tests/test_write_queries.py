"""Statements under queries/ that write, or read a frame `incoming`, run on the baseline in rolled-back transactions."""

import datetime as dt
import shutil
from dataclasses import dataclass, field

import pandas as pd
import pytest

import queries
from nq57 import codes, store
from tests.conftest import table_snapshot
from tests.query_kinds import PARAMS, WRITES, body, reads_incoming, table_of, written_table

AT = dt.datetime(2026, 5, 2, 8, 30)
# Values for the parameters of the statements that write.
WRITE_PARAMS = {
    **PARAMS,
    "at": AT,
    "by": "quantri",
    "actor": "quantri",
    "action": "upload",
    "target": "lần nhập 2",
    "detail": "{}",
    "file_name": "bao_cao.xlsx",
    "os_user": None,
    "reason": "đã chốt số liệu",
    "before": AT - dt.timedelta(days=1),
    "failed_count": 1,
    "locked_until": None,
    "full_name": "Người Dùng Mới",
    "role": "clerk",
    "password_hash": "scrypt$new",
    "old_hash": "scrypt$old",
    "active": False,
    "sheet": "Trang tính",
    "size_bytes": 1234,
    "kind": "return",
    "uploaded_by": "canbo.skhcn",
    "uploaded_at": AT,
    "row_counts": "{}",
    "archive_path": "abc.xlsx",
}


@dataclass
class Case:
    """What a statement does on the baseline with the test accounts: `rows` it reports (or returns), and how many
    rows its table gains (or loses, negative) or, for a query reading `incoming`, the rows it `gives` in its
    `columns`. `given` runs first, in the same transaction; `params` override WRITE_PARAMS."""

    incoming: list[dict] | None = None
    params: dict = field(default_factory=dict)
    given: tuple[str, ...] = ()
    rows: int | None = None
    grows: int | None = None
    gives: list[tuple] | None = None
    columns: tuple[str, ...] = ("row_number", "change")


NONE_CURRENT = "update observations set is_current = false"
CLEAR_SERIES = queries.load("current/clear_series")
OLD_ATTEMPT = "insert into sign_in_attempts values ('{}', 3, null, timestamp '2026-04-01 08:00')"
LOCK = "insert into period_locks values ('2026-05', timestamp '2026-05-01 08:00', 'quantri', 'chốt')"
INDICATOR = dict(
    code="KTS_MOI",
    name="Chỉ tiêu mới",
    unit_of_measure="%",
    measure="percent",
    direction="up",
    numerator=None,
    denominator=None,
    level="province",
    frequency="quarter",
    group_code="KTS",
    group_name="Kinh tế số",
    sort_order=99,
    reporter_code="SKHCN",
    jump_bound=None,
    note=None,
)
VILLAGE = dict(
    code="BAN-MOI",
    name="Bản Mới",
    name_ocr=None,
    name_certain=True,
    commune_code="03463",
    mobile="none",
    fibre=False,
    grid_power=True,
    close_by="2026-12-31",
    close_by_text="31/12/2026",
    lat=22.3,
    lon=103.2,
    coords_exact=False,
    source_doc="01-TB/CQTTBCD",
    source_ref="mục 2",
    note=None,
    period="2026-05",
    _row=5,
)
OBSERVATION = dict(
    indicator_code="BAN_CHUA_BRDD",
    unit_code="12",
    period="2026-05",
    period_start="2026-05-01",
    period_end="2026-05-31",
    value=6,
    numerator=None,
    denominator=None,
    source_doc=None,
    source_ref=None,
    note=None,
    _row=5,
)
TASK = dict(
    code="32KH-03",
    plan="32-KH/TU",
    group_code="I",
    group_name="Về công tác lãnh đạo",
    seq=3,
    name="Nhiệm vụ đổi tên",
    lead_text="Văn phòng Tỉnh ủy",
    partner_text=None,
    product="Báo cáo",
    deadline_text="30/6/2026",
    deadline="2026-06-30",
    recurring=False,
    source_ref="Phụ lục 02",
    note=None,
    restates=None,
    _row=7,
)
TASK_UPDATE = dict(
    task_code="32KH-03",
    report_date="2026-05-25",
    status="done",
    completed_on="2026-05-20",
    progress=None,
    note=None,
    period="2026-05",
    _row=5,
)
UNIT = dict(
    code="BAN_MOI", name="Ban mới", kind="agency", parent_code=None, lat=None, lon=None, area_km2=None, note=None
)
NATIONAL = dict(
    indicator_code="HT_5G",
    set_code="NQ03",
    national_code="23.4",
    national_name="Phủ sóng 5G đạt 99% dân số",
    relation="proxy",
    source="Nghị quyết 03/NQ-CP",
    note=None,
    _row=2,
)
A_REPORT = (
    "insert into task_updates (task_code, report_date, status, period, upload_id) "
    "values ('32KH-03', date '2026-04-25', 'in_progress', '2026-04', 1)"
)

CASES = {
    # Sign-in and accounts (the baseline with the accounts of tests/accounts.py).
    "access/clear_sign_in_attempts": Case(
        given=(OLD_ATTEMPT.format("lanhdao"),), params={"username_key": "lanhdao"}, rows=1, grows=-1
    ),
    "access/count_sign_in_attempt": Case(params={"username_key": "lanhdao"}, rows=1, grows=1),
    "access/delete_lock": Case(given=(LOCK,), rows=1, grows=-1),
    "access/forget_sign_in_attempts": Case(
        given=(OLD_ATTEMPT.format("lanhdao"), OLD_ATTEMPT.format("quantri").replace("04-01", "05-02")), rows=1, grows=-1
    ),
    "access/insert_audit": Case(rows=1, grows=1),
    "access/insert_lock": Case(rows=1, grows=1),
    "access/insert_user": Case(params={"username": "canbo.moi"}, rows=1, grows=1),
    "access/rehash_password": Case(
        given=("update users set password_hash = 'scrypt$old' where username = 'lanhdao'",),
        params={"username": "lanhdao"},
        rows=1,
        grows=0,
    ),
    "access/set_active": Case(params={"username": "lanhdao"}, rows=1, grows=0),
    "access/set_password": Case(params={"username": "lanhdao"}, rows=1, grows=0),
    # The importer's writes (the frames hold one row the baseline has and one it has not, where it matters).
    "store/delete_replaced_indicators": Case(
        incoming=[{"code": "BAN_CHUA_BRDD"}, {"code": "KTS_MOI"}], rows=1, grows=-1
    ),
    "store/delete_replaced_villages": Case(incoming=[{"code": "BAN-001"}, {"code": "BAN-MOI"}], rows=1, grows=-1),
    "store/delete_task_agencies": Case(incoming=[{"task_code": "32KH-03"}], rows=4, grows=-4),
    "store/delete_unit_groups": Case(incoming=[{"unit_code": "DU_UBND"}], rows=2, grows=-2),
    "store/insert_indicators": Case(incoming=[INDICATOR], rows=1, grows=1),
    "store/insert_national_map": Case(incoming=[NATIONAL], rows=1, grows=1),
    "store/insert_new_villages": Case(incoming=[VILLAGE], rows=1, grows=1),
    "store/insert_observations": Case(incoming=[OBSERVATION], rows=1, grows=1),
    "store/insert_targets": Case(
        incoming=[
            dict(
                indicator_code="KTS_GRDP",
                comparator=">=",
                target_value=8,
                deadline="2027-12-31",
                deadline_text="31/12/2027",
                source_doc="32-KH/TU",
                source_ref="mục 1",
                wording="đạt 8%",
                note=None,
                _row=4,
            )
        ],
        rows=1,
        grows=1,
    ),
    "store/insert_task_agencies": Case(
        incoming=[
            {"task_code": "32KH-01", "unit_code": "DU_UBND", "role": "lead"},  # there already: ignored
            {"task_code": "32KH-01", "unit_code": "SKHCN", "role": "partner"},
        ],
        rows=1,
        grows=1,
    ),
    "store/insert_task_updates": Case(incoming=[TASK_UPDATE], rows=1, grows=1),
    "store/insert_unit_groups": Case(
        incoming=[{"unit_code": "DU_UBND", "group_code": "G_DUTT"}, {"unit_code": "SKHCN", "group_code": "G_DUTT"}],
        rows=1,
        grows=1,
    ),
    "store/insert_upload": Case(rows=1, grows=1),
    "store/insert_village_reports": Case(incoming=[VILLAGE | {"code": "BAN-001"}], rows=1, grows=1),
    "store/insert_villages": Case(incoming=[VILLAGE], rows=1, grows=1),
    "store/set_upload_rolled_back": Case(rows=1, grows=0),
    "store/upsert_documents": Case(
        incoming=[
            dict(code="32-KH/TU", title="Kế hoạch 32", issued_on="2026-01-09", issuer="Tỉnh ủy", seed_file=None),
            dict(
                code="02-TB/CQTTBCD", title="Thông báo 02", issued_on="2026-07-15", issuer="Ban Chỉ đạo", seed_file=None
            ),
        ],
        rows=2,
        grows=1,
    ),
    "store/upsert_tasks": Case(incoming=[TASK, TASK | {"code": "32KH-99", "seq": 99}], rows=2, grows=1),
    "store/upsert_units": Case(incoming=[UNIT | {"code": "SKHCN", "name": "Sở KH&CN"}, UNIT], rows=2, grows=1),
    # The maintained flag and series (nq57.current): the baseline's one upload wrote the 12 observations, one series
    # row each. A later upload's row for one of their keys retires the baseline's.
    "current/retire_replaced": Case(
        incoming=[
            {"indicator_code": "BAN_CHUA_BRDD", "unit_code": "12", "period": "2026-Q1"},  # the baseline's: retired
            {"indicator_code": "BAN_CHUA_BRDD", "unit_code": "12", "period": "2026-05"},  # a new key
        ],
        rows=1,
        grows=0,
    ),
    "current/retire_upload": Case(rows=12, grows=0),
    "current/restore_current": Case(given=(NONE_CURRENT,), rows=12, grows=0),
    "current/forget_series": Case(rows=12, grows=-12),
    "current/add_series": Case(given=(CLEAR_SERIES,), rows=12, grows=12),
    # The baseline's upload defined every indicator: every pair is one it touched.
    "current/forget_touched_series": Case(rows=12, grows=-12),
    "current/add_touched_series": Case(given=(CLEAR_SERIES,), rows=12, grows=12),
    "current/rebuild_observations": Case(given=(NONE_CURRENT,), rows=12, grows=0),
    "current/clear_series": Case(rows=12, grows=-12),
    "current/rebuild_series": Case(given=(CLEAR_SERIES,), rows=12, grows=12),
    # Reads of a frame: what a return would change.
    "store/previous_values": Case(
        given=(
            "insert into observations (indicator_code, unit_code, period, period_start, period_end, value, upload_id) "
            "values ('BAN_CHUA_BRDD', '12', '2026-04', date '2026-04-01', date '2026-04-30', 7, 1)",
            # a row written with plain SQL: the maintained flag computed again
            queries.load("current/rebuild_observations"),
        ),
        incoming=[OBSERVATION, OBSERVATION | {"indicator_code": "KTS_GRDP", "_row": 6}],
        gives=[(5, 7.0, "2026-04")],
        columns=("_row", "previous_value", "previous_period"),
    ),
    "returns/preview_observations": Case(
        incoming=[
            OBSERVATION | {"period": "2026-Q1", "value": 8, "_row": 1},
            OBSERVATION | {"period": "2026-Q1", "value": 5, "_row": 2},
            OBSERVATION | {"_row": 3},
        ],
        gives=[(1, 8.0, 8.0, "unchanged"), (2, 8.0, 5.0, "changed"), (3, None, 6.0, "new")],
        columns=("row_number", "old_value", "new_value", "change"),
    ),
    "returns/preview_task_updates": Case(
        given=(A_REPORT,),
        incoming=[
            TASK_UPDATE | {"status": "in_progress", "completed_on": None, "_row": 1},
            TASK_UPDATE | {"_row": 2},
            TASK_UPDATE | {"task_code": "32KH-04", "_row": 3},
        ],
        gives=[
            (1, "in_progress", "in_progress", "unchanged"),
            (2, "in_progress", "done", "changed"),
            (3, None, "done", "new"),
        ],
        columns=("row_number", "old_status", "new_status", "change"),
    ),
    "returns/preview_villages": Case(
        incoming=[
            VILLAGE | {"code": "BAN-001", "fibre": None, "grid_power": None, "_row": 1},
            VILLAGE | {"code": "BAN-002", "mobile": "4g", "fibre": None, "grid_power": None, "_row": 2},
            VILLAGE | {"_row": 3},
        ],
        gives=[(1, "none", "none", "unchanged"), (2, "none", "4g", "changed"), (3, None, "none", "new")],
        columns=("row_number", "old_mobile", "new_mobile", "change"),
    ),
}


@pytest.fixture(scope="module")
def scratch(accounts_template, tmp_path_factory):
    """A copy of the baseline with the test accounts, for statements run in transactions that are rolled back."""
    db = tmp_path_factory.mktemp("scratch") / "nq57.duckdb"
    shutil.copy(accounts_template, db)
    con = store.connect(db)
    yield con
    con.close()


def _count(cur, table: str) -> int:
    return cur.execute(f"select count(*) from {table}").fetchall()[0][0]


@pytest.mark.parametrize("name", WRITES)
def test_statement_runs_in_a_transaction_that_is_rolled_back(scratch, name):
    if name not in CASES:
        pytest.fail(f"{name}: add a Case to CASES saying what it does on the baseline")
    case = CASES[name]
    unknown = queries.params_of(name) - WRITE_PARAMS.keys() - case.params.keys() - codes.SQL_PARAMS.keys()
    assert not unknown, f"add a test value for {sorted(unknown)}"
    assert (case.incoming is not None) == reads_incoming(name), f"{name}: give `incoming` exactly when it reads it"
    table = written_table(name)
    assert (table is None) == (case.gives is not None), f"{name}: say what it writes (rows, grows) or gives"
    cur = scratch.cursor()
    # Every table the statement and its set-up write: each must be as it was once the transaction is rolled back.
    watched = sorted({t for t in (table, *map(table_of, case.given)) if t})
    untouched = {t: table_snapshot(cur, t) for t in watched}
    cur.execute("begin transaction")
    try:
        for sql in case.given:
            cur.execute(sql)
        if table:
            before, count_before = table_snapshot(cur, table), _count(cur, table)
        if case.incoming is not None:
            cur.register("incoming", pd.DataFrame(case.incoming))
        result = queries.execute(cur, name, **{**WRITE_PARAMS, **case.params})
        if table is None:
            got = result.df()[list(case.columns)]
            assert [tuple(None if pd.isna(v) else v for v in row) for row in got.itertuples(index=False)] == case.gives
        else:
            rows = result.fetchall()
            reported = len(rows) if "returning" in body(name) else rows[0][0]
            assert reported == case.rows, f"{name} changed {reported} rows"
            assert _count(cur, table) - count_before == case.grows
            assert table_snapshot(cur, table) != before, f"{name} left {table} as it was"
    finally:
        if case.incoming is not None:
            cur.unregister("incoming")
        cur.execute("rollback")
    assert {t: table_snapshot(cur, t) for t in watched} == untouched
    cur.close()


def test_every_case_is_a_query():
    assert not CASES.keys() - set(WRITES), "a Case for a query that does not exist or does not write"
