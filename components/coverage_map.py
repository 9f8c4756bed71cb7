"""The coverage map page's views: the headline cards, the village map, the gap register and indicators by commune."""

import datetime as dt

import pandas as pd
import streamlit as st

from components import db, kpi, maps, scale
from components.text import md
from nq57 import coverage, exports, villages
from nq57.periods import parse_period

# One view at a time (not tabs): a map in a hidden tab is laid out 1 px wide, and only the view shown is computed.
VIEWS = ("Bản đồ thôn, bản", "Sổ theo dõi lõm sóng", "Chỉ tiêu theo xã")


def headline_cards(latest: pd.DataFrame) -> None:
    """The documents' three totals of villages without broadband, without power too, and without fibre.

    latest: overview/latest_values for the province."""
    latest = latest.set_index("indicator_code")
    for column, (code, label, _) in zip(st.columns(3), coverage.HEADLINES, strict=True):
        if code in latest.index:
            row = latest.loc[code]
            with column:
                kpi.kpi_card(label, kpi.card_value(row), kpi.card_caption(row, parse_period(row["period"]).label))


def view_picker() -> str:
    return (
        st.segmented_control("Xem", VIEWS, default=VIEWS[0], key="map-view", label_visibility="collapsed") or VIEWS[0]
    )


def _on_pick() -> None:
    """A click on a commune or a village chooses it in the lists below the map."""
    chosen = maps.picked(st.session_state.get("map-deck"))
    if chosen.get("commune"):
        st.session_state["map-commune"] = chosen["commune"]
    if chosen.get("village"):
        st.session_state["map-village"] = chosen["village"]


# A fragment: a click on the map, or a commune or village chosen, reruns this view only, not the page's queries.
@st.fragment
def village_map(register: pd.DataFrame, communes: pd.DataFrame, links: pd.DataFrame, today: dt.date) -> None:
    """View “Bản đồ thôn, bản”: the map of a commune or the province, the list of its villages, one village's detail.

    register: villages/register; communes: units/communes; links: coverage.link_tasks."""
    names = dict(zip(communes["code"], communes["name"], strict=True))
    left, right = st.columns([2, 1], vertical_alignment="bottom")
    choice = left.selectbox(
        "Xã, phường",
        villages.commune_choices(register, names),
        format_func=lambda c: "Toàn tỉnh" if c == "" else names.get(c, c),
        key="map-commune",
    )
    basemap = right.toggle("Nền bản đồ trực tuyến (cần Internet)", key="map-basemap")
    focus = None
    if choice:
        place = communes.set_index("code").loc[choice]
        focus = {"code": choice, "lat": float(place["lat"]), "lon": float(place["lon"])}

    st.pydeck_chart(
        maps.build_coverage_deck(register, focus, basemap=basemap, today=today),
        height=600,
        key="map-deck",
        on_select=_on_pick,
        selection_mode="single-object",
    )
    st.html(maps.coverage_legend_html())
    unplaced = int(register["lat"].isna().sum())
    st.caption(
        "Các bản chưa có tọa độ chính xác được đặt tại điểm giữa xã (vị trí gần đúng, dấu *)."
        + (f" {unplaced} bản chưa rõ xã nên chưa vẽ được trên bản đồ." if unplaced else "")
        + (
            " Nền bản đồ: © CARTO, © OpenStreetMap contributors. "
            if basemap
            else " Bản đồ vẽ từ tệp trong máy, không cần Internet. "
        )
        + maps.ATTRIBUTION
    )

    shown = villages.in_commune(register, links, choice)
    place_name = "toàn tỉnh" if not choice else names.get(choice, choice)
    st.subheader(f"Danh sách thôn, bản ({len(shown)})" if not choice else f"{md(place_name)}: {len(shown)} thôn, bản")
    if shown.empty:
        st.info(f"Sổ chưa có thôn, bản nào của {md(place_name)} (văn bản và báo cáo tháng chưa nêu).")
        return
    st.dataframe(
        villages.village_table(shown, today),
        hide_index=True,
        width="stretch",
        height="content",
        key="map-villages",
    )
    st.caption(
        "⚠ Tên khôi phục từ bản OCR của Thông báo 01-TB/CQTTBCD, chưa chắc chắn về dấu; xem chi tiết bên dưới. "
        "Doanh nghiệp: cơ quan phối hợp của nhiệm vụ, văn bản chưa giao riêng từng bản cho doanh nghiệp nào."
    )
    _village_detail(shown, links)


