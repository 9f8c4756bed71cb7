"""pydeck maps (coverage, an indicator per commune): drawn from files shipped in data/geo, no tile server needed."""

import copy
import datetime as dt
import html
import json
import math
from functools import cache
from pathlib import Path

import pandas as pd
import pydeck as pdk

from components import scale
from nq57 import coverage, fmt, paths
from nq57.periods import as_date
from nq57.workbook_format import MOBILE_LABELS

LABEL_CHARACTERS = 24  # a village's name on the map, cut beyond this: whole names are in the tooltip and the list


def _short(name: str) -> str:
    """A name short enough not to run over its neighbours' on the map."""
    name = " ".join(str(name).split())
    return name if len(name) <= LABEL_CHARACTERS else name[: LABEL_CHARACTERS - 1].rstrip() + "…"


PROVINCE_VIEW = pdk.ViewState(latitude=22.2, longitude=103.2, zoom=8.45)
# The whole province in a map about 650 px wide: beside a chart, in three fifths of a 1280 px projector screen.
PROVINCE_FIT = pdk.ViewState(latitude=22.25, longitude=103.15, zoom=8.1)
MOBILE_COLOURS = {
    "none": [197, 48, 48],
    "patchy": [221, 107, 32],
    "3g": [214, 158, 46],
    "4g": [56, 161, 105],
    "5g": [43, 108, 176],
}
# The template's HTML is drawn; the values put into it are escaped, so they carry no markup.
COVERAGE_TOOLTIP = {"html": "<b>{title}</b><br/>{detail}<br/><i>{where}</i>"}
INDICATOR_TOOLTIP = {"html": "<b>{title}</b><br/>{detail}"}
FONT_FAMILY = "Source Sans Pro, Arial, sans-serif"
ATTRIBUTION = (
    "Ranh giới hành chính: sapnhap.bando.com.vn (NXB Tài nguyên – Môi trường và Bản đồ Việt Nam), "
    "qua thanglequoc/vietnamese-provinces-database (MIT)."
)


@cache
def load_geojson(name: str, geo_dir: Path = paths.GEO_DIR) -> dict:
    """A GeoJSON file from data/geo, read once per process."""
    return json.loads((geo_dir / name).read_text(encoding="utf-8"))


def _literal(text: str) -> pdk.types.String:
    """A plain string prop: pydeck otherwise turns every string into a data expression ('@@=...')."""
    return pdk.types.String(text)


def _spread(df: pd.DataFrame) -> pd.DataFrame:
    """Villages placed at the same commune point are set on a small ring so each stays visible.

    The ring starts due north, so a pair sits one above the other; a village south of the point gets its label below
    it (label_below), so two names never print on top of each other.
    """
    df = df.copy()
    df["label_below"] = False
    for _, idx in df.groupby(["lat", "lon"]).groups.items():
        if len(idx) < 2:
            continue
        for k, i in enumerate(idx):
            angle = math.pi / 2 + 2 * math.pi * k / len(idx)
            df.loc[i, "lat"] += 0.035 * math.sin(angle)
            df.loc[i, "lon"] += 0.035 * math.cos(angle)
            df.loc[i, "label_below"] = math.sin(angle) < -1e-9
    return df


