"""What nq57.current maintains (the current flag, the series) stays exact when an upload changes the catalogue a
figure depends on.

An upload that brings indicators or documents refreshes only the (indicator, period) pairs they can change; one that
brings units, or whose own rows are most of the store, computes the series whole. Either way the tables must equal
what migration 0011's definitions compute from every row (current.drift), and the figures move as the catalogue says.
"""

import datetime as dt
import io
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

import queries
from nq57 import current, importer, paths, store
from nq57.baseline import write_workbook
from nq57.problems import WorkbookRejected
from nq57.workbook_format import INFO_FIELDS

MAY = dt.datetime(2026, 5, 20, 9, 30)
DOC = "351-KH/TU"
COMMUNES = ("03388", "03390", "03394", "03405")  # a ward, then three communes
EXAMPLES = int(os.environ.get("NQ57_PROPERTY_EXAMPLES", "6"))

# Commune figures of two commune-level indicators: VNEID's April has a province figure of its own, so only May is
# summed; TTHC_TRUCTUYEN's May is summed from two communes, both citing DOC.
SUMS = [
    {"indicator_code": "VNEID", "unit_code": "12", "period": "2026-04", "value": 70},
    *(
        {"indicator_code": "VNEID", "unit_code": u, "period": p, "numerator": n, "denominator": 100}
        for p in ("2026-04", "2026-05")
        for u, n in zip(COMMUNES[:3], (50, 60, 70), strict=True)
    ),
    {"indicator_code": "TTHC_TRUCTUYEN", "unit_code": "03390", "period": "2026-05", "value": 40, "source_doc": DOC},
    {"indicator_code": "TTHC_TRUCTUYEN", "unit_code": "03405", "period": "2026-05", "value": 60, "source_doc": DOC},
]


def bulk(**sheets: list[dict]) -> bytes:
    """An administrator's bulk load with the given sheets (keys as in nq57.workbook_format)."""
    buffer = io.BytesIO()
    write_workbook({"info": [{"field": INFO_FIELDS["kind"], "value": "bulk"}], **sheets}, buffer, ["Nạp thử"])
    return buffer.getvalue()


_names = iter(range(10**6))


def send(con, archive, data: bytes) -> int:
    return importer.import_workbook(con, data, f"nap_{next(_names)}.xlsx", "quantri", archive, now=MAY).upload_id


def rows(con, sql: str, params: list) -> tuple[list[str], list[tuple]]:
    """Column names and rows, on a cursor of its own (one left open would keep the importer from checkpointing)."""
    cur = con.cursor()
    try:
        cur.execute(sql, params)
        return [d[0] for d in cur.description], cur.fetchall()
    finally:
        cur.close()


def stored(con, table: str, code: str, /, **changes) -> dict:
    """A catalogue row as it is stored, with changes: what a sheet redefining it holds."""
    names, [row] = rows(con, f"select * exclude (upload_id) from {table} where code = ?", [code])
    return dict(zip(names, row, strict=True)) | changes


def series(con, indicator: str) -> dict[str, tuple]:
    sql = "select period, value, n_units, source_issued_on from board_series_rows where indicator_code = ?"
    return {period: tuple(rest) for period, *rest in rows(con, sql, [indicator])[1]}


def with_sums(con, archive) -> int:
    """Commune figures summed into the provincial series, on the baseline: the id of their upload."""
    upload_id = send(con, archive, bulk(observations=SUMS))
    assert current.drift(con) == {"observations": 0, "series": 0}
    return upload_id


@pytest.fixture
def sums(loaded, archive):
    with_sums(loaded, archive)
    return loaded


@pytest.fixture
def executed(monkeypatch) -> list[str]:
    """The names of the statements run (nq57.current's among them)."""
    names: list[str] = []

    def spy(cur, name, **params):
        names.append(name)
        return run(cur, name, **params)

    run = queries.execute
    monkeypatch.setattr(current.queries, "execute", spy)
    return names


def test_the_sums_are_there(sums):
    assert series(sums, "VNEID")["2026-05"][:2] == (60.0, 3)
    assert series(sums, "VNEID")["2026-04"][:2] == (70.0, None)  # the province's own figure, not a sum
    assert series(sums, "TTHC_TRUCTUYEN")["2026-05"][:2] == (50.0, 2)


def test_an_indicator_made_provincial_loses_its_sums(sums, archive, executed):
    send(sums, archive, bulk(indicators=[stored(sums, "indicators", "VNEID", level="province")]))
    assert "current/add_touched_series" in executed
    assert current.drift(sums) == {"observations": 0, "series": 0}
    assert series(sums, "VNEID").keys() == {"2026-04"}  # the reported figure stays, the sum goes
    assert series(sums, "TTHC_TRUCTUYEN")["2026-05"][:2] == (50.0, 2)


def test_an_indicator_made_a_count_is_summed(sums, archive, executed):
    send(sums, archive, bulk(indicators=[stored(sums, "indicators", "TTHC_TRUCTUYEN", measure="count")]))
    assert "current/add_touched_series" in executed
    assert current.drift(sums) == {"observations": 0, "series": 0}
    assert series(sums, "TTHC_TRUCTUYEN")["2026-05"][:2] == (100.0, 2)


