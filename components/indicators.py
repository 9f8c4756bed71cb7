"""Views of the indicators page: the filtered catalogue, and one indicator's figure, trend, communes and records."""

import datetime as dt

import pandas as pd
import streamlit as st

from components import charts, db, maps, scale, tables
from components.text import md
from nq57 import fmt, indicators, national, status
from nq57.periods import parse_period


def _group_label(labels: dict[str, str], group: str) -> str:
    return "Tất cả các nhóm" if group == indicators.ALL_GROUPS else labels[group]


def catalogue(catalogue: pd.DataFrame, board_rows: pd.DataFrame) -> pd.DataFrame:
    """The filters (group, status, with a target) and the catalogue table they leave; returns the rows shown."""
    labels = indicators.group_labels(catalogue)
    left, middle, right = st.columns([2, 2, 1], vertical_alignment="bottom")
    chosen_group = left.selectbox(
        "Nhóm",
        [indicators.ALL_GROUPS, *labels],
        format_func=lambda g: _group_label(labels, g),
        key="indicators-group",
    )
    chosen_statuses = middle.multiselect(
        "Trạng thái",
        indicators.statuses_present(board_rows),
        format_func=status.LABELS.get,
        placeholder="Mọi trạng thái",
        key="indicators-status",
    )
    only_with_targets = right.toggle("Chỉ hiện chỉ tiêu có mục tiêu", value=False, key="indicators-with-targets")
    shown = indicators.filter_catalogue(catalogue, board_rows, chosen_group, chosen_statuses, only_with_targets)
    st.caption(f"{len(shown)} chỉ tiêu; {int((shown['n_targets'] > 0).sum())} chỉ tiêu có mục tiêu.")
    tables.target_table(shown, board_rows, key="indicators-catalogue")
    return shown


def choose(shown: pd.DataFrame) -> str | None:
    """The indicator whose detail is shown, chosen among the rows shown; None when no row is left."""
    first = indicators.first_choice(shown)
    if first is None:
        return None
    names = dict(zip(shown["code"], shown["name"], strict=True))
    return st.selectbox(
        "Xem chi tiết chỉ tiêu",
        list(names),
        index=list(names).index(first),
        format_func=names.get,
        key="indicators-detail",
    )


def latest(row, board_row, series: pd.DataFrame) -> None:
    """Four cards (figure, period, day reported, parts or unit), the figure's source and how much it covers."""
    figure = indicators.latest_figure(board_row, series)
    measure = row["measure"]
    cells = st.columns([2, 3, 3, 3])
    cells[0].metric(
        "Số liệu mới nhất (tạm tính)" if figure.provisional else "Số liệu mới nhất", figure.value_text, border=True
    )
    cells[1].metric("Kỳ", figure.period_label, border=True)
    cells[2].metric("Ngày báo cáo", figure.reported_text, border=True)
    if figure.parts and measure not in ("ratio", "rank"):  # a ratio's value already reads 137/240
        cells[3].metric("Tử số/mẫu số", figure.parts, help=md(indicators.parts_help(row)) or None, border=True)
    else:
        cells[3].metric("Đơn vị tính", md(row["unit_of_measure"]), border=True)
    if figure.source is None:
        return
    st.markdown("**Nguồn:** " + (f":red[**{md(figure.source)}**]" if figure.sample else md(figure.source)))
    if figure.coverage:
        st.caption(
            f"Tỉnh chưa báo cáo số toàn tỉnh: số liệu trên {'là số ' if figure.provisional else ''}{figure.coverage}"
            + (" (tổng tử số chia tổng mẫu số)." if measure == "percent" and figure.parts else ".")
        )


def national_sets(code: str) -> None:
    """The national indicators the indicator maps to, each with its set, code, name, relation and what the mapping
    rests on; or that it maps to none."""
    rows = national.of_indicator(db.national_map(), code)
    if rows.empty:
        st.markdown(f"**Chỉ tiêu quốc gia:** {national.NONE}")
        return
    lines = [
        f"- **{md(national.SHORT.get(r.set_code, r.set_code))}**, "
        f"{md(national.title(r.national_code, r.national_name))} — {md(r.relation_label.lower())}"
        for r in rows.itertuples()
    ]
    st.markdown("**Chỉ tiêu quốc gia tương ứng**\n\n" + "\n".join(lines))
    with st.expander("Căn cứ đối chiếu với chỉ tiêu quốc gia"):
        st.markdown(
            "\n".join(
                f"- **{md(r.set_name)}**: {md(r.source)}." + (f" {md(r.note)}" if isinstance(r.note, str) else "")
                for r in rows.itertuples()
            )
        )


def trend(row, series: pd.DataFrame, targets: pd.DataFrame) -> None:
    """The figures over time against the targets, when there is either."""
    if len(series) or len(targets):
        st.markdown("**Diễn biến so với mục tiêu**")
        st.plotly_chart(
            charts.build_target_trend(series, targets, row["measure"], row["unit_of_measure"]),
            width="stretch",
            config={"displayModeBar": False},
        )


def communes(row, code: str, today: dt.date) -> None:
    """A commune-level indicator's latest period, communes ranked beside the map (nothing before any reported)."""
    values = db.query("indicators/commune_values", indicator_code=code, as_of=today)
    if row["level"] != "commune" or not values["value"].notna().any():
        return
    measure = row["measure"]
    period = parse_period(values["period"].iloc[0]).label
    missing = values[values["value"].isna()]
    st.markdown(f"**Theo xã, phường: {period.lower()}** ({len(values) - len(missing)}/{len(values)} đã báo cáo)")
    colours = scale.classes(values["value"], measure)
    left, right = st.columns([3, 2], vertical_alignment="top")  # the ranking beside the map, no gap between
    left.plotly_chart(
        charts.build_commune_ranking(values, measure, indicators.commune_target(row), colours),
        width="stretch",
        config={"displayModeBar": False},
    )
    with right:
        st.pydeck_chart(maps.build_indicator_deck(values, measure, colours), height=560, key="indicator-deck")
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


def targets(row, targets: pd.DataFrame, series: pd.DataFrame, today: dt.date) -> None:
    st.markdown("**Mục tiêu theo thời gian**")
    if targets.empty:
        st.info("Các văn bản chưa đặt mục tiêu bằng số cho chỉ tiêu này.")
        return
    st.dataframe(
        indicators.targets_frame(targets, series, row, today), height="content", hide_index=True, width="stretch"
    )


def observations(row, observations: pd.DataFrame) -> None:
    """Every figure reported, then what the indicator counts and how often it is reported."""
    st.markdown(f"**Số liệu đã báo cáo** ({fmt.number(len(observations))} dòng)")
    if observations.empty:
        st.info("Chưa có số liệu báo cáo cho chỉ tiêu này; số liệu sẽ có khi các đơn vị gửi báo cáo tháng.")
    else:
        st.dataframe(
            indicators.observations_frame(observations, row["measure"]),
            height="content" if len(observations) <= 15 else 460,  # a commune-level indicator has 38 rows a month
            hide_index=True,
            width="stretch",
        )
    st.caption(md(indicators.definition(row)))
