"""Chỉ tiêu: the catalogue grouped as the plans group them, and one indicator's targets and figures."""

import datetime as dt

import pandas as pd
import streamlit as st

from components import charts, db, maps, scale, tables
from components.text import md
from nq57 import board, codes, fmt, status
from nq57.periods import as_date, parse_period

today = dt.date.today()
st.title("Chỉ tiêu")
st.markdown("##### Mục tiêu của Kế hoạch 351-KH/TU (năm 2025), 32-KH/TU và 01-TB/CQTTBCD (năm 2026)")

catalogue = db.query("indicators/catalogue", as_of=today)
# Figures and statuses as the board computes them for the year to date, so every page says the same.
board_rows = db.board_snapshot(board.choose_period("ytd", str(today.year), today))["board"]
groups = catalogue.drop_duplicates("group_code")[["group_code", "group_name"]]
group_labels = {g: f"{g}. {n}" for g, n in zip(groups["group_code"], groups["group_name"], strict=True)}

left, middle, right = st.columns([2, 2, 1], vertical_alignment="bottom")
chosen_group = left.selectbox(
    "Nhóm",
    ["Tất cả"] + list(group_labels),
    format_func=lambda g: "Tất cả các nhóm" if g == "Tất cả" else group_labels[g],
    key="indicators-group",
)
present = [code for code in status.ORDER if code in set(board_rows["status"])]
chosen_statuses = middle.multiselect(
    "Trạng thái",
    present,
    format_func=status.LABELS.get,
    placeholder="Mọi trạng thái",
    key="indicators-status",
)
only_with_targets = right.toggle("Chỉ hiện chỉ tiêu có mục tiêu", value=False, key="indicators-with-targets")
shown = catalogue if chosen_group == "Tất cả" else catalogue[catalogue["group_code"] == chosen_group]
if only_with_targets:
    shown = shown[shown["n_targets"] > 0]
if chosen_statuses:
    wanted = set(board_rows.loc[board_rows["status"].isin(chosen_statuses), "code"])
    shown = shown[shown["code"].isin(wanted)]
st.caption(f"{len(shown)} chỉ tiêu; {int((shown['n_targets'] > 0).sum())} chỉ tiêu có mục tiêu.")
tables.target_table(shown, board_rows, key="indicators-catalogue")

st.divider()
names = dict(zip(shown["code"], shown["name"], strict=True))
if not names:
    st.stop()
has_both = shown[shown["value"].notna() & shown["target_value"].notna()]["code"].tolist()
has_value = shown[shown["value"].notna()]["code"].tolist()
first = (has_both or has_value or list(names))[0]
code = st.selectbox(
    "Xem chi tiết chỉ tiêu",
    list(names),
    index=list(names).index(first),
    format_func=names.get,
    key="indicators-detail",
)
row = catalogue.set_index("code").loc[code]
st.subheader(md(row["name"]))
targets = db.query("indicators/targets", indicator_code=code)
observations = db.query("indicators/observations", indicator_code=code)

series = db.query("board/series", as_of=today)
series = series[series["indicator_code"] == code]
latest = series.iloc[-1] if len(series) else None
measure = row["measure"]

covered, provisional = ("", False)
if latest is not None:
    covered, provisional = board.commune_coverage(latest["n_units"], latest["n_communes"])
cells = st.columns([2, 3, 3, 3])
cells[0].metric(
    "Số liệu mới nhất (tạm tính)" if provisional else "Số liệu mới nhất",
    fmt.measure(latest["value"], measure, latest["denominator"]) if latest is not None else "Chưa có",
    border=True,
)
cells[1].metric("Kỳ", parse_period(latest["period"]).label if latest is not None else "Chưa có số liệu", border=True)
cells[2].metric("Ngày báo cáo", fmt.date(latest["reported_on"]) if latest is not None else fmt.DASH, border=True)
has_parts = latest is not None and pd.notna(latest["numerator"]) and pd.notna(latest["denominator"])
if has_parts and measure not in ("ratio", "rank"):  # a ratio's value already reads 137/240
    parts = [t for t in (row["numerator_def"], row["denominator_def"]) if isinstance(t, str) and t]
    cells[3].metric(
        "Tử số/mẫu số",
        f"{fmt.number(latest['numerator'])}/{fmt.number(latest['denominator'])}",
        help=md(" / ".join(parts)) or None,
        border=True,
    )
else:
    cells[3].metric("Đơn vị tính", md(row["unit_of_measure"]), border=True)
