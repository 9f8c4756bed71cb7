"""Every page through AppTest on the baseline: no exception, and the figures a user must see."""

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from nq57 import board, cli, fmt, paths, status

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


def test_overview_headline_figures(app, ro):
    at = app()
    assert at.title[0].value == "Tổng quan"
    got = metrics(at)
    # The nine headline figures, in meeting order; those the documents give, with their period and source.
    assert list(got)[:9] == [label for _, label in board.HEADLINE]
    assert got["Nhiệm vụ đã hoàn thành"] == "137/240"
    assert got["Bản chưa có băng rộng di động"] == "8"
    assert got["Thôn, bản chưa có cáp quang"] == "109"
    assert got["Phủ sóng 5G"] == "–"
    text = text_of(at)
    assert "Quý I/2026 · báo cáo 16/4/2026 · Nguồn: Thông báo 01-TB/CQTTBCD ngày 16/4/2026, mục 1" in text
    # No data, or one value only, is grey and never green.
    assert ":gray-badge[● Chưa có số liệu]" in text
    assert ":gray-badge[● Chưa đủ số liệu]" in text
    assert ":green-badge" not in text
    assert "Mục tiêu **≥ 7%** hạn 31/12/2026\n" in text + "\n"
    assert "Chưa có đơn vị nào báo cáo số liệu này." in text
    # Nothing red or amber, but that is not good news when most indicators have no figure yet.
    assert "chưa có hoặc chưa đủ số liệu để đánh giá" in at.info[0].value
    assert not at.success
    assert "Cách đánh giá: " + status.RULE in text
    # Beside the cards: overdue tasks counted from the register's deadlines, villages without signal.
    overdue = ro.execute(
        "select count(*) from tasks where not recurring and deadline < ?", [dt.date.today()]
    ).fetchone()[0]
    assert got["Nhiệm vụ quá hạn"] == str(overdue)
    assert got["Thôn, bản chưa có sóng"] == "8"
    assert "Trong đó 3 bản chưa có điện lưới (Quý I/2026; Nguồn: Thông báo 01-TB/CQTTBCD" in text
    others = at.table[0].value.set_index("Chỉ tiêu")
    assert others.loc["Tốc độ tăng trưởng GRDP", "Số liệu"] == "9,6%"
    assert others.loc["Xếp hạng tốc độ tăng trưởng GRDP trong cả nước", "Số liệu"] == "thứ 9"
    assert not at.warning  # no sample data loaded
    assert len(at.get("download_button")) == 3  # the pack: Excel, PDF, PowerPoint


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("sample") / "nq57.duckdb"
    cli.init_database(db)
    assert cli.main(["sample", "--db", str(db), "--until", "2026-11-30"]) == 0
    return db


def test_overview_marks_sample_data_and_says_what_changed(sample_db, monkeypatch):
    monkeypatch.setenv("NQ57_DB", str(sample_db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert fmt.SAMPLE_MARK in at.warning[0].value
    text = text_of(at)
    assert f"Nguồn: {fmt.SAMPLE_MARK} (tệp “du_lieu_mau.xlsx”)" in text
    # Year to date: compared with the end of 2025, when the sample had no village counts after Q1/2026.
    at.segmented_control(key="overview-period-mode").set_value("ytd").run()
    text = text_of(at)
    assert "Thay đổi so với Năm 2025" in text
    assert "Số bản chưa có băng rộng di động: :gray[Chưa có số liệu] →" in text
    attention = at.table[0].value
    assert set(attention["Trạng thái"]) <= {"Quá hạn, không đạt", "Chậm tiến độ", "Cần đẩy nhanh"}
    assert len(attention) >= 1


def test_meeting_mode_steps_through_its_topics(app):
    at = app("app_pages/meeting.py")
    assert at.title[0].value == "Tổng quan"
    assert metrics(at)["Bản chưa có băng rộng di động"] == "8"
    at.button(key="meeting-next").click().run()
    assert at.title[0].value == "Chỉ tiêu chậm tiến độ"
    at.button(key="meeting-next").click().run()
    assert at.title[0].value == "Nhiệm vụ quá hạn"
    assert int(metrics(at)["Số nhiệm vụ quá hạn"]) == len(at.table[0].value) > 0
    at.button(key="meeting-next").click().run()
    assert at.title[0].value == "Thôn, bản chưa có sóng"
    assert metrics(at)["Thôn, bản chưa có băng rộng di động"] == "8"
    villages = at.table[0].value
    assert len(villages) == 8
    assert "Chưa rõ" in set(villages["Xã"])  # one village the notice does not place
    at.button(key="meeting-next").click().run()
    assert at.title[0].value == "Tổng quan"
    at.button(key="meeting-back").click().run()
    assert at.title[0].value == "Thôn, bản chưa có sóng"
    assert not at.exception


def test_indicators_catalogue_and_detail(app):
    at = app("app_pages/indicators.py")
    assert at.title[0].value == "Chỉ tiêu"
    catalogue = at.dataframe[0].value
    assert len(catalogue) == 40
    # The same figure and status as on the overview: one value only is too little to tell.
    brdd = catalogue.set_index("Chỉ tiêu").loc["Số bản chưa có băng rộng di động"]
    assert (brdd["Mới nhất"], brdd["Kỳ"], brdd["Trạng thái"]) == ("8", "Quý I/2026", "Chưa đủ số liệu")
    assert brdd["Nguồn"] == "mục tiêu: 01-TB/CQTTBCD; số liệu: Thông báo 01-TB/CQTTBCD ngày 16/4/2026, mục 1"
    at.multiselect(key="indicators-status").set_value(["insufficient"]).run()
    assert list(at.dataframe[0].value["Chỉ tiêu"]) == ["Số bản chưa có băng rộng di động"]
    at.multiselect(key="indicators-status").set_value([]).run()
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
