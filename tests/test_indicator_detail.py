"""Indicator detail on "Chỉ tiêu": trend against the target, latest figure, communes ranked and mapped."""

import datetime as dt
import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import queries
from components import charts, maps, scale
from components.text import md
from nq57 import cli, fmt, paths
from tests.accounts import ADMIN, make_accounts_in

APP = str(paths.ROOT / "app.py")


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory):
    """The baseline with the synthetic monthly figures up to November 2026 (commune-level VNEID among them)."""
    db = tmp_path_factory.mktemp("indicator-sample") / "nq57.duckdb"
    cli.init_database(db)
    make_accounts_in(db)
    assert cli.main(["sample", "--db", str(db), "--until", "2026-11-30", "--as", ADMIN.username]) == 0
    return db


@pytest.fixture
def communes(ro):
    """All 38 communes and wards with made-up VNEID figures, five of them without one."""
    units = queries.frame(ro.cursor(), "units/communes")
    values = [None if i % 8 == 3 else 20.0 + i * 1.5 for i in range(len(units))]
    return pd.DataFrame(
        {
            "code": units["code"],
            "name": units["name"],
            "period": "2026-11",
            "value": values,
            "numerator": [None if v is None else v * 10 for v in values],
            "denominator": [None if v is None else 1000.0 for v in values],
        }
    )


def test_commune_values_query_lists_every_commune(ro):
    got = queries.frame(ro.cursor(), "indicators/commune_values", indicator_code="VNEID", as_of=dt.date(2026, 12, 1))
    assert len(got) == 38
    assert got["value"].isna().all()  # the baseline has no commune figures


def test_ranking_has_all_communes_best_first_and_marks_the_missing(communes):
    fig = charts.build_commune_ranking(communes, "percent", (">=", 50.0))
    order = list(reversed(fig.layout.yaxis.categoryarray))  # plotly draws the array bottom-up
    assert len(order) == 38
    have = communes.dropna(subset=["value"]).sort_values("value", ascending=False)
    missing = communes[communes["value"].isna()]
    assert len(missing) == 5
    assert order[: len(have)] == list(have["name"])
    assert set(order[len(have) :]) == set(missing["name"])
    bars, grey = fig.data
    assert list(bars.y) == list(have["name"])
    assert bars.text[0] == fmt.percent(have["value"].iloc[0])
    assert set(grey.y) == set(missing["name"])
    assert set(grey.text) == {"chưa có số liệu"}
    assert grey.marker.color == scale.hex_colour(scale.NO_DATA)
    assert scale.hex_colour(scale.NO_DATA) not in bars.marker.color
    assert fig.layout.shapes[0].x0 == 50.0
    assert fig.layout.annotations[0].text == "Mục tiêu ≥ 50%"


def test_map_fills_communes_by_value_and_the_missing_grey(communes):
    deck = maps.build_indicator_deck(communes, "percent")
    spec = json.loads(deck.to_json())
    layer = spec["layers"][0]
    assert layer["@@type"] == "GeoJsonLayer"
    features = layer["data"]["features"]
    assert len(features) == 38
    fills = {f["properties"]["code"]: f["properties"]["fill"][:3] for f in features}
    missing = set(communes.loc[communes["value"].isna(), "code"])
    assert {c for c, fill in fills.items() if fill == scale.NO_DATA} == missing
    assert len({tuple(fill) for c, fill in fills.items() if c not in missing}) > 1  # a scale, not one colour
    tips = {f["properties"]["code"]: f["properties"]["tooltip"] for f in features}
    assert all("chưa có số liệu" in tips[c] for c in missing)
    # No basemap: no provider, and pydeck's placeholder style, for which Streamlit fetches nothing
    # (map_style=None would make Streamlit pick a CARTO basemap from the Internet; see test_components).
    assert spec.get("mapProvider") is None
    assert spec["mapStyle"] == "__MAP_STYLE__"
    legend = maps.legend_html(scale.classes(communes["value"], "percent"))
    assert "màu xám: chưa có số liệu" in legend


def test_scale_classes_are_round_and_cover_the_values():
    s = scale.classes([15.0, 77.3], "percent")
    assert s.edges == (0, 20, 40, 60, 80)
    assert s.labels()[0] == "0–20%"
    assert s.colour(77.3) == s.colours[-1]
    assert s.colour(None) == scale.NO_DATA
    assert s.colour(float("nan")) == scale.NO_DATA


