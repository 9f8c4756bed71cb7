"""Every read query under queries/ runs on the baseline database, is used by the application, and binds its values."""

import datetime as dt
import re

import pandas as pd
import pytest

import queries
from nq57 import codes, current, paths
from tests.query_kinds import PARAMS, READS, body

# Where a read needs another value than PARAMS gives to find something on the baseline.
READ_PARAMS = {"store/unit_tasks": {"unit_code": "SKHCN"}}  # the province itself leads no task

# Queries of things the baseline has none of (no task reported on, no account, no lock); other tests give them data.
EMPTY_ON_BASELINE = {
    "tasks/history",
    "access/locks",
    "access/users",
    "access/get_user",
    "access/sign_in_attempt",
    "store/period_lock",
}


@pytest.mark.parametrize("name", READS)
def test_read_query_runs(ro, name):
    unknown = queries.params_of(name) - PARAMS.keys() - codes.SQL_PARAMS.keys()
    assert not unknown, f"add a test value for {sorted(unknown)}"
    sql = queries.load(name)
    assert sql.lstrip().startswith("--"), "each query opens with a comment saying what it returns"
    # A write these tests do not recognise as one (a `with … insert`, say) must not run on the shared baseline.
    assert not re.search(r"\b(insert|update|delete|create|drop|alter|attach|copy)\b", body(name)), (
        f"{name} writes: teach written_table its form"
    )
    df = queries.frame(ro.cursor(), name, **{**PARAMS, **READ_PARAMS.get(name, {})})
    assert isinstance(df, pd.DataFrame)
    assert (len(df) == 0) == (name in EMPTY_ON_BASELINE), f"{name}: {len(df)} rows on the baseline"


# Where the application's code lives; a query only tests use is dead.
APP_CODE = [
    paths.ROOT / "app.py",
    *(p for d in ("nq57", "components", "app_pages", "benchmarks") for p in sorted((paths.ROOT / d).rglob("*.py"))),
]


@pytest.fixture(scope="module")
def used_names() -> set[str]:
    """Every quoted 'folder/name' string in the application's code."""
    return {m[1] for p in APP_CODE for m in re.finditer(r"[\"']([a-z_]+/[a-z0-9_]+)[\"']", p.read_text("utf-8"))}


@pytest.mark.parametrize("name", queries.names())
def test_query_is_used_by_the_application(used_names, name):
    if name not in used_names:
        pytest.fail(f"{name} is used by no page, module or benchmark: delete it, with its tests")


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
    current.rebuild(loaded)  # a row written with plain SQL, not through the importer
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
