"""Every query under queries/ runs against a database built from the baseline."""

import datetime as dt
import re

import pandas as pd
import pytest

import queries
from nq57 import codes, paths

# Parameter values used when walking the folder; a new parameter name must be added here.
PARAMS = {
    "as_of": dt.date(2026, 4, 30),
    "unit_code": "12",
    "indicator_code": "BAN_CHUA_BRDD",
    "period": "2026-05",
    "month": "2026-05",
    "task_code": "32KH-03",
    "village_code": "BAN-004",
    "username": "admin",
    "reporter_code": "SKHCN",
    "username_key": "admin",
}

# Queries of things the baseline has none of (no task reported on, no account, no lock); other tests give them data.
EMPTY_ON_BASELINE = {"tasks/history", "access/locks", "access/users", "access/get_user", "access/sign_in_attempt"}

# Statements that write, or that read the frame a workbook is registered as, run in the importer's tests.
WRITE_VERBS = ("insert", "update", "delete", "create")


def _writes(name: str) -> bool:
    body = re.sub(r"--[^\n]*", "", queries.load(name)).strip().lower()
    return body.startswith(WRITE_VERBS) or "incoming" in body


READS = [n for n in queries.names() if not n.startswith("store/") and not _writes(n)]
WRITES = [n for n in queries.names() if n not in READS]


@pytest.mark.parametrize("name", READS)
def test_read_query_runs(ro, name):
    unknown = queries.params_of(name) - PARAMS.keys() - codes.SQL_PARAMS.keys()
    assert not unknown, f"add a test value for {sorted(unknown)}"
    sql = queries.load(name)
    assert sql.lstrip().startswith("--"), "each query opens with a comment saying what it returns"
    df = queries.frame(ro.cursor(), name, **PARAMS)
    assert isinstance(df, pd.DataFrame)
    assert (len(df) == 0) == (name in EMPTY_ON_BASELINE), f"{name}: {len(df)} rows on the baseline"


@pytest.mark.parametrize("name", WRITES)
def test_store_statement_is_used_by_the_importer(name):
    source = "\n".join(p.read_text(encoding="utf-8") for p in (paths.ROOT / "nq57").glob("*.py"))
    assert f'"{name}"' in source, f"{name} is not used by nq57"


def test_parameters_are_bound_never_formatted():
    for name in queries.names():
        sql = queries.load(name)
        assert not re.search(r"\{[a-z_]+\}", sql), name


def test_missing_query_fails_loudly():
    with pytest.raises(queries.QueryNotFound):
        queries.load("overview/does_not_exist")


def test_missing_parameter_is_an_error(ro):
    with pytest.raises(TypeError, match="as_of"):
        queries.frame(ro.cursor(), "indicators/catalogue")


def test_latest_values_picks_the_newest_period(loaded):
    loaded.execute(
        "insert into observations (indicator_code, unit_code, period, period_start, period_end, value, upload_id) "
        "values ('BAN_CHUA_BRDD', '12', '2026-05', date '2026-05-01', date '2026-05-31', 5, 1)"
    )
    df = queries.frame(loaded.cursor(), "overview/latest_values", unit_code="12", as_of=dt.date(2026, 6, 1))
    row = df.set_index("indicator_code").loc["BAN_CHUA_BRDD"]
    assert (row["value"], row["period"]) == (5, "2026-05")
    earlier = queries.frame(loaded.cursor(), "overview/latest_values", unit_code="12", as_of=dt.date(2026, 4, 30))
    assert earlier.set_index("indicator_code").loc["BAN_CHUA_BRDD", "value"] == 8


def test_catalogue_next_target_is_the_next_one_due(ro):
    df = queries.frame(ro.cursor(), "indicators/catalogue", as_of=dt.date(2026, 4, 30)).set_index("code")
    assert df.loc["BAN_CHUA_BRDD", "target_value"] == 4  # 30/4/2026 is still ahead
    df = queries.frame(ro.cursor(), "indicators/catalogue", as_of=dt.date(2026, 5, 1)).set_index("code")
    assert df.loc["BAN_CHUA_BRDD", "target_value"] == 0  # then the end-of-year target
    assert df.loc["KTS_GRDP", "target_value"] == 7
    assert len(df) == 40
