"""The pure builder behind the coverage map, checked without streamlit."""

import json

import pytest

import queries
from components import maps


@pytest.fixture
def villages(ro):
    return queries.frame(ro.cursor(), "villages/register")  # what the map page draws


def test_coverage_deck_layers_and_village_points(villages):
    deck = maps.build_coverage_deck(villages)
    spec = json.loads(deck.to_json())
    ids = [layer["id"] for layer in spec["layers"]]
    assert ids == ["communes", "province", "commune-labels", "gap-halo", "villages", "fibre-marks", "village-labels"]
    labels = spec["layers"][2]
    assert {"ậ", "ổ", "ư"} <= set(labels["characterSet"])  # Vietnamese letters are in the font atlas
    assert not labels["characterSet"].startswith("@@=")  # a literal, not a data expression
    communes = spec["layers"][0]["data"]["features"]
    assert len(communes) == 38
    points = next(layer for layer in spec["layers"] if layer["id"] == "villages")["data"]
    assert len(points) == 7  # the eighth village has no known commune, so no position
    assert {tuple(p["colour"]) for p in points} == {tuple(maps.MOBILE_COLOURS["none"])}
    assert {p["where"] for p in points} == {"vị trí gần đúng (điểm giữa xã)"}
    assert len({(p["lat"], p["lon"]) for p in points}) == 7  # two villages of Nậm Hàng kept apart
    # Streamlit draws no basemap for pydeck's placeholder style; None or a URL would fetch one online.
    assert spec["mapStyle"] == "__MAP_STYLE__"
    assert spec.get("mapProvider") is None


def test_focus_zooms_to_the_commune_and_highlights_it(villages):
    deck = maps.build_coverage_deck(villages, {"code": "03434", "lat": 22.15, "lon": 103.02})
    spec = json.loads(deck.to_json())
    assert spec["initialViewState"]["zoom"] == 10
    fills = {f["properties"]["code"]: f["properties"]["fill"] for f in spec["layers"][0]["data"]["features"]}
    assert fills["03434"] != fills["03463"]
