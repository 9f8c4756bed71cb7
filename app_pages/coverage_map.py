"""Bản đồ phủ sóng: villages without mobile broadband, fibre or grid power on a map drawn from local files."""

import datetime as dt

import streamlit as st

from components import db, kpi, maps, scale
from components.text import md
from nq57 import codes, coverage, exports, fmt, task_rules
from nq57.periods import parse_period
from nq57.workbook_format import MOBILE_LABELS

today = dt.date.today()
st.title("Bản đồ phủ sóng")
st.markdown("##### Thôn, bản chưa có băng rộng di động, cáp quang, điện lưới và hạn xóa lõm sóng")

villages = db.query("villages/register")
communes = db.query("units/communes")
latest = db.query("overview/latest_values", unit_code=codes.PROVINCE, as_of=today).set_index("indicator_code")
headline = db.query("villages/headline", unit_code=codes.PROVINCE, as_of=today)
links = coverage.link_tasks(villages, task_rules.register(db.query("tasks/status", as_of=today), today))
gaps = coverage.gap_register(villages, links, today)

columns = st.columns(3)
for column, (code, label, _) in zip(columns, coverage.HEADLINES, strict=True):
    if code in latest.index:
        row = latest.loc[code]
        with column:
            kpi.kpi_card(label, kpi.card_value(row), kpi.card_caption(row, parse_period(row["period"]).label))


def _on_pick():
    """A click on a commune or a village chooses it in the lists below the map."""
    chosen = maps.picked(st.session_state.get("map-deck"))
    if chosen.get("commune"):
        st.session_state["map-commune"] = chosen["commune"]
    if chosen.get("village"):
        st.session_state["map-village"] = chosen["village"]


names = dict(zip(communes["code"], communes["name"], strict=True))
# One view at a time (not tabs): a map in a hidden tab is laid out 1 px wide, and only the view shown is computed.
VIEWS = ("Bản đồ thôn, bản", "Sổ theo dõi lõm sóng", "Chỉ tiêu theo xã")
view = st.segmented_control("Xem", VIEWS, default=VIEWS[0], key="map-view", label_visibility="collapsed") or VIEWS[0]

if view == VIEWS[0]:
    with_villages = sorted(villages["commune_code"].dropna().unique(), key=lambda c: names.get(c, c))
    left, right = st.columns([2, 1], vertical_alignment="bottom")
    choice = left.selectbox(
        "Xã, phường",
        ["", *with_villages, *sorted((c for c in names if c not in with_villages), key=names.get)],
        format_func=lambda c: "Toàn tỉnh" if c == "" else names.get(c, c),
        key="map-commune",
    )
    basemap = right.toggle("Nền bản đồ trực tuyến (cần Internet)", key="map-basemap")
    focus = None
    if choice:
        place = communes.set_index("code").loc[choice]
        focus = {"code": choice, "lat": float(place["lat"]), "lon": float(place["lon"])}

    st.pydeck_chart(
        maps.build_coverage_deck(villages, focus, basemap=basemap, today=today),
        height=600,
        key="map-deck",
        on_select=_on_pick,
        selection_mode="single-object",
    )
    st.html(maps.coverage_legend_html())
    unplaced = int(villages["lat"].isna().sum())
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

    shown = villages if not choice else villages[villages["commune_code"] == choice]
    shown = shown.merge(links, on="code", how="left")
    place_name = "toàn tỉnh" if not choice else names.get(choice, choice)
    st.subheader(f"Danh sách thôn, bản ({len(shown)})" if not choice else f"{md(place_name)}: {len(shown)} thôn, bản")
    if shown.empty:
        st.info(f"Sổ chưa có thôn, bản nào của {md(place_name)} (văn bản và báo cáo tháng chưa nêu).")
    else:
        st.dataframe(
            {
                "Thôn, bản": [
                    coverage.name_shown(n, c) for n, c in zip(shown["name"], shown["name_certain"], strict=True)
                ],
                "Xã": shown["commune_name"].fillna("chưa rõ"),
                "Sóng di động": [MOBILE_LABELS.get(m, m) for m in shown["mobile"]],
                "Cáp quang": [coverage.yes_no(x, "Có", "Chưa có") for x in shown["fibre"]],
                "Điện lưới": [coverage.yes_no(x, "Có", "Chưa có") for x in shown["grid_power"]],
                "Hạn xóa lõm": shown["close_by_text"].fillna(""),
                "Đã quá hạn": [
                    "Có" if coverage.overdue(m, x, today) else "Chưa"
                    for m, x in zip(shown["mobile"], shown["close_by"], strict=True)
                ],
                "Nhiệm vụ": [
                    f"{c}: {s}" if isinstance(c, str) else "chưa gắn"
                    for c, s in zip(shown["task_code"], shown["task_state"], strict=True)
                ],
                "Doanh nghiệp": shown["operator"].fillna("chưa rõ"),
                "Báo cáo gần nhất": [coverage.last_report(r) for r in shown.itertuples(index=False)],
                "Vị trí": [
                    coverage.EXACT if coverage.is_true(e) else coverage.APPROXIMATE for e in shown["coords_exact"]
                ],
                "Nguồn": [
                    fmt.source(d, None, r).removeprefix("Nguồn: ")
                    for d, r in zip(shown["source_doc"], shown["source_ref"], strict=True)
                ],
            },
            hide_index=True,
            width="stretch",
            height="content",
            key="map-villages",
        )
        st.caption(
            "⚠ Tên khôi phục từ bản OCR của Thông báo 01-TB/CQTTBCD, chưa chắc chắn về dấu; xem chi tiết bên dưới. "
            "Doanh nghiệp: cơ quan phối hợp của nhiệm vụ, văn bản chưa giao riêng từng bản cho doanh nghiệp nào."
        )

        options = list(shown["code"])
        if st.session_state.get("map-village") not in options:
            st.session_state.pop("map-village", None)
        by_code = shown.set_index("code").fillna({"commune_name": "chưa rõ xã"})
        code = st.selectbox(
            "Chi tiết thôn, bản",
            options,
            format_func=lambda c: f"{by_code.loc[c, 'name']} ({by_code.loc[c, 'commune_name']})",
            key="map-village",
        )
        village = next(shown[shown["code"] == code].itertuples(index=False))
        st.markdown(f"**{md(village.name)}**: thông tin và nguồn")
        st.dataframe(
            coverage.facts(village, links.set_index("code").loc[code].to_dict()),
            hide_index=True,
            width="stretch",
            height="content",
            key="map-village-facts",
            column_config={"Giá trị": st.column_config.TextColumn(width="large")},
        )
        st.markdown(f"**{md(village.name)}**: các lần ghi nhận (sổ gốc và báo cáo tháng)")
        st.dataframe(
            coverage.history_table(db.query("villages/history", village_code=code)),
            hide_index=True,
            width="stretch",
            height="content",
            key="map-village-history",
        )

