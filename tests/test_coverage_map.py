"""The coverage map: its pydeck layers, the gap register and its reconciliation with 01-TB, and the page in AppTest."""

import datetime as dt
import io
import json

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import queries
from components import coverage_map, maps, scale
from nq57 import codes, coverage, exports, paths, task_rules, villages
from nq57.xlsx_text import SAFE_PREFIX
from tests import board_cards

TODAY = dt.date(2026, 12, 1)
PAGE = str(paths.ROOT / "app_pages" / "coverage_map.py")


@pytest.fixture
def register(ro):
    return queries.frame(ro.cursor(), "villages/register")


@pytest.fixture
def links(ro, register):
    return coverage.link_tasks(
        register, task_rules.register(queries.frame(ro.cursor(), "tasks/status", as_of=TODAY), TODAY)
    )


def layer(spec: dict, layer_id: str) -> dict:
    return next(item for item in spec["layers"] if item["id"] == layer_id)


def village(code, mobile, *, fibre=None, power=None, exact=False, close_by=dt.date(2026, 4, 30), commune="03434"):
    return {
        "code": code, "name": code, "commune_code": commune, "commune_name": "Xã Nậm Hàng", "mobile": mobile,
        "fibre": fibre, "grid_power": power, "close_by": close_by, "lat": 22.15 if commune else None,
        "lon": 103.02 + 0.1 * len(code), "coords_exact": exact,
    }  # fmt: skip


@pytest.fixture
def mixed():
    """Villages of every kind the map must tell apart (made up: the baseline has only villages without signal)."""
    return pd.DataFrame(
        [
            village("A", "none", power=False),  # no signal, no grid power, deadline passed
            village("BB", "patchy", fibre=False, close_by=dt.date(2027, 6, 30)),  # weak signal, no fibre, not due
            village("CCC", "4g", fibre=True, power=True, exact=True),  # covered
            village("DDDD", "5g", exact=True),
            village("E", "none", commune=None),  # commune unknown: cannot be drawn
        ]
    )


def test_offline_deck_has_every_layer_and_fetches_nothing(mixed):
    spec = json.loads(maps.build_coverage_deck(mixed, today=TODAY).to_json())
    ids = [item["id"] for item in spec["layers"]]
    assert ids == ["communes", "province", "commune-labels", "gap-halo", "villages", "fibre-marks", "village-labels"]
    assert len(layer(spec, "communes")["data"]["features"]) == 38
    assert layer(spec, "province")["data"]["features"]
    assert spec["mapStyle"] == "__MAP_STYLE__" and spec.get("mapProvider") is None
    assert layer(spec, "villages")["pickable"] and layer(spec, "communes")["pickable"]  # clicks drill down


def test_online_basemap_only_when_switched_on(mixed):
    spec = json.loads(maps.build_coverage_deck(mixed, basemap=True, today=TODAY).to_json())
    assert spec["mapProvider"] == "carto"
    assert spec["mapStyle"].startswith("https://basemaps.cartocdn.com/")
    fill = layer(spec, "communes")["data"]["features"][0]["properties"]["fill"]
    assert fill[3] < 100  # the tiles show through the communes


def test_villages_coloured_by_status_and_marked_for_power_fibre_and_deadlines(mixed):
    spec = json.loads(maps.build_coverage_deck(mixed, today=TODAY).to_json())
    points = {p["code"]: p for p in layer(spec, "villages")["data"]}
    assert set(points) == {"A", "BB", "CCC", "DDDD"}  # E has no commune, so no position
    for code, status in (("A", "none"), ("BB", "patchy"), ("CCC", "4g"), ("DDDD", "5g")):
        assert points[code]["colour"] == maps.MOBILE_COLOURS[status]
    assert {p["code"] for p in layer(spec, "gap-halo")["data"]} == {"A", "BB"}  # without broadband stand out
    assert {p["code"] for p in layer(spec, "village-labels")["data"]} == {"A", "BB"}
    assert points["A"]["radius"] > points["CCC"]["radius"]
    assert points["A"]["no_power"] and points["A"]["outline"] != points["BB"]["outline"]
    assert not points["CCC"]["no_power"] and not points["DDDD"]["no_power"]  # unknown is not a gap on record
    assert [p["code"] for p in layer(spec, "fibre-marks")["data"]] == ["BB"]
    assert points["A"]["passed"] and not points["BB"]["passed"]
    assert "đã quá hạn" in points["A"]["deadline"] and "chưa đến hạn" in points["BB"]["deadline"]
    assert points["A"]["label_colour"] != points["BB"]["label_colour"]
    assert points["A"]["approximate"] and points["A"]["label"] == "A*" and "gần đúng" in points["A"]["where"]
    assert "<" not in points["A"]["detail"] + points["A"]["title"]  # Streamlit escapes tooltip values
    assert not points["CCC"]["approximate"] and points["CCC"]["label"] == "CCC"