def village_records(villages: pd.DataFrame, today: dt.date | None = None) -> list[dict]:
    """JSON-ready village points with their colour, marks and tooltip text; villages without a position are left out.

    A village without mobile broadband is drawn larger with a halo; one known to lack grid power gets a thick dark
    ring, one known to lack fibre a dark centre dot; the label of an approximate position ends in '*', and turns dark
    red once the date to close the gap has passed.
    """
    today = today or dt.date.today()
    df = _spread(villages.dropna(subset=["lat", "lon"]))
    records = []
    for r in df.itertuples():
        where = "vị trí gần đúng (điểm giữa xã)" if not coverage.is_true(r.coords_exact) else "vị trí chính xác"
        gap = r.mobile in coverage.WITHOUT_SIGNAL
        close_by = as_date(r.close_by)
        passed = coverage.overdue(r.mobile, close_by, today)
        no_power = coverage.is_false(r.grid_power)
        no_fibre = coverage.is_false(getattr(r, "fibre", None))
        deadline = fmt.date(close_by) if close_by is not None else "chưa có"
        if gap and close_by is not None:
            deadline += f" ({'đã quá hạn' if passed else 'chưa đến hạn'})"
        power = coverage.yes_no(r.grid_power, "có điện lưới", "chưa có điện lưới").lower()
        fibre = coverage.yes_no(getattr(r, "fibre", None), "có cáp quang", "chưa có cáp quang").lower()
        mobile = MOBILE_LABELS.get(r.mobile, r.mobile)
        commune = r.commune_name if isinstance(r.commune_name, str) else ""
        records.append(
            {
                "code": r.code,
                "name": r.name,
                "label": _short(r.name) + ("" if coverage.is_true(r.coords_exact) else "*"),
                "commune": commune,
                "commune_code": r.commune_code,
                "lat": float(r.lat),
                "lon": float(r.lon),
                "colour": MOBILE_COLOURS.get(r.mobile, [113, 128, 150]),
                "label_colour": [155, 28, 28] if passed else [45, 55, 72],
                "label_offset": [0, 24] if r.label_below else [0, -24],
                "radius": 1800 if gap else 1000,
                "outline": [26, 32, 44] if no_power else [255, 255, 255],
                "outline_width": 4 if no_power else 2,
                "gap": gap,
                "passed": passed,
                "no_power": no_power,
                "no_fibre": no_fibre,
                "approximate": not coverage.is_true(r.coords_exact),
                "mobile": mobile,
                "deadline": deadline,
                "where": where,
                # Streamlit escapes the values it puts into the tooltip's HTML: plain text only here.
                "title": f"{r.name} ({commune or 'chưa rõ xã'})",
                "detail": f"Sóng: {mobile} · hạn xóa lõm {deadline} · điện: {power} · cáp quang: {fibre}",
            }
        )
    return records


