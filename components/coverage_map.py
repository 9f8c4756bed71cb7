"""The coverage map page's views: the headline cards, the village map, the gap register and indicators by commune."""

import datetime as dt

import streamlit as st

from components import cards, db, map_data, maps, scale
from components.text import md
from nq57 import coverage
from nq57.periods import parse_period

# One view at a time (not tabs): a map in a hidden tab is laid out 1 px wide, and only the view shown is computed.
VIEWS = ("Bản đồ thôn, bản", "Sổ theo dõi lõm sóng", "Chỉ tiêu theo xã")


def headline_cards(version: tuple, today: dt.date) -> None:
    """The documents' three totals of villages without broadband, without power too, and without fibre."""
    cards.block(map_data.headline_cards(version, today))


def view_picker() -> str:
    return (
        st.segmented_control("Xem", VIEWS, default=VIEWS[0], key="map-view", label_visibility="collapsed") or VIEWS[0]
    )


# Session state: whether the box of one village's detail is open. It is folded on the province's first view, so a
# session that only looks at the map does not build it (issue 17); choosing a commune or clicking the map opens it.
DETAIL_KEY = "map-detail"


def _open_detail() -> None:
    st.session_state[DETAIL_KEY] = True


def _on_pick() -> None:
    """A click on a commune or a village chooses it in the lists below the map, and opens the village's detail."""
    chosen = maps.picked(st.session_state.get("map-deck"))
    if chosen.get("commune"):
        st.session_state["map-commune"] = chosen["commune"]
    if chosen.get("village"):
        st.session_state["map-village"] = chosen["village"]
    if chosen.get("commune") or chosen.get("village"):
        _open_detail()


# A fragment: a click on the map, or a commune or village chosen, reruns this view only, not the page's queries.
@st.fragment
def village_map(today: dt.date) -> None:
    """View “Bản đồ thôn, bản”: the map of a commune or the province, the list of its villages, one village's detail.

    The deck, the list and the detail are worked out once per data version (components.map_data)."""
    version = db.data_version()
    names, choices, unplaced = map_data.places(version)
    left, right = st.columns([2, 1], vertical_alignment="bottom")
    choice = left.selectbox(
        "Xã, phường",
        choices,
        format_func=lambda c: "Toàn tỉnh" if c == "" else names.get(c, c),
        key="map-commune",
        on_change=_open_detail,
    )
    basemap = right.toggle("Nền bản đồ trực tuyến (cần Internet)", key="map-basemap")
    st.pydeck_chart(
        map_data.coverage_deck(version, today, choice or "", basemap),
        height=600,
        key="map-deck",
        on_select=_on_pick,
        selection_mode="single-object",
    )
    st.html(maps.coverage_legend_html())
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

    table, labels = map_data.village_list(version, today, choice or "")
    place_name = "toàn tỉnh" if not choice else names.get(choice, choice)
    st.subheader(f"Danh sách thôn, bản ({len(table)})" if not choice else f"{md(place_name)}: {len(table)} thôn, bản")
    if not table.num_rows:
        st.info(f"Sổ chưa có thôn, bản nào của {md(place_name)} (văn bản và báo cáo tháng chưa nêu).")
        return
    st.dataframe(table, hide_index=True, width="stretch", height="content", key="map-villages")
    st.caption(
        "⚠ Tên khôi phục từ bản OCR của Thông báo 01-TB/CQTTBCD, chưa chắc chắn về dấu; xem chi tiết bên dưới. "
        "Doanh nghiệp: cơ quan phối hợp của nhiệm vụ, văn bản chưa giao riêng từng bản cho doanh nghiệp nào."
    )
    detail = st.expander(
        "Chi tiết từng thôn, bản: thông tin, nguồn và các lần ghi nhận",
        icon=":material/info:",
        key=DETAIL_KEY,
        on_change="rerun",
    )
    if detail.open:  # built only while open
        with detail:
            _village_detail(version, today, labels)


def _village_detail(version: tuple, today: dt.date, labels: dict[str, str]) -> None:
    """One village of the list (the one clicked on the map, or chosen): its facts with sources, and its history."""
    if st.session_state.get("map-village") not in labels:
        st.session_state.pop("map-village", None)
    code = st.selectbox("Chi tiết thôn, bản", list(labels), format_func=labels.get, key="map-village")
    name, facts, history = map_data.village_detail(version, today, code)
    st.markdown(f"**{md(name)}**: thông tin và nguồn")
    st.dataframe(
        facts,
        hide_index=True,
        width="stretch",
        height="content",
        key="map-village-facts",
        column_config={"Giá trị": st.column_config.TextColumn(width="large")},
    )
    st.markdown(f"**{md(name)}**: các lần ghi nhận (sổ gốc và báo cáo tháng)")
    st.dataframe(history, hide_index=True, width="stretch", height="content", key="map-village-history")


def gap_register(version: tuple, today: dt.date) -> None:
    """View “Sổ theo dõi lõm sóng”: the register's counts, their reconciliation with the documents, the register."""
    counts, reconciliation, not_listed, register = map_data.gap_view(version, today)
    for column, (label, count) in zip(st.columns(3), counts, strict=True):
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
    if not_listed:
        st.caption(not_listed)
    order = st.radio("Sắp xếp", list(coverage.REGISTER_SORTS), horizontal=True, key="map-register-sort")
    table = coverage.sort_register(register, order)
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
        map_data.gap_workbook(version, today, order),
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
    deck = map_data.indicator_deck(db.data_version(), today, code, measure)
    st.pydeck_chart(deck, height=560, key="map-indicator-deck")
    if values["value"].notna().any():
        st.html(maps.legend_html(colours))
        if len(missing):
            st.caption(f"{len(missing)} xã, phường chưa có số liệu (màu xám): " + md(", ".join(missing["name"])) + ".")
    st.caption(maps.ATTRIBUTION)
