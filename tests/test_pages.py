"""Every page through AppTest on the baseline: no exception, and the figures a user must see."""

import datetime as dt
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from components import auth, overview
from components.text import md
from nq57 import board, cli, fmt, paths
from tests import board_cards
from tests.accounts import ADMIN, make_accounts_in
from tests.sweep import shown

APP = str(paths.ROOT / "app.py")


@pytest.fixture
def app(baseline_db, monkeypatch):
    monkeypatch.setenv("NQ57_DB", str(baseline_db))

    def open_page(page: str | None = None, user=None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        if user is not None:
            at.session_state[auth.USER_KEY] = user  # signed in, as the sign-in form leaves it
        at.run()
        if page:
            at.switch_page(page)
            at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return open_page


def metrics(at) -> dict[str, str]:
    """Every big number on the page by its label: st.metric, the cards drawn as HTML (components.cards) and the
    overview's side panels (components.panels)."""
    cards = {card["label"]: card["value"] for card in board_cards.on_page(at)}
    return {m.label: m.value for m in at.metric} | cards | board_cards.side_on_page(at)["numbers"]


def table_with(at, column: str):
    """The first table on the page that has this column (tables carry no widget key in AppTest)."""
    return next(t.value for t in at.dataframe if column in t.value.columns)


def text_of(at) -> str:
    """The page's text as a reader sees it (values from data are escaped Markdown)."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    cards = [line for card in board_cards.on_page(at) for line in card["lines"]]  # plain text already
    side = board_cards.side_on_page(at)["lines"]
    return shown("\n".join(parts)) + "\n" + "\n".join(cards + side)


def test_overview_headline_figures(app, ro):
    at = app()
    assert at.title[0].value == "Tổng quan"
    cards = {card["label"]: card for card in board_cards.on_page(at)}
    # The nine headline figures, in meeting order; those the documents give, with their period and source.
    assert list(cards) == [label for _, label in board.HEADLINE]
    assert cards["Nhiệm vụ đã hoàn thành"]["value"] == "137/240"
    assert cards["Bản chưa có băng rộng di động"]["value"] == "8"
    assert cards["Thôn, bản chưa có cáp quang"]["value"] == "109"
    assert cards["Phủ sóng 5G"]["value"] == "–"
    assert cards["Nhiệm vụ đã hoàn thành"]["caption"] == (
        "Quý I/2026 · báo cáo 16/4/2026 · Nguồn: Thông báo 01-TB/CQTTBCD ngày 16/4/2026, mục 1"
    )
    # No data is grey and never green.
    assert ("grey", "● Chưa có số liệu") in cards["Phủ sóng 5G"]["badges"]
    assert not [c for c in cards.values() if c["rag"] == "green" or "green" in dict(c["badges"])]
    assert "Mục tiêu ≥ 7% hạn 31/12/2026" in cards["Kinh tế số trong GRDP"]["lines"]
    assert "Mục tiêu <b>≥ 7%</b> hạn 31/12/2026" in cards["Kinh tế số trong GRDP"]["html"]
    assert cards["Phủ sóng 5G"]["caption"] == "Chưa có đơn vị nào báo cáo số liệu này."
    # The villages' milestone of 30/4/2026 passed with 8 left: red on its card, though the next target (≤ 0 by
    # 31/12/2026) is the one shown, and the first thing the meeting must discuss.
    villages = cards["Bản chưa có băng rộng di động"]
    assert villages["rag"] == "red" and ("red", "● Trượt mốc") in villages["badges"]
    assert ("red", "Trượt mốc 30/4/2026: ≤ 4 bản; thực tế 8 (Quý I/2026)") in villages["coloured"]
    assert villages["help"].startswith("Số bản chưa có băng rộng di động. Trượt mốc 30/4/2026")
    got = metrics(at)
    text = text_of(at)
    attention = at.table[0].value
    assert list(attention["Trạng thái"]) == ["Trượt mốc"]
    assert attention["Vì sao"].iloc[0].startswith(md("Trượt mốc 30/4/2026: ≤ 4 bản; thực tế 8 (Quý I/2026)."))
    assert not at.success and not at.info
    assert board.RULE in text
    assert "Cách đánh giá trạng thái nhiệm vụ và chỉ tiêu" in [e.label for e in at.expander]
    # Beside the cards: tasks past their deadline. No return has reported on any task since the notice, so none is
    # "overdue" as if reported; each piece of work is counted once (a task of 01-TB restating one of 32-KH/TU).
    [(past,)] = ro.execute(
        "select count(distinct coalesce(restates, code)) from tasks where not recurring and deadline < ?",
        [dt.date.today()],
    ).fetchall()
    assert (got["Quá hạn"], got["Đã qua hạn, chưa có báo cáo"]) == ("0", str(past))
    # ... and beside them what the notice itself says for its period, with its source.
    said = (
        "Hoàn thành 137/240 nhiệm vụ được giao, các nhiệm vụ còn lại đang triển khai thực hiện bảo đảm tiến độ. "
        "Còn 01 nhiệm vụ đã hoàn thành quá hạn."
    )
    assert f"Văn bản báo cáo (Quý I/2026): “{said}”" in text
    assert "Nguồn: Thông báo 01-TB/CQTTBCD ngày 16/4/2026, mục 1" in text
    assert got["Thôn, bản chưa có sóng"] == "8"
    assert "Trong đó 3 bản chưa có điện lưới (Quý I/2026; Nguồn: Thông báo 01-TB/CQTTBCD" in text
    # The other figures and the meeting's documents are folded, and built only for a session that opens them.
    assert len(at.table) == 1 and not at.get("download_button")
    labels = {e.label for e in at.expander}
    assert any(label.startswith("Các số liệu khác đã báo cáo (") for label in labels)
    assert {"Bảng số liệu (Excel), bản in (PDF), bản trình chiếu "
            "(PowerPoint), dự thảo báo cáo quý"} <= labels  # fmt: skip
    at.session_state[overview.OTHERS_KEY] = at.session_state[overview.DOCUMENTS_KEY] = True  # as a click on each
    at.run()
    others = at.table[1].value.set_index("Chỉ tiêu")
    assert others.loc["Tốc độ tăng trưởng GRDP", "Số liệu"] == md("9,6%")
    assert others.loc["Xếp hạng tốc độ tăng trưởng GRDP trong cả nước", "Số liệu"] == "thứ 9"
    assert not at.warning  # no sample data loaded
    assert len(at.get("download_button")) == 3  # the pack: Excel, PDF, PowerPoint


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("sample") / "nq57.duckdb"
    cli.init_database(db)
    make_accounts_in(db)
    assert cli.main(["sample", "--db", str(db), "--until", "2026-11-30", "--as", ADMIN.username]) == 0
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
    assert "Số bản chưa có băng rộng di động: Chưa có số liệu → " in text
    attention = at.table[0].value
    assert set(attention["Trạng thái"]) <= {md("Quá hạn, không đạt"), "Trượt mốc", "Chậm tiến độ", "Cần đẩy nhanh"}
    assert len(attention) >= 1


def test_meeting_mode_steps_through_its_topics(app):
    at = app("app_pages/meeting.py")
    assert at.title[0].value == "Tổng quan"
    assert {c["label"]: c["value"] for c in board_cards.on_page(at)}["Bản chưa có băng rộng di động"] == "8"
    at.button(key="meeting-next").click().run()
    assert at.title[0].value == "Chỉ tiêu chậm tiến độ"
    at.button(key="meeting-next").click().run()
    assert at.title[0].value == "Nhiệm vụ đã qua hạn"
    got, late = metrics(at), at.table[0].value
    assert got["Quá hạn"] == "0"  # nothing reported since the notice
    assert int(got["Đã qua hạn, chưa có báo cáo"]) == len(late) > 0
    assert set(late["Trạng thái"]) == {md("Đã qua hạn, chưa có báo cáo")}
    assert md("32KH-16 · 01TB-06") in set(late["Mã"])  # a pair once, both codes shown
    assert "Văn bản báo cáo" in text_of(at)
    assert "Nhiệm vụ đã qua hạn" not in board_cards.side_on_page(at)["lines"]  # the title says it already
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
    # The same figure and status as on the overview: the milestone of 30/4/2026 passed unmet stays on it.
    brdd = catalogue.set_index("Chỉ tiêu").loc["Số bản chưa có băng rộng di động"]
    assert (brdd["Mới nhất"], brdd["Kỳ"], brdd["Trạng thái"]) == ("8", "Quý I/2026", "Trượt mốc")
    assert brdd["Mốc đã qua"] == "Trượt mốc 30/4/2026: ≤ 4 bản; thực tế 8 (Quý I/2026)"
    assert brdd["Nguồn"] == "mục tiêu: 01-TB/CQTTBCD; số liệu: Thông báo 01-TB/CQTTBCD ngày 16/4/2026, mục 1"
    four_g = catalogue.set_index("Chỉ tiêu").loc["Tỷ lệ thôn, bản, tổ dân phố được phủ sóng 4G"]
    assert four_g["Mốc đã qua"] == "Đã qua mốc 30/6/2026 (≥ 100%), chưa có số liệu để biết đạt hay chưa"
    at.multiselect(key="indicators-status").set_value(["slipped"]).run()
    assert list(at.dataframe[0].value["Chỉ tiêu"]) == ["Số bản chưa có băng rộng di động"]
    at.multiselect(key="indicators-status").set_value([]).run()
    at.selectbox(key="indicators-detail").set_value("BAN_CHUA_BRDD").run()
    assert not at.exception
    assert metrics(at)["Số liệu mới nhất"] == "8"
    targets = at.dataframe[1].value
    assert list(targets["Mục tiêu"]) == ["≤ 4", "≤ 0"]
    assert list(targets["Hạn"]) == ["30/4/2026", "31/12/2026"]
    assert list(targets["Kết quả"]) == ["Trượt mốc: thực tế 8 (Quý I/2026)", "Chưa đến hạn"]
    observed = at.dataframe[2].value
    assert observed.iloc[0]["Nguồn"] == "Thông báo 01-TB/CQTTBCD ngày 16/4/2026, mục 1"
    assert at.caption[-2].value == md("Tần suất báo cáo: Tháng.")  # no definition: nothing printed for it
    at.selectbox(key="indicators-detail").set_value("VNEID").run()
    assert at.caption[-2].value == md(
        "Tử số: Số người có tài khoản định danh điện tử; Mẫu số: Dân số; Tần suất báo cáo: Tháng."
    )


def test_indicators_filter_by_group(app):
    at = app("app_pages/indicators.py")
    at.selectbox(key="indicators-group").set_value("IX").run()
    assert list(at.dataframe[0].value["Chỉ tiêu"]) == [
        "Có Trung tâm an ninh mạng cấp tỉnh (hoặc thuê dịch vụ giám sát an toàn thông tin)"
    ]


def test_tasks_page_status_on_a_chosen_day_matches_the_documents_deadlines(app, ro):
    at = app("app_pages/tasks.py")
    assert at.title[0].value == "Nhiệm vụ"
    day = dt.date(2026, 6, 1)
    at.date_input(key="tasks-as-of").set_value(day).run()
    assert not at.exception
    got = metrics(at)
    assert got["Nhiệm vụ được giao đã hoàn thành"] == "137/240"
    assert got["Sổ nhiệm vụ: đã hoàn thành"] == "0/62"  # nothing reported yet; 66 tasks, four restated
    # From the documents' deadlines alone: passed ones are past the deadline with no report (not "overdue"), those in
    # the next 30 days due soon; each pair of a task and its restatement once, in the state needing more attention.
    tasks = ro.execute("select coalesce(restates, code), deadline, recurring from tasks").fetchall()
    deadlines = [d for _, d, recurring in tasks if not recurring and d is not None]
    past_pairs = {p for p, d, recurring in tasks if not recurring and d is not None and d < day}
    recurring_pairs = {p for p, _, recurring in tasks if recurring}  # not reported this month: before "in progress"

    def due_within(days: int) -> int:
        window = (day, day + dt.timedelta(days=days))
        due = {p for p, d, recurring in tasks if not recurring and d is not None and window[0] <= d <= window[1]}
        return len(due - past_pairs - recurring_pairs)

    past, soon = len(past_pairs), due_within(30)
    assert (got["Quá hạn"], got["Đã qua hạn, chưa có báo cáo"]) == ("0", str(past))
    assert got["Đến hạn trong 30 ngày"] == str(soon)
    assert got["Chưa báo cáo tháng này"] == "62"
    # Each document's own tasks, and the total that counts each piece of work once.
    plans = at.table[0].value.set_index("Văn bản")["Tổng"]
    assert (plans[md("32-KH/TU")], plans[md("01-TB/CQTTBCD")], plans[md("Tổng, mỗi việc tính một lần")]) == (40, 26, 62)
    ahead = at.dataframe[0].value
    assert len(ahead) == past + soon
    assert list(ahead["Trạng thái"]) == ["Đã qua hạn, chưa có báo cáo"] * past + ["Đang thực hiện, trong hạn"] * soon
    assert ahead["Số ngày"].iloc[0] == f"qua hạn {(day - min(deadlines)).days} ngày"  # longest past due first
    assert ahead["Mã"].iloc[0] == "32KH-03 · 01TB-01"
    at.segmented_control(key="tasks-ahead-order").set_value(True).run()
    by_agency = at.dataframe[0].value
    assert list(by_agency["Cơ quan chủ trì"]) == sorted(by_agency["Cơ quan chủ trì"])
    assert len(by_agency) == past + soon
    at.segmented_control(key="tasks-ahead-days").set_value(90).run()
    assert len(at.dataframe[0].value) == past + due_within(90)
    lead = at.dataframe[1].value.set_index("Cơ quan chủ trì")
    assert lead.loc["Đảng ủy Công an tỉnh", "Tổng"] >= 1
    listing = at.dataframe[3].value
    assert len(listing) == 66
    at.selectbox(key="tasks-plan").set_value("32-KH/TU").run()
    at.selectbox(key="tasks-group").set_value("V").run()
    table = at.dataframe[3].value
    assert len(table) == 9
    row = table.set_index("Mã").loc["32KH-16"]
    assert (row["Thời hạn"], row["Trạng thái"]) == ("30/6/2026", "Đang thực hiện, trong hạn")
    at.selectbox(key="tasks-group").set_value("Tất cả").run()
    at.selectbox(key="tasks-lead").set_value("Đảng ủy Công an tỉnh").run()
    assert list(at.dataframe[3].value["Mã"]) == ["32KH-21"]
    at.selectbox(key="tasks-detail").set_value("32KH-21").run()
    assert metrics(at)["Trạng thái"] == "Đã qua hạn, chưa có báo cáo"
    assert "**Được nhắc lại tại:** 01TB-25 · " in text_of(at)
    assert "Chưa có báo cáo tiến độ nào cho nhiệm vụ này." in [i.value for i in at.info]


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


def test_returns_page_template_status_and_history(app, baseline_db, tmp_path, monkeypatch):
    db = tmp_path / "nq57.duckdb"
    shutil.copyfile(baseline_db, db)
    make_accounts_in(db)  # a session whose account is not in the database is ended
    monkeypatch.setenv("NQ57_DB", str(db))
    at = app("app_pages/returns.py", user=ADMIN)
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


def test_tasks_page_shows_a_reported_task_with_its_history_and_source(tmp_path, monkeypatch):
    from nq57 import store
    from nq57.archive import default_archive
    from nq57.importer import commit, prepare
    from tests.workbooks import return_workbook

    db = tmp_path / "nq57.duckdb"
    cli.init_database(db)
    con = store.connect(db)
    data = return_workbook(
        "DU_CA",
        "2026-05",
        task_updates=[{"task_code": "32KH-21", "status": "Đã hoàn thành", "completed_on": dt.date(2026, 5, 20)}],
    )
    commit(con, prepare(con, data, "cong_an_t5.xlsx"), "Lò Văn Minh", default_archive(con))
    con.close()
    monkeypatch.setenv("NQ57_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/tasks.py")
    at.run()
    assert not at.exception
    # Reported today (the return's upload day), done on 20/5/2026.
    got = metrics(at)
    assert got["Sổ nhiệm vụ: đã hoàn thành"] == "1/62"  # 32KH-21 and its restatement 01TB-25: one piece of work
    at.selectbox(key="tasks-detail").set_value("32KH-21").run()
    assert metrics(at)["Trạng thái"] == "Hoàn thành quá hạn"  # due at the end of Q1/2026, done on 20/5/2026
    history = at.dataframe[-1].value
    assert history.iloc[0]["Ngày hoàn thành"] == "20/5/2026"
    assert history.iloc[0]["Nguồn"].startswith(
        "“cong_an_t5.xlsx” (lần nhập 2, trang Tiến độ nhiệm vụ, dòng 2), báo cáo của Đảng ủy Công an tỉnh"
    )
    lead = at.dataframe[1].value.set_index("Cơ quan chủ trì")
    assert lead.loc["Đảng ủy Công an tỉnh", "Hoàn thành quá hạn"] == 1
    assert lead.loc["Công an tỉnh", "Hoàn thành quá hạn"] == 1  # it leads 01TB-25, the same piece of work
    # The notice's task shares the report, and is done on time by its own deadline (30/6/2026).
    at.selectbox(key="tasks-detail").set_value("01TB-25").run()
    assert metrics(at)["Trạng thái"] == "Hoàn thành đúng hạn"
    assert "Báo cáo gần nhất gửi cho nhiệm vụ 32KH-21 (cùng việc)." in text_of(at)
    assert list(at.dataframe[-1].value["Nhiệm vụ"]) == ["32KH-21"]