def test_the_eight_villages_on_the_map(register):
    spec = json.loads(maps.build_coverage_deck(register, today=TODAY).to_json())
    points = layer(spec, "villages")["data"]
    assert len(points) == 7  # the eighth has no commune in 01-TB
    assert all(p["gap"] and p["approximate"] for p in points)
    assert len(layer(spec, "gap-halo")["data"]) == 7
    labels = {p["name"]: p["label_offset"] for p in points}
    assert labels["Nậm Po"] != labels["Pá De"]  # the two villages of Nậm Hàng are labelled apart
    passed = {p["name"] for p in points if p["passed"]}
    assert passed == {"Tia Ma Mủ", "Pá Pon", "Huổi Linh", "Nậm Po"}  # due 30/4/2026


def test_a_click_picks_a_commune_or_a_village():
    commune = {"selection": {"objects": {"communes": [{"type": "Feature", "properties": {"code": "03434"}}]}}}
    assert maps.picked(commune) == {"commune": "03434"}
    point = {"selection": {"objects": {"villages": [{"code": "BAN-004", "commune_code": "03434"}]}}}
    assert maps.picked(point) == {"commune": "03434", "village": "BAN-004"}
    assert maps.picked({"selection": {"objects": {}}}) == {} and maps.picked(None) == {}


def test_choropleth_grey_for_communes_without_data():
    values = pd.DataFrame(
        {
            "code": ["03434", "03463", "03487"],
            "name": ["Xã Nậm Hàng", "Xã Tà Tổng", "Xã Lê Lợi"],
            "value": [40.0, 80.0, None],
            "numerator": [None] * 3,
            "denominator": [None] * 3,
        }
    )
    colours = scale.classes(values["value"], "percent")
    spec = json.loads(maps.build_indicator_deck(values, "percent", colours).to_json())
    fills = {
        f["properties"]["code"]: f["properties"]["fill"] for f in layer(spec, "indicator-communes")["data"]["features"]
    }
    assert fills["03487"][:3] == scale.NO_DATA  # reported nothing
    assert fills["03408"][:3] == scale.NO_DATA  # not in the figures at all
    assert fills["03434"][:3] != scale.NO_DATA and fills["03434"] != fills["03463"]
    assert "chưa có số liệu" in maps.legend_html(colours)


def test_each_village_linked_to_the_task_that_names_it(links):
    got = dict(zip(links["code"], links["task_code"], strict=True))
    assert got == {**{f"BAN-00{i}": "01TB-04" for i in range(1, 5)}, **{f"BAN-00{i}": "01TB-05" for i in range(5, 9)}}
    assert set(links["operator"]) == {"VNPT Lai Châu; Viettel Lai Châu"}
    assert links.set_index("code").loc["BAN-008", "link"] == "nhiệm vụ nêu “01 bản chưa nêu tên”"