if view == VIEWS[1]:
    table = coverage.register_table(gaps)
    reconciliation = coverage.reconcile(gaps, headline)
    counts = st.columns(3)
    counts[0].metric("Trong sổ: chưa có băng rộng di động", int(gaps["no_broadband"].sum()))
    counts[1].metric("Trong sổ: chưa có sóng và chưa có điện", int((gaps["no_broadband"] & gaps["no_power"]).sum()))
    counts[2].metric("Trong sổ: chưa có cáp quang", int(gaps["no_fibre"].sum()))
    st.markdown("**Đối chiếu với số liệu của văn bản**")
    st.dataframe(
        reconciliation,
        hide_index=True,
        width="stretch",
        height="content",
        key="map-reconciliation",
        column_config={"Đối chiếu": st.column_config.TextColumn(width="large")},
    )
    not_listed = reconciliation["Chưa liệt kê"].fillna(0).astype(int)
    phrases = (
        "bản chưa có băng rộng di động",
        "bản chưa có điện lưới (trong số chưa có sóng)",
        "thôn, bản chưa có cáp quang",
    )
    if not_listed.any():
        st.caption(
            "Chưa liệt kê: văn bản nêu tổng số nhưng chưa nêu tên "
            + ", ".join(f"{n} {phrase}" for phrase, n in zip(phrases, not_listed, strict=True) if n)
            + ". Sổ sẽ đủ khi các xã báo cáo từng thôn, bản (trang “Thôn, bản” của mẫu báo cáo tháng)."
        )
    order = st.radio(
        "Sắp xếp",
        ["Ưu tiên (chưa có điện, quá hạn, số hộ)", "Hạn xóa lõm", "Xã"],
        horizontal=True,
        key="map-register-sort",
    )
    if order == "Hạn xóa lõm":
        table = table.sort_values(["Hạn (ngày)", "Ưu tiên"], kind="stable")
    elif order == "Xã":
        table = table.sort_values(["Xã", "Ưu tiên"], kind="stable")
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

if view == VIEWS[2]:
    catalogue = db.query("indicators/catalogue", as_of=today)
    commune_level = catalogue[catalogue["level"] == "commune"]
    labels = dict(zip(commune_level["code"], commune_level["name"], strict=True))
    code = st.selectbox("Chỉ tiêu theo xã", list(labels), format_func=labels.get, key="map-indicator")
    measure = commune_level.set_index("code").loc[code, "measure"]
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
