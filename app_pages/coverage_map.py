"""Bản đồ phủ sóng: villages without mobile broadband on a map drawn from local files."""

import datetime as dt

import streamlit as st

from components import db, kpi, maps
from nq57 import fmt, kpis
from nq57.periods import as_date
from nq57.workbook import MOBILE_LABELS

today = dt.date.today()
st.title("Bản đồ phủ sóng")
st.markdown("##### Thôn, bản chưa có băng rộng di động và hạn xóa lõm sóng")

villages = db.load("villages/without_signal")
communes = db.load("units/communes")
latest = db.load("overview/latest_values", unit_code=kpis.PROVINCE, as_of=today).set_index("indicator_code")

columns = st.columns(3)
for column, code, label in zip(
    columns,
    ("BAN_CHUA_BRDD", "BAN_CHUA_BRDD_DIEN", "THON_CHUA_CAPQUANG"),
    ("Bản chưa có băng rộng di động", "…trong đó chưa có điện lưới", "Thôn, bản chưa có cáp quang"),
    strict=True,
):
    if code in latest.index:
        row = latest.loc[code]
        with column:
            kpi.kpi_card(label, kpi.card_value(row), kpi.card_caption(row, "Quý I/2026"))

names = dict(zip(communes["code"], communes["name"], strict=True))
with_villages = [c for c in villages["commune_code"].dropna().unique()]
choice = st.selectbox(
    "Xã, phường",
    ["", *with_villages, *[c for c in names if c not in with_villages]],
    format_func=lambda c: "Toàn tỉnh" if c == "" else names.get(c, c),
    key="map-commune",
)
focus = None
if choice:
    focus = communes.set_index("code").loc[choice]
    focus = {"code": choice, "lat": float(focus["lat"]), "lon": float(focus["lon"])}

st.pydeck_chart(maps.build_coverage_deck(villages, focus), height=620, key="map-deck")
legend = " · ".join(
    f"<span style='color: rgb({r},{g},{b}); font-size: 1.3em'>●</span> {MOBILE_LABELS[code]}"
    for code, (r, g, b) in maps.MOBILE_COLOURS.items()
)
st.html(f"<div style='font-size: 0.95rem'>Sóng di động: {legend}</div>")
unplaced = int(villages["lat"].isna().sum())
st.caption(
    "Các bản chưa có tọa độ chính xác được đặt tại điểm giữa xã (vị trí gần đúng)."
    + (f" {unplaced} bản chưa rõ xã nên chưa vẽ được trên bản đồ." if unplaced else "")
    + " Bản đồ vẽ từ tệp trong máy, không cần Internet. "
    + maps.ATTRIBUTION
)

shown = villages if not choice else villages[villages["commune_code"] == choice]
st.subheader(f"Danh sách thôn, bản ({len(shown)})")
st.dataframe(
    {
        "Thôn, bản": [
            n if certain else f"{n} ⚠" for n, certain in zip(shown["name"], shown["name_certain"], strict=True)
        ],
        "Xã": shown["commune_name"].fillna("chưa rõ"),
        "Sóng di động": [MOBILE_LABELS.get(m, m) for m in shown["mobile"]],
        "Hạn xóa lõm": shown["close_by_text"].fillna(""),
        "Đã quá hạn": ["Có" if (d := as_date(x)) is not None and d < today else "Chưa" for x in shown["close_by"]],
        "Vị trí": ["chính xác" if e else "gần đúng (điểm giữa xã)" for e in shown["coords_exact"]],
        "Ghi chú": shown["note"].fillna(""),
        "Nguồn": [
            fmt.source(d, None, r).removeprefix("Nguồn: ")
            for d, r in zip(shown["source_doc"], shown["source_ref"], strict=True)
        ],
    },
    hide_index=True,
    width="stretch",
    height="content",
    key="map-villages",
    column_config={"Ghi chú": st.column_config.TextColumn(width="large")},
)
st.caption(
    "⚠ Tên khôi phục từ bản OCR của Thông báo 01-TB/CQTTBCD, chưa chắc chắn về dấu; xem cột Ghi chú. "
    "Văn bản chưa cho biết bản nào trong 08 bản chưa có điện lưới."
)