def build_coverage_deck(
    villages: pd.DataFrame, focus: dict | None = None, basemap: bool = False, today: dt.date | None = None
) -> pdk.Deck:
    """Province outline, communes (the focused one highlighted) and villages coloured by mobile coverage.

    basemap: draw CARTO's light tiles under the layers (needs the Internet); off by default so the map draws offline.
    """
    communes = copy.deepcopy(load_geojson("lai_chau_communes_2025_simplified.geojson"))
    focus_code = focus["code"] if focus else None
    for feature in communes["features"]:
        props = feature["properties"]
        selected = props["code"] == focus_code
        props["fill"] = [66, 153, 225, 90] if selected else [237, 242, 247, 60 if basemap else 200]
        props["title"] = props["fullName"]
        props["detail"] = "Chọn xã trong danh sách phía trên để xem các thôn, bản"
        props["where"] = ""
    province = load_geojson("lai_chau_province_2025_simplified.geojson")
    points = village_records(villages, today)
    gaps = [p for p in points if p["gap"]]
    labels = [
        {"text": f["properties"]["name"], "lat": f["properties"]["label_lat"], "lon": f["properties"]["label_lon"]}
        for f in communes["features"]
    ]
    layers = [
        pdk.Layer(
            "GeoJsonLayer",
            id="communes",
            data=communes,
            stroked=True,
            filled=True,
            get_fill_color="properties.fill",
            get_line_color=[120, 130, 145],
            line_width_min_pixels=1,
            pickable=True,
        ),
        pdk.Layer(
            "GeoJsonLayer",
            id="province",
            data=province,
            stroked=True,
            filled=False,
            get_line_color=[45, 55, 72],
            line_width_min_pixels=3,
        ),
        pdk.Layer(
            "TextLayer",
            id="commune-labels",
            data=labels,
            get_position="[lon, lat]",
            get_text="text",
            get_size=13,
            get_color=[74, 85, 104],
            get_pixel_offset=[0, 18],  # below the point, where a village dot may sit
            # deck.gl draws only the characters in its font atlas (ASCII by default): list every letter used.
            character_set=_literal("".join(sorted({ch for label in labels for ch in label["text"]}))),
            font_family=_literal(FONT_FAMILY),
        ),
        pdk.Layer(
            "ScatterplotLayer",
            id="gap-halo",
            data=gaps,
            get_position="[lon, lat]",
            get_fill_color=[197, 48, 48, 70],
            stroked=False,
            radius_min_pixels=18,
            radius_max_pixels=48,
            get_radius=3500,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            id="villages",
            data=points,
            get_position="[lon, lat]",
            get_fill_color="colour",
            get_line_color="outline",
            get_line_width="outline_width",
            line_width_units=_literal("pixels"),
            stroked=True,
            line_width_min_pixels=2,
            radius_min_pixels=9,
            radius_max_pixels=30,
            get_radius="radius",
            pickable=True,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            id="fibre-marks",
            data=[p for p in points if p["no_fibre"]],
            get_position="[lon, lat]",
            get_fill_color=[26, 32, 44],
            stroked=False,
            radius_min_pixels=3,
            radius_max_pixels=8,
            get_radius=300,
        ),
        pdk.Layer(
            "TextLayer",
            id="village-labels",
            data=gaps,
            get_position="[lon, lat]",
            get_text="label",
            get_size=15,
            get_color="label_colour",
            get_pixel_offset="label_offset",
            outline_width=2,
            outline_color=[255, 255, 255],
            font_settings={"sdf": True},
            character_set=_literal("".join(sorted({ch for p in gaps for ch in p["label"]}))),
            font_family=_literal(FONT_FAMILY),
            font_weight=700,
        ),
    ]
    view = PROVINCE_VIEW
    if focus:
        view = pdk.ViewState(latitude=focus["lat"], longitude=focus["lon"], zoom=10)
    if basemap:
        # CARTO's light tiles, fetched from the Internet only when the user switches them on.
        return pdk.Deck(
            layers=layers,
            initial_view_state=view,
            map_provider="carto",
            map_style=pdk.map_styles.CARTO_LIGHT,
            tooltip=COVERAGE_TOOLTIP,
        )
    return pdk.Deck(
        layers=layers,
        initial_view_state=view,
        # No map provider and pydeck's default style placeholder: Streamlit then draws no basemap at all.
        # (map_style=None would make Streamlit fetch a CARTO style from the Internet.)
        map_provider=None,
        tooltip=COVERAGE_TOOLTIP,
    )


def picked(selection) -> dict:
    """What a click on the coverage map chose: {'commune': code} and, for a village, {'village': code} too."""
    objects = (selection or {}).get("selection", {}).get("objects", {}) or {}
    village = (objects.get("villages") or [None])[0]
    if village:
        return {"commune": village.get("commune_code"), "village": village.get("code")}
    commune = (objects.get("communes") or [None])[0]
    if commune:
        code = (commune.get("properties") or commune).get("code")
        return {"commune": code} if code else {}
    return {}


def coverage_legend_html() -> str:
    """The map's key: mobile coverage colours, then the marks for gaps, power, fibre, deadlines and positions."""
    dot = "<span style='color: rgb({},{},{}); font-size: 1.3em'>●</span> {}"
    items = [dot.format(*rgb, MOBILE_LABELS[code]) for code, rgb in MOBILE_COLOURS.items()]
    marks = [
        "<span style='display:inline-block;width:1.1em;height:1.1em;border-radius:50%;"
        "background:rgba(197,48,48,.3);vertical-align:middle'></span> quầng đỏ: chưa có băng rộng di động",
        "<span style='display:inline-block;width:.8em;height:.8em;border-radius:50%;border:3px solid #1a202c;"
        "vertical-align:middle'></span> viền đen: chưa có điện lưới",
        "<span style='font-size:1.2em'>•</span> chấm đen ở giữa: chưa có cáp quang",
        "<b style='color:#9b1c1c'>tên đỏ</b>: đã quá hạn xóa lõm",
        "<b>*</b> vị trí gần đúng (điểm giữa xã)",
    ]
    return (
        "<div style='font-size: 0.95rem; line-height: 1.7'>Sóng di động: "
        + " · ".join(items)
        + "<br/>"
        + " · ".join(marks)
        + "</div>"
    )


