"""Chỉ tiêu: the catalogue grouped as the plans group them, and one indicator's targets and figures."""

import datetime as dt

import streamlit as st

from components import charts, db, tables
from nq57 import fmt
from nq57.periods import parse_period

today = dt.date.today()
st.title("Chỉ tiêu")
st.markdown("##### Mục tiêu của Kế hoạch 351-KH/TU (năm 2025), 32-KH/TU và 01-TB/CQTTBCD (năm 2026)")

catalogue = db.load("indicators/catalogue", as_of=today)
groups = catalogue.drop_duplicates("group_code")[["group_code", "group_name"]]
group_labels = {g: f"{g}. {n}" for g, n in zip(groups["group_code"], groups["group_name"], strict=True)}

left, right = st.columns([2, 3])
chosen_group = left.selectbox(
    "Nhóm",
    ["Tất cả"] + list(group_labels),
    format_func=lambda g: "Tất cả các nhóm" if g == "Tất cả" else group_labels[g],
    key="indicators-group",
)
only_with_targets = right.toggle("Chỉ hiện chỉ tiêu có mục tiêu", value=False, key="indicators-with-targets")
shown = catalogue if chosen_group == "Tất cả" else catalogue[catalogue["group_code"] == chosen_group]
if only_with_targets:
    shown = shown[shown["n_targets"] > 0]
st.caption(f"{len(shown)} chỉ tiêu; {int((shown['n_targets'] > 0).sum())} chỉ tiêu có mục tiêu.")
tables.target_table(shown, today, key="indicators-catalogue")

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
st.subheader(row["name"])
targets = db.load("indicators/targets", indicator_code=code)
observations = db.load("indicators/observations", indicator_code=code)

a, b, c = st.columns(3)
a.metric("Số liệu mới nhất", fmt.measure(row["value"], row["measure"], row["denominator"]), border=True)
b.metric(
    "Kỳ",
    parse_period(row["period"]).label if isinstance(row["period"], str) else "Chưa có số liệu",
    border=True,
)
c.metric("Đơn vị tính", row["unit_of_measure"], border=True)

st.markdown("**Mục tiêu theo thời gian**")
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

st.markdown("**Số liệu đã báo cáo**")
if observations.empty:
    st.info("Chưa có số liệu báo cáo cho chỉ tiêu này; số liệu sẽ có khi các đơn vị gửi báo cáo tháng.")
else:
    st.dataframe(
        height="content",
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
if len(targets) or len(observations):
    st.plotly_chart(
        charts.build_indicator_trend(observations, targets, row["measure"], row["unit_of_measure"]),
        width="stretch",
        config={"displayModeBar": False},
    )
definition = [
    f"{label}: {text}"
    for label, text in (("Tử số", row["numerator_def"]), ("Mẫu số", row["denominator_def"]))
    if isinstance(text, str) and text
]
st.caption("; ".join([*definition, f"Tần suất báo cáo: {row['frequency']}"]) + ".")