if latest is not None:
    source = fmt.source(
        latest["source_doc"],
        latest["source_issued_on"],
        latest["source_ref"],
        latest["upload_file"],
        latest["upload_kind"],
    ).removeprefix("Nguồn: ")
    st.markdown("**Nguồn:** " + (f":red[**{md(source)}**]" if latest["upload_kind"] == codes.SAMPLE else md(source)))
    if covered:
        st.caption(
            f"Tỉnh chưa báo cáo số toàn tỉnh: số liệu trên {'là số ' if provisional else ''}{covered}"
            + (" (tổng tử số chia tổng mẫu số)." if measure == "percent" and has_parts else ".")
        )

if len(series) or len(targets):
    st.markdown("**Diễn biến so với mục tiêu**")
    st.plotly_chart(
        charts.build_target_trend(series, targets, measure, row["unit_of_measure"]),
        width="stretch",
        config={"displayModeBar": False},
    )

communes = db.query("indicators/commune_values", indicator_code=code, as_of=today)
if row["level"] == "commune" and communes["value"].notna().any():
    period = parse_period(communes["period"].iloc[0]).label
    missing = communes[communes["value"].isna()]
    st.markdown(f"**Theo xã, phường: {period.lower()}** ({len(communes) - len(missing)}/{len(communes)} đã báo cáo)")
    colours = scale.classes(communes["value"], measure)
    target = (row["comparator"], row["target_value"]) if pd.notna(row["target_value"]) else None
    left, right = st.columns([3, 2], vertical_alignment="top")  # the ranking beside the map, no gap between
    left.plotly_chart(
        charts.build_commune_ranking(communes, measure, target, colours),
        width="stretch",
        config={"displayModeBar": False},
    )
    with right:
        st.pydeck_chart(maps.build_indicator_deck(communes, measure, colours), height=560, key="indicator-deck")
        st.html(maps.legend_html(colours))
        st.caption(
            (
                f"{len(missing)} xã, phường chưa có số liệu {period.lower()} (tô màu xám): "
                + md(", ".join(missing["name"]))
                + ". "
                if len(missing)
                else "Tất cả xã, phường đã có số liệu. "
            )
            + "Bản đồ vẽ từ tệp trong máy, không cần Internet. "
            + maps.ATTRIBUTION
        )

st.markdown("**Mục tiêu theo thời gian**")
# What became of each target by today, judged by the figures as the board judges its milestones.
points = [
    (min(as_date(d), today), v, parse_period(p).label)
    for d, v, p in zip(series["period_end"], series["value"], series["period"], strict=True)
]
results = [
    status.milestone(points, x, v, d, today, measure, row["unit_of_measure"]).result
    for x, v, d in zip(targets["comparator"], targets["target_value"], targets["deadline"], strict=True)
]
if targets.empty:
    st.info("Các văn bản chưa đặt mục tiêu bằng số cho chỉ tiêu này.")
else:
    st.dataframe(
        height="content",
        data={
            "Mục tiêu": [
                fmt.target(x, v, row["measure"])
                for x, v in zip(targets["comparator"], targets["target_value"], strict=True)
            ],
            "Hạn": [fmt.date(d) for d in targets["deadline"]],
            "Kết quả": results,
            "Thời hạn như văn bản ghi": targets["deadline_text"],
            "Nguyên văn": targets["wording"],
            "Nguồn": [
                fmt.source(d, i, r).removeprefix("Nguồn: ")
                for d, i, r in zip(
                    targets["source_doc"], targets["source_issued_on"], targets["source_ref"], strict=True
                )
            ],
        },
        hide_index=True,
        width="stretch",
    )

st.markdown(f"**Số liệu đã báo cáo** ({fmt.number(len(observations))} dòng)")
if observations.empty:
    st.info("Chưa có số liệu báo cáo cho chỉ tiêu này; số liệu sẽ có khi các đơn vị gửi báo cáo tháng.")
else:
    st.dataframe(
        height="content" if len(observations) <= 15 else 460,  # a commune-level indicator has 38 rows a month
        data={
            "Kỳ": [parse_period(p).label for p in observations["period"]],
            "Đơn vị": observations["unit_name"],
            "Giá trị": [
                fmt.measure(v, row["measure"], d)
                for v, d in zip(observations["value"], observations["denominator"], strict=True)
            ],
            "Ghi chú": observations["note"],
            "Nguồn": [
                fmt.source(r.source_doc, r.source_issued_on, r.source_ref, r.upload_file, r.upload_kind).removeprefix(
                    "Nguồn: "
                )
                for r in observations.itertuples()
            ],
        },
        hide_index=True,
        width="stretch",
    )
definition = [
    f"{label}: {text}"
    for label, text in (("Tử số", row["numerator_def"]), ("Mẫu số", row["denominator_def"]))
    if isinstance(text, str) and text
]
st.caption(md("; ".join([*definition, f"Tần suất báo cáo: {row['frequency']}"]) + "."))