def test_a_commune_made_an_agency_leaves_the_sums(sums, archive, executed):
    send(sums, archive, bulk(units=[stored(sums, "units", "03390", kind="agency")]))
    assert "current/rebuild_series" in executed  # a unit's figures are in most pairs: the series is computed whole
    assert current.drift(sums) == {"observations": 0, "series": 0}
    assert series(sums, "TTHC_TRUCTUYEN")["2026-05"][:2] == (60.0, 1)
    assert series(sums, "VNEID")["2026-05"][:2] == (60.0, 2)  # (50 + 70) / 200


def test_a_document_redated_redates_the_figures_citing_it(sums, archive, executed):
    send(sums, archive, bulk(documents=[stored(sums, "documents", DOC, issued_on=dt.date(2025, 7, 1))]))
    assert "current/add_touched_series" in executed
    assert current.drift(sums) == {"observations": 0, "series": 0}
    assert series(sums, "TTHC_TRUCTUYEN")["2026-05"][2] == dt.date(2025, 7, 1)


def test_a_catalogue_upload_with_figures_of_other_indicators(sums, archive, executed):
    june = {"indicator_code": "TTHC_TRUCTUYEN", "unit_code": "03394", "period": "2026-06", "value": 30}
    renamed = stored(sums, "indicators", "SK_DANGKY", name="Số sáng kiến đăng ký (tên mới)")
    send(sums, archive, bulk(indicators=[renamed], observations=[june]))
    assert "current/add_touched_series" in executed
    assert current.drift(sums) == {"observations": 0, "series": 0}
    assert series(sums, "TTHC_TRUCTUYEN")["2026-06"][:2] == (30.0, 1)


def test_an_upload_that_is_most_of_the_store_computes_the_series_whole(mem, archive, executed):
    importer.import_workbook(mem, paths.BASELINE_XLSX.read_bytes(), "nq57_baseline.xlsx", "baseline", archive)
    assert "current/rebuild_series" in executed and "current/add_touched_series" not in executed
    assert current.drift(mem) == {"observations": 0, "series": 0}


@hs.composite
def catalogue_uploads(draw) -> dict[str, list[dict]]:
    """A bulk load of some of: indicators redefined (level, measure), units redefined (kind), DOC redated, and
    figures of communes, wards and the province."""
    sheets: dict[str, list[dict]] = {}
    indicators = draw(hs.lists(hs.sampled_from(("VNEID", "TTHC_TRUCTUYEN")), unique=True, max_size=2))
    if indicators:
        sheets["indicators"] = [
            {"code": code}
            | {
                "level": draw(hs.sampled_from(("commune", "province"))),
                "measure": draw(hs.sampled_from(("percent", "count"))),
            }
            for code in indicators
        ]
    units = draw(hs.lists(hs.sampled_from(COMMUNES), unique=True, max_size=2))
    if units:
        sheets["units"] = [
            {"code": code, "kind": draw(hs.sampled_from(("commune", "ward", "agency")))} for code in units
        ]
    if draw(hs.booleans()):
        sheets["documents"] = [{"code": DOC, "issued_on": draw(hs.dates(dt.date(2025, 1, 1), dt.date(2026, 4, 1)))}]
    keys = draw(
        hs.lists(
            hs.tuples(
                hs.sampled_from(("VNEID", "TTHC_TRUCTUYEN")),
                hs.sampled_from(("12", *COMMUNES)),
                hs.sampled_from(("2026-04", "2026-05")),
            ),
            unique=True,
            max_size=4,
        )
    )
    if keys:
        sheets["observations"] = [
            {"indicator_code": i, "unit_code": u, "period": p, "value": draw(hs.integers(0, 100)), "source_doc": DOC}
            for i, u, p in keys
        ]
    return sheets


@settings(
    max_examples=EXAMPLES,
    derandomize="NQ57_PROPERTY_EXAMPLES" not in os.environ,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(uploads=hs.lists(catalogue_uploads(), min_size=1, max_size=3), undo=hs.booleans())
def test_any_catalogue_upload_keeps_the_tables_exact(tmp_path, uploads, undo):
    con = store.connect(":memory:")
    archive = tmp_path / "uploads"
    try:
        importer.import_workbook(con, paths.BASELINE_XLSX.read_bytes(), "nq57_baseline.xlsx", "baseline", archive)
        figures = with_sums(con, archive)
        for upload in uploads:
            filled = {
                key: [r if key == "observations" else stored(con, key, r["code"], **r) for r in rows]
                for key, rows in upload.items()
            }
            try:
                send(con, archive, bulk(**filled))
            except WorkbookRejected:
                continue  # a figure the catalogue as it now stands refuses: nothing written
            assert current.drift(con) == {"observations": 0, "series": 0}
        if undo:  # the figures summed under the catalogue as it was, rolled back under the one it now is
            importer.rollback(con, figures, "quantri", now=MAY)
            assert current.drift(con) == {"observations": 0, "series": 0}
    finally:
        con.close()