def _village_detail(shown: pd.DataFrame, links: pd.DataFrame) -> None:
    """One village of the list (the one clicked on the map, or chosen): its facts with sources, and its history."""
    labels = villages.village_labels(shown)
    if st.session_state.get("map-village") not in labels:
        st.session_state.pop("map-village", None)
    code = st.selectbox("Chi tiết thôn, bản", list(labels), format_func=labels.get, key="map-village")
    village = next(shown[shown["code"] == code].itertuples(index=False))
    st.markdown(f"**{md(village.name)}**: thông tin và nguồn")
    st.dataframe(
        villages.facts(village, links.set_index("code").loc[code].to_dict()),
        hide_index=True,
        width="stretch",
        height="content",
        key="map-village-facts",
        column_config={"Giá trị": st.column_config.TextColumn(width="large")},
    )
    st.markdown(f"**{md(village.name)}**: các lần ghi nhận (sổ gốc và báo cáo tháng)")
    st.dataframe(
        villages.history_table(db.query("villages/history", village_code=code)),
        hide_index=True,
        width="stretch",
        height="content",
        key="map-village-history",
    )


def gap_register(gaps: pd.DataFrame, headline: pd.DataFrame, today: dt.date) -> None:
    """View “Sổ theo dõi lõm sóng”: the register's counts, their reconciliation with the documents, the register.

    gaps: coverage.gap_register; headline: villages/headline."""
    reconciliation = coverage.reconcile(gaps, headline)
    for column, (label, count) in zip(st.columns(3), coverage.register_counts(gaps), strict=True):
        column.metric(label, count)
    st.markdown("**Đối chiếu với số liệu của văn bản**")
    st.dataframe(
        reconciliation,
        hide_index=True,
        width="stretch",
        height="content",
        key="map-reconciliation",
        column_config={"Đối chiếu": st.column_config.TextColumn(width="large")},
    )
    not_listed = coverage.not_listed_text(reconciliation)
    if not_listed:
        st.caption(not_listed)
    order = st.radio("Sắp xếp", list(coverage.REGISTER_SORTS), horizontal=True, key="map-register-sort")
    table = coverage.sort_register(coverage.register_table(gaps), order)
    st.subheader(f"Sổ theo dõi lõm sóng ({len(table)} thôn, bản)")
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height="content",
        key="map-register",
        # The date is for sorting and the export; the deadline as the document words it is the column read.
        column_config={"Hạn (ngày)": None},
    )
    st.download_button(
        "Tải sổ lõm sóng (.xlsx)",
        exports.gap_register_workbook(table, reconciliation, today),
        file_name=f"so_lom_song_{today:%Y%m%d}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="map-register-download",
    )


def indicator_by_commune(today: dt.date) -> None:
    """View “Chỉ tiêu theo xã”: one commune-level indicator on the map, communes coloured by their figure."""
    indicators = coverage.commune_indicators(db.query("indicators/catalogue", as_of=today))
    labels = indicators["name"].to_dict()
    code = st.selectbox("Chỉ tiêu theo xã", list(labels), format_func=labels.get, key="map-indicator")
    measure = indicators.loc[code, "measure"]
    values = db.query("indicators/commune_values", indicator_code=code, as_of=today)
    colours = scale.classes(values["value"], measure)
    missing = values[values["value"].isna()]
    if values["value"].notna().any():
        period = parse_period(values["period"].dropna().iloc[0]).label
        st.markdown(f"**{md(labels[code])}: {period.lower()}** ({len(values) - len(missing)}/{len(values)} đã báo cáo)")
    else:
        st.info("Chưa xã, phường nào báo cáo chỉ tiêu này: cả tỉnh tô màu xám.")
    st.pydeck_chart(maps.build_indicator_deck(values, measure, colours), height=560, key="map-indicator-deck")
    if values["value"].notna().any():
        st.html(maps.legend_html(colours))
        if len(missing):
            st.caption(f"{len(missing)} xã, phường chưa có số liệu (màu xám): " + md(", ".join(missing["name"])) + ".")
    st.caption(maps.ATTRIBUTION)