def test_trend_has_the_target_level_up_to_the_deadline_and_a_deadline_line():
    series = pd.DataFrame(
        {
            "period": ["2026-09", "2026-10", "2026-11"],
            "period_end": pd.to_datetime(["2026-09-30", "2026-10-31", "2026-11-30"]),
            "value": [47.1, 48.3, 49.3],
            "denominator": [70422.0] * 3,
        }
    )
    targets = pd.DataFrame(
        {
            "comparator": [">="],
            "target_value": [50.0],
            "deadline": pd.to_datetime(["2026-12-31"]),
            "source_doc": ["32-KH/TU"],
        }
    )
    fig = charts.build_target_trend(series, targets, "percent", "%")
    line, target = fig.data
    assert line.name == "Số liệu toàn tỉnh"
    assert list(line.y) == [47.1, 48.3, 49.3]
    assert line.text[-1] == "<b>49,3%</b>"
    assert target.name == "Mục tiêu"
    assert target.line.dash == "dash"
    assert list(target.y) == [50.0, 50.0]
    assert target.x[-1] == dt.date(2026, 12, 31)  # the level runs up to the deadline
    deadline = fig.layout.shapes[0]
    assert (deadline.x0, deadline.x1, deadline.yref) == (dt.date(2026, 12, 31), dt.date(2026, 12, 31), "paper")
    texts = [a.text for a in fig.layout.annotations]
    assert "<b>Hạn 31/12/2026</b>" in texts
    assert "Mục tiêu ≥ 50% (32-KH/TU)" in texts
    assert fig.layout.xaxis.range[1] > dt.date(2026, 12, 31)


def test_trend_with_two_targets_draws_two_levels_and_deadlines():
    series = pd.DataFrame(columns=["period", "period_end", "value", "denominator"])
    targets = pd.DataFrame(
        {
            "comparator": ["<=", "<="],
            "target_value": [4.0, 0.0],
            "deadline": pd.to_datetime(["2026-04-30", "2026-12-31"]),
            "source_doc": ["01-TB/CQTTBCD", "01-TB/CQTTBCD"],
        }
    )
    fig = charts.build_target_trend(series, targets, "count")
    assert [t.name for t in fig.data] == ["Mục tiêu", "Mục tiêu"]
    assert fig.data[1].x[0] == dt.date(2026, 4, 30)  # the second level starts at the first deadline
    assert {a.text for a in fig.layout.annotations} >= {"<b>Hạn 30/4/2026</b>", "<b>Hạn 31/12/2026</b>"}


def test_page_shows_vneid_from_the_communes(sample_db, monkeypatch):
    monkeypatch.setenv("NQ57_DB", str(sample_db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/indicators.py")
    at.run()
    at.selectbox(key="indicators-detail").set_value("VNEID").run()
    assert not at.exception, [e.value for e in at.exception]
    got = {m.label: m.value for m in at.metric}
    assert got["Số liệu mới nhất"] == "49,3%"
    assert got["Kỳ"] == "Tháng 11/2026"
    assert got["Ngày báo cáo"] == fmt.date(dt.date.today())  # the sample was loaded today
    assert got["Tử số/mẫu số"] == "34.727/70.422"
    text = "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])
    assert f"**Nguồn:** :red[**{md(fmt.SAMPLE_MARK + ' (tệp “du_lieu_mau.xlsx”)')}**]" in text
    assert "tổng hợp từ 38/38 xã, phường" in text
    assert "**Theo xã, phường: tháng 11/2026** (38/38 đã báo cáo)" in text
    assert "Tất cả xã, phường đã có số liệu." in text
    assert len(at.get("plotly_chart")) == 2  # trend and ranking
    assert len(at.get("deck_gl_json_chart")) == 1


def test_page_without_commune_figures_has_no_commune_section(sample_db, monkeypatch):
    monkeypatch.setenv("NQ57_DB", str(sample_db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/indicators.py")
    at.run()
    at.selectbox(key="indicators-detail").set_value("BAN_CHUA_BRDD").run()
    assert not at.exception, [e.value for e in at.exception]
    got = {m.label: m.value for m in at.metric}
    assert "Đơn vị tính" in got
    assert len(at.get("deck_gl_json_chart")) == 0