def test_gap_register_reconciles_with_the_headline_figures(ro, register, links):
    gaps = coverage.gap_register(register, links, TODAY)
    assert len(gaps) == 8 and gaps["no_broadband"].all()
    assert list(gaps["priority"]) == list(range(1, 9))
    assert list(gaps["passed"]) == [True] * 4 + [False] * 4  # past deadlines first
    headline = queries.frame(ro.cursor(), "villages/headline", unit_code=codes.PROVINCE, as_of=TODAY)
    table = coverage.reconcile(gaps, headline).set_index("Chỉ tiêu")
    assert table["Theo văn bản"].tolist() == [8, 3, 109]
    assert table["Có tên trong sổ"].tolist() == [8, 0, 0]
    assert table["Chưa liệt kê"].tolist() == [0, 3, 109]
    assert set(table["Nguồn"]) == {"Thông báo 01-TB/CQTTBCD ngày 16/4/2026, mục 1"}
    assert "1 bản văn bản chưa nêu tên" in table.loc["Bản chưa có băng rộng di động", "Đối chiếu"]


def test_register_counts_what_is_not_listed_and_the_sorts(ro, register, links):
    gaps = coverage.gap_register(register, links, TODAY)
    assert coverage.register_counts(gaps) == [
        ("Trong sổ: chưa có băng rộng di động", 8),
        ("Trong sổ: chưa có sóng và chưa có điện", 0),
        ("Trong sổ: chưa có cáp quang", 0),
    ]
    headline = queries.frame(ro.cursor(), "villages/headline", unit_code=codes.PROVINCE, as_of=TODAY)
    assert coverage.not_listed_text(coverage.reconcile(gaps, headline)) == (
        "Chưa liệt kê: văn bản nêu tổng số nhưng chưa nêu tên 3 bản chưa có điện lưới (trong số chưa có sóng), "
        "109 thôn, bản chưa có cáp quang. Sổ sẽ đủ khi các xã báo cáo từng thôn, bản (trang “Thôn, bản” của mẫu "
        "báo cáo tháng)."
    )
    assert coverage.not_listed_text(pd.DataFrame({"Chưa liệt kê": [0, None, 0]})) is None
    table = coverage.register_table(gaps)
    priority, deadline, commune = (coverage.sort_register(table, o) for o in coverage.REGISTER_SORTS)
    assert list(priority["Ưu tiên"]) == list(range(1, 9))
    assert list(deadline["Ưu tiên"]) == list(range(1, 9))  # the four passed deadlines are the first four
    assert list(commune["Ưu tiên"]) == [6, 2, 3, 4, 7, 1, 5, 8]  # by commune, priority within one
    assert list(commune["Xã"])[3:5] == ["Xã Nậm Hàng", "Xã Nậm Hàng"] and commune["Xã"].iloc[-1] == "chưa rõ"


def test_village_list_of_a_commune_and_the_choices(ro, register, links):
    communes = queries.frame(ro.cursor(), "units/communes")
    names = dict(zip(communes["code"], communes["name"], strict=True))
    choices = villages.commune_choices(register, names)
    assert len(choices) == 39 and choices[0] == ""  # the whole province, then 38 communes and wards
    with_villages = [names[c] for c in choices[1:7]]
    assert with_villages == sorted(with_villages) and "Xã Nậm Hàng" in with_villages  # communes with villages first
    assert len(villages.in_commune(register, links, "")) == 8
    shown = villages.in_commune(register, links, "03434")
    table = villages.village_table(shown, TODAY)
    assert list(table["Thôn, bản"]) == ["Nậm Po ⚠", "Pá De ⚠"]
    assert list(table["Đã quá hạn"]) == ["Có", "Chưa"]
    assert list(table["Nhiệm vụ"]) == ["01TB-04: Đã qua hạn, chưa có báo cáo", "01TB-05: Đang thực hiện, trong hạn"]
    assert list(table["Nguồn"]) == ["Thông báo 01-TB/CQTTBCD, mục 2.3"] * 2
    labels = villages.village_labels(villages.in_commune(register, links, ""))
    assert (labels["BAN-004"], labels["BAN-008"]) == ("Nậm Po (Xã Nậm Hàng)", "(Chưa nêu tên) (chưa rõ xã)")


