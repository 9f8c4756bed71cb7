"""Every page through AppTest on the baseline: no exception, and the figures a user must see."""

import pytest
from streamlit.testing.v1 import AppTest

from nq57 import paths

APP = str(paths.ROOT / "app.py")


@pytest.fixture
def app(baseline_db, monkeypatch):
    monkeypatch.setenv("NQ57_DB", str(baseline_db))

    def open_page(page: str | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        if page:
            at.switch_page(page)
            at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return open_page


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def table_with(at, column: str):
    """The first table on the page that has this column (tables carry no widget key in AppTest)."""
    return next(t.value for t in at.dataframe if column in t.value.columns)


def text_of(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    return "\n".join(parts)


def test_overview_headline_figures(app):
    at = app()
    assert at.title[0].value == "Tổng quan"
    got = metrics(at)
    assert got["Nhiệm vụ được giao đã hoàn thành"] == "137/240"
    assert got["Tăng trưởng GRDP"] == "9,6%"
    assert got["Bản chưa có băng rộng di động"] == "8"
    assert got["Thôn, bản chưa có cáp quang"] == "109"
    assert got["Xếp hạng xử lý văn bản điện tử"] == "4/58"
    text = text_of(at)
    assert "Quý I/2026 · Nguồn: Thông báo 01-TB/CQTTBCD ngày 16/4/2026, mục 1" in text
    assert "Số bản chưa có băng rộng di động và chưa có điện lưới: **3**" in text
    assert "Xếp hạng tốc độ tăng trưởng GRDP trong cả nước: **thứ 9**" in text
    targets = at.dataframe[0].value
    assert "Tỷ trọng kinh tế số trong GRDP" in set(targets["Chỉ tiêu"])
    row = targets.set_index("Chỉ tiêu").loc["Tỷ trọng kinh tế số trong GRDP"]
    assert (row["Mục tiêu"], row["Hạn"]) == ("≥ 7%", "31/12/2026")
    assert row["Trạng thái"] == "Chưa có số liệu"
    assert row["Nguồn"] == "mục tiêu: 32-KH/TU"
    brdd = targets.set_index("Chỉ tiêu").loc["Số bản chưa có băng rộng di động"]
    assert (brdd["Mới nhất"], brdd["Trạng thái"], brdd["Nguồn"]) == (
        "8",
        "Chưa đạt, còn hạn",
        "mục tiêu: 01-TB/CQTTBCD; số liệu: 01-TB/CQTTBCD",
    )


def test_indicators_catalogue_and_detail(app):
    at = app("app_pages/indicators.py")
    assert at.title[0].value == "Chỉ tiêu"
    catalogue = at.dataframe[0].value
    assert len(catalogue) == 40
    at.selectbox(key="indicators-detail").set_value("BAN_CHUA_BRDD").run()
    assert not at.exception
    assert metrics(at)["Số liệu mới nhất"] == "8"
    targets = at.dataframe[1].value
    assert list(targets["Mục tiêu"]) == ["≤ 4", "≤ 0"]
    assert list(targets["Hạn"]) == ["30/4/2026", "31/12/2026"]
    observed = at.dataframe[2].value
    assert observed.iloc[0]["Nguồn"] == "Thông báo 01-TB/CQTTBCD ngày 16/4/2026, mục 1"
    assert at.caption[-2].value == "Tần suất báo cáo: Tháng."  # no definition: nothing printed for it
    at.selectbox(key="indicators-detail").set_value("VNEID").run()
    assert at.caption[-2].value == (
        "Tử số: Số người có tài khoản định danh điện tử; Mẫu số: Dân số; Tần suất báo cáo: Tháng."
    )


def test_indicators_filter_by_group(app):
    at = app("app_pages/indicators.py")
    at.selectbox(key="indicators-group").set_value("IX").run()
    assert list(at.dataframe[0].value["Chỉ tiêu"]) == [
        "Có Trung tâm an ninh mạng cấp tỉnh (hoặc thuê dịch vụ giám sát an toàn thông tin)"
    ]


def test_tasks_page_counts_and_filters(app):
    at = app("app_pages/tasks.py")
    assert at.title[0].value == "Nhiệm vụ"
    got = metrics(at)
    assert got["Nhiệm vụ Phụ lục 02 (32-KH/TU)"] == "40"
    assert got["Nhiệm vụ Quý II/2026 có thời hạn (01-TB)"] == "26"
    assert got["Nhiệm vụ được giao đã hoàn thành"] == "137/240"
    table = at.dataframe[0].value
    assert len(table) == 66
    at.selectbox(key="tasks-plan").set_value("32-KH/TU").run()
    at.selectbox(key="tasks-group").set_value("V").run()
    table = at.dataframe[0].value
    assert len(table) == 9
    row = table.set_index("Mã").loc["32KH-16"]
    assert (row["Thời hạn"], row["Hạn (ngày)"]) == ("30/6/2026", "30/6/2026")
    at.selectbox(key="tasks-group").set_value("Tất cả").run()
    at.selectbox(key="tasks-lead").set_value("Đảng ủy Công an tỉnh").run()
    assert list(at.dataframe[0].value["Mã"]) == ["32KH-21"]


def test_coverage_map_lists_the_villages(app):
    at = app("app_pages/coverage_map.py")
    assert at.title[0].value == "Bản đồ phủ sóng"
    got = metrics(at)
    assert (got["Bản chưa có băng rộng di động"], got["…trong đó chưa có điện lưới"]) == ("8", "3")
    villages = at.dataframe[0].value
    assert len(villages) == 8
    assert set(villages["Vị trí"]) == {"gần đúng (điểm giữa xã)"}
    at.selectbox(key="map-commune").set_value("03434").run()
    assert not at.exception
    villages = at.dataframe[0].value
    assert list(villages["Xã"]) == ["Xã Nậm Hàng", "Xã Nậm Hàng"]


def test_returns_page_template_status_and_history(app):
    at = app("app_pages/returns.py")
    assert at.title[0].value == "Nộp báo cáo"
    assert [t.label for t in at.tabs] == ["Gửi báo cáo", "Tình hình nộp báo cáo", "Lịch sử tải lên"]
    assert at.selectbox(key="returns-unit").value == "BCD"  # agencies first, by name: Ban Chỉ đạo tỉnh
    months = at.selectbox(key="returns-status-period").options
    at.selectbox(key="returns-status-period").set_value(months[1]).run()  # last month: past its due day
    got = metrics(at)
    assert (got["Đúng hạn"], got["Muộn"], got["Chưa nộp"]) == ("0", "0", "52")
    status = table_with(at, "Tình trạng")
    assert set(status["Tình trạng"]) == {"Chưa nộp"}
    assert (status["Loại"] == "Xã, phường").sum() == 38
    history = table_with(at, "Lần nhập")
    assert list(history["Tệp"]) == ["nq57_baseline.xlsx"]
    assert list(history["Loại"]) == ["Dữ liệu gốc"]
    assert list(history["Trạng thái"]) == ["Đang dùng"]
