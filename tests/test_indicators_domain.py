"""The indicators page's tables and derivations (nq57.indicators) on the baseline, without streamlit."""

import datetime as dt

import pytest

import queries
from nq57 import board, fmt, indicators

DAY = dt.date(2026, 6, 1)


@pytest.fixture
def baseline(ro):
    cur = ro.cursor()
    catalogue = queries.frame(cur, "indicators/catalogue", as_of=DAY)
    series = queries.frame(cur, "board/series", as_of=DAY)
    rows = board.build(catalogue, series, DAY, queries.frame(cur, "board/targets"))
    return cur, catalogue, series, rows


def test_group_labels_and_statuses(baseline):
    _, catalogue, _, rows = baseline
    labels = indicators.group_labels(catalogue)
    assert list(labels)[:2] == ["I", "II"]
    assert labels["IX"] == "IX. An ninh, an toàn thông tin và bảo vệ thông tin bí mật nhà nước"
    assert indicators.statuses_present(rows) == ["slipped", "no_data"]  # worst first


def test_filter_catalogue(baseline):
    _, catalogue, _, rows = baseline
    everything = indicators.filter_catalogue(catalogue, rows, indicators.ALL_GROUPS, [], False)
    assert len(everything) == 40
    group = indicators.filter_catalogue(catalogue, rows, "IX", [], False)
    assert list(group["code"]) == ["ATTT_TTANM"]
    slipped = indicators.filter_catalogue(catalogue, rows, indicators.ALL_GROUPS, ["slipped"], False)
    assert list(slipped["code"]) == ["BAN_CHUA_BRDD"]
    with_targets = indicators.filter_catalogue(catalogue, rows, indicators.ALL_GROUPS, [], True)
    assert len(with_targets) == 29
    assert (with_targets["n_targets"] > 0).all()


def test_first_choice_prefers_a_figure_with_a_target(baseline):
    _, catalogue, _, _ = baseline
    assert indicators.first_choice(catalogue) == "BAN_CHUA_BRDD"
    no_figures = catalogue[catalogue["value"].isna()]
    assert indicators.first_choice(no_figures) == no_figures["code"].iloc[0]
    assert indicators.first_choice(catalogue.iloc[:0]) is None


def test_latest_figure_is_the_boards(baseline):
    _, _, series, rows = baseline
    by_code = rows.set_index("code")
    brdd = indicators.latest_figure(by_code.loc["BAN_CHUA_BRDD"], indicators.series_of(series, "BAN_CHUA_BRDD"))
    assert brdd == indicators.Figure(
        value_text="8",
        period_label="Quý I/2026",
        reported_text="16/4/2026",
        provisional=False,
        coverage="",
        parts=None,
        source="Thông báo 01-TB/CQTTBCD ngày 16/4/2026, mục 1",
        sample=False,
    )
    tasks = indicators.latest_figure(by_code.loc["NV_HOANTHANH"], indicators.series_of(series, "NV_HOANTHANH"))
    assert (tasks.value_text, tasks.parts) == ("137/240", "137/240")
    none = indicators.latest_figure(by_code.loc["HT_5G"], indicators.series_of(series, "HT_5G"))
    assert (none.value_text, none.period_label, none.reported_text, none.source) == (
        "Chưa có",
        "Chưa có số liệu",
        fmt.DASH,
        None,
    )


def test_definition_and_parts_help(baseline):
    _, catalogue, _, _ = baseline
    by_code = catalogue.set_index("code")
    assert indicators.definition(by_code.loc["BAN_CHUA_BRDD"]) == "Tần suất báo cáo: Tháng."
    assert indicators.parts_help(by_code.loc["BAN_CHUA_BRDD"]) == ""
    assert indicators.definition(by_code.loc["NV_HOANTHANH"]) == (
        "Tử số: Số nhiệm vụ đã hoàn thành; Mẫu số: Tổng số nhiệm vụ được giao; Tần suất báo cáo: Quý."
    )
    assert (
        indicators.parts_help(by_code.loc["NV_HOANTHANH"]) == "Số nhiệm vụ đã hoàn thành / Tổng số nhiệm vụ được giao"
    )
    assert indicators.commune_target(by_code.loc["VNEID"]) == (">=", 50.0)
    assert indicators.commune_target(by_code.loc["NV_HOANTHANH"]) is None


def test_targets_frame_judges_each_target_by_the_figures(baseline):
    cur, catalogue, series, _ = baseline
    row = catalogue.set_index("code").loc["BAN_CHUA_BRDD"]
    targets = queries.frame(cur, "indicators/targets", indicator_code="BAN_CHUA_BRDD")
    frame = indicators.targets_frame(targets, indicators.series_of(series, "BAN_CHUA_BRDD"), row, DAY)
    assert list(frame["Mục tiêu"]) == ["≤ 4", "≤ 0"]
    assert list(frame["Hạn"]) == ["30/4/2026", "31/12/2026"]
    assert list(frame["Kết quả"]) == ["Trượt mốc: thực tế 8 (Quý I/2026)", "Chưa đến hạn"]
    assert list(frame["Thời hạn như văn bản ghi"]) == ["trước ngày 30/4/2026", "trong năm 2026"]
    assert set(frame["Nguồn"]) == {"Thông báo 01-TB/CQTTBCD ngày 16/4/2026, mục 2.3"}


def test_observations_frame(baseline):
    cur, _, _, _ = baseline
    observations = queries.frame(cur, "indicators/observations", indicator_code="NV_HOANTHANH")
    frame = indicators.observations_frame(observations, "ratio")
    assert frame.to_dict("records") == [
        {
            "Kỳ": "Quý I/2026",
            "Đơn vị": "Tỉnh Lai Châu",
            "Giá trị": "137/240",
            "Ghi chú": "Hoàn thành 137/240 nhiệm vụ được giao, các nhiệm vụ còn lại đang triển khai thực hiện bảo đảm "
            "tiến độ.",
            "Nguồn": "Thông báo 01-TB/CQTTBCD ngày 16/4/2026, mục 1",
        }
    ]