def test_commune_indicators_are_those_each_commune_reports(ro):
    indicators = coverage.commune_indicators(queries.frame(ro.cursor(), "indicators/catalogue", as_of=TODAY))
    assert list(indicators.index) == ["TTHC_TRUCTUYEN", "VNEID", "HT_4G_THON", "CBX_MAYTINH_CKS", "NL_CBCCXA_KNS"]
    assert set(indicators["measure"]) == {"percent"}


def test_priority_puts_no_power_first_then_passed_then_households(mixed):
    no_links = pd.DataFrame({"code": []})
    mixed["households"] = pd.array([None, 120, None, None, 40], dtype="Int64")
    gaps = coverage.gap_register(mixed.assign(grid_power=[None, False, None, None, None]), no_links, TODAY)
    # BB lacks grid power; A and E passed the same day: E's households are known, A's are not.
    assert list(gaps["code"]) == ["BB", "E", "A"]
    mixed["households"] = pd.array([500, 120, None, None, 40], dtype="Int64")
    gaps = coverage.gap_register(mixed.assign(close_by=dt.date(2026, 1, 31), grid_power=None), no_links, TODAY)
    assert list(gaps["code"]) == ["A", "BB", "E"]  # all passed the same day: most households first
    assert gaps["households"].tolist() == [500, 120, 40]


def test_history_and_sources_follow_a_monthly_return(loaded):
    upload = loaded.execute(
        "insert into uploads (file_name, sha256, size_bytes, kind, unit_code, period, uploaded_by, uploaded_at, "
        "row_counts) values ('nam_hang_2026_06.xlsx', 'x', 1, 'return', '03434', '2026-06', 'clerk', now(), '{}') "
        "returning id"
    ).fetchone()[0]
    loaded.execute(
        "insert into village_reports (village_code, period, mobile, fibre, grid_power, note, upload_id, sheet, "
        "row_number) values ('BAN-004', '2026-06', '4g', false, true, 'Trạm BTS mới', ?, 'Thôn, bản', 4)",
        [upload],
    )
    history = villages.history_table(queries.frame(loaded.cursor(), "villages/history", village_code="BAN-004"))
    assert list(history["Lần ghi"]) == ["Sổ gốc", "Tháng 6/2026"]
    assert list(history["Tệp"]) == ["nq57_baseline.xlsx", "nam_hang_2026_06.xlsx"]
    assert list(history["Sóng di động"]) == ["Không có sóng", "4G"]
    register = queries.frame(loaded.cursor(), "villages/register")
    row = next(register[register["code"] == "BAN-004"].itertuples(index=False))
    facts = villages.facts(row).set_index("Thông tin")
    assert facts.loc["Sóng di động", "Giá trị"] == "4G"
    assert facts.loc["Sóng di động", "Nguồn"] == (
        "Báo cáo tháng 6/2026: tệp “nam_hang_2026_06.xlsx”, trang “Thôn, bản”, dòng 4"
    )
    assert facts.loc["Tên", "Nguồn"].endswith("tệp “nq57_baseline.xlsx”, trang “Thôn, bản”, dòng 5")
    gaps = coverage.gap_register(register, pd.DataFrame({"code": []}), TODAY)
    nam_po = gaps.set_index("code").loc["BAN-004"]
    assert not nam_po["no_broadband"] and nam_po["no_fibre"] and nam_po["gaps"] == "chưa có cáp quang"


def test_gap_register_export_neutralises_cells(register, links):
    gaps = coverage.gap_register(register, links, TODAY)
    table = coverage.register_table(gaps)
    table.loc[0, "Thôn, bản"] = '=HYPERLINK("http://x")'
    recon = coverage.reconcile(gaps, pd.DataFrame(columns=["indicator_code"]))
    wb = openpyxl.load_workbook(io.BytesIO(exports.gap_register_workbook(table, recon, TODAY)))
    sheet = wb["Sổ lõm sóng"]
    assert [c.value for c in sheet[3]] == list(table.columns)
    assert sheet.cell(row=4, column=2).value.startswith(SAFE_PREFIX)
    assert sheet.max_row == 3 + 8
    assert wb["Đối chiếu"].cell(row=4, column=7).value == "Chưa có số liệu từ văn bản để đối chiếu."