def build_indicator_deck(values: pd.DataFrame, measure: str, colours: scale.Scale | None = None) -> pdk.Deck:
    """Communes filled by their figure on the shared colour scale, grey where there is none; names and figures.

    values: code, name, value, numerator, denominator (indicators/commune_values).
    """
    colours = colours or scale.classes(values["value"], measure)
    by_code = values.set_index("code")
    communes = copy.deepcopy(load_geojson("lai_chau_communes_2025_simplified.geojson"))
    labels = []
    for feature in communes["features"]:
        props = feature["properties"]
        row = by_code.loc[props["code"]] if props["code"] in by_code.index else None
        value = None if row is None or pd.isna(row["value"]) else float(row["value"])
        shown = fmt.measure(value, measure) if value is not None else "chưa có số liệu"
        if value is not None and pd.notna(row["numerator"]) and pd.notna(row["denominator"]):
            shown += f" ({fmt.number(row['numerator'])}/{fmt.number(row['denominator'])})"
        props["fill"] = [*colours.colour(value), 230]
        props["title"] = props["fullName"]
        props["detail"] = shown
        props["tooltip"] = f"{props['fullName']}: {shown}"
        labels.append(
            {
                "text": f"{props['name']}\n{fmt.measure(value, measure) if value is not None else '–'}",
                "lat": props["label_lat"],
                "lon": props["label_lon"],
            }
        )
    province = load_geojson("lai_chau_province_2025_simplified.geojson")
    layers = [
        pdk.Layer(
            "GeoJsonLayer",
            id="indicator-communes",
            data=communes,
            stroked=True,
            filled=True,
            get_fill_color="properties.fill",
            get_line_color=[255, 255, 255],
            line_width_min_pixels=1.5,
            pickable=True,
        ),
        pdk.Layer(
            "GeoJsonLayer",
            id="province",
            data=province,
            stroked=True,
            filled=False,
            get_line_color=[45, 55, 72],
            line_width_min_pixels=3,
        ),
        pdk.Layer(
            "TextLayer",
            id="indicator-labels",
            data=labels,
            get_position="[lon, lat]",
            get_text="text",
            get_size=14,
            get_color=[26, 32, 44],
            outline_width=2,
            outline_color=[255, 255, 255],
            font_settings={"sdf": True},
            line_height=1.1,
            character_set=_literal("".join(sorted({ch for label in labels for ch in label["text"]}))),
            font_family=_literal(FONT_FAMILY),
            font_weight=600,
        ),
    ]
    return pdk.Deck(
        layers=layers,
        initial_view_state=PROVINCE_FIT,
        # As the coverage map: no provider and the placeholder style, so Streamlit draws no basemap and fetches nothing.
        map_provider=None,
        tooltip=INDICATOR_TOOLTIP,
    )


def legend_html(colours: scale.Scale) -> str:
    """The colour classes and the grey of communes without a figure, as one line of HTML under the map."""
    swatch = "<span style='display:inline-block;width:1.1em;height:1.1em;background:{};border:1px solid #718096;"
    swatch += "vertical-align:middle;margin:0 .3em 0 .9em'></span>{}"
    items = [
        swatch.format(scale.hex_colour(c), html.escape(label))
        for c, label in zip(colours.colours, colours.labels(), strict=True)
    ]
    items.append(swatch.format(scale.hex_colour(scale.NO_DATA), "<b>màu xám: chưa có số liệu</b>"))
    return "<div style='font-size:1rem'>" + "".join(items) + "</div>"