# --- the page --------------------------------------------------------------------------------------------------------


@pytest.fixture
def page(baseline_db, monkeypatch):
    monkeypatch.setenv("NQ57_DB", str(baseline_db))
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_page_headline_map_and_village_list(page):
    cards = {card["label"]: card for card in board_cards.on_page(page)}  # one HTML block (components.cards)
    got = {label: card["value"] for label, card in cards.items()}
    assert (got["Bản chưa có băng rộng di động"], got["…trong đó chưa có điện lưới"]) == ("8", "3")
    assert got["Thôn, bản chưa có cáp quang"] == "109"
    assert cards["Thôn, bản chưa có cáp quang"]["caption"].startswith("Quý I/2026 · Nguồn: Thông báo 01-TB/CQTTBCD")
    assert page.get("deck_gl_json_chart")  # the map is drawn
    villages = page.dataframe[0].value
    assert len(villages) == 8
    assert set(villages["Vị trí"]) == {"gần đúng (điểm giữa xã)"}
    assert list(villages["Đã quá hạn"]).count("Có") == 4
    assert set(villages["Nhiệm vụ"]) == {"01TB-04: Đã qua hạn, chưa có báo cáo", "01TB-05: Đang thực hiện, trong hạn"}


def test_page_commune_drill_down_and_village_detail(page):
    # On the province's first view the village's detail is folded, and not built.
    [detail] = [e for e in page.expander if e.label.startswith("Chi tiết từng thôn, bản")]
    assert not detail.children and "map-village" not in [box.key for box in page.selectbox]
    page.selectbox(key="map-commune").set_value("03434").run()  # choosing a commune opens it
    assert not page.exception
    assert page.session_state[coverage_map.DETAIL_KEY] is True
    villages = page.dataframe[0].value
    assert list(villages["Thôn, bản"]) == ["Nậm Po ⚠", "Pá De ⚠"]
    assert page.selectbox(key="map-village").options == ["Nậm Po (Xã Nậm Hàng)", "Pá De (Xã Nậm Hàng)"]
    page.selectbox(key="map-village").set_value("BAN-007").run()
    facts = page.dataframe[1].value.set_index("Thông tin")
    assert facts.loc["Tên", "Giá trị"] == "Pá De (chưa chắc chắn)"
    assert "dòng 8" in facts.loc["Tên", "Nguồn"]
    assert facts.loc["Nhiệm vụ liên quan", "Giá trị"].startswith("01TB-05")
    history = page.dataframe[2].value
    assert list(history["Tệp"]) == ["nq57_baseline.xlsx"] and list(history["Dòng"]) == [8]
    page.selectbox(key="map-commune").set_value("03466").run()  # Bum Nưa: no village on record
    assert not page.exception
    assert any("chưa có thôn, bản nào" in i.value for i in page.info)


def test_page_gap_register_counts(page):
    page.button_group(key="map-view").set_value("Sổ theo dõi lõm sóng").run()
    assert not page.exception
    got = metrics(page)
    assert got["Trong sổ: chưa có băng rộng di động"] == "8"
    assert got["Trong sổ: chưa có sóng và chưa có điện"] == "0"
    recon = page.dataframe[0].value
    assert recon["Theo văn bản"].tolist() == [8, 3, 109]
    assert recon["Chưa liệt kê"].tolist() == [0, 3, 109]
    register = page.dataframe[1].value
    assert len(register) == 8 and register["Ưu tiên"].tolist() == list(range(1, 9))
    assert page.get("download_button")
    page.radio(key="map-register-sort").set_value("Xã").run()
    assert page.dataframe[1].value["Xã"].tolist()[0] == "Xã Khoen On"


def test_page_choropleth_of_a_commune_indicator(page):
    page.button_group(key="map-view").set_value("Chỉ tiêu theo xã").run()
    assert not page.exception
    page.selectbox(key="map-indicator").set_value("VNEID").run()
    assert not page.exception
    assert any("màu xám" in i.value for i in page.info)  # the baseline has no commune figures
    assert page.get("deck_gl_json_chart")
