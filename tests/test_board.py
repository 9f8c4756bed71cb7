"""The leaders' board: periods, the board built from the documents and from sample data, changes, and the pack."""

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation

from nq57 import board, fmt, pack, sample, status
from nq57.importer import commit, default_archive, prepare, rollback

D = dt.date
TODAY = D(2026, 12, 1)
SAMPLE_UNTIL = D(2026, 11, 30)


def test_periods_end_on_their_last_day_or_today_and_compare_with_the_one_before():
    q = board.choose_period("quarter", "2026-Q4", TODAY)
    assert (q.as_of, q.previous_as_of, q.previous_label) == (TODAY, D(2026, 9, 30), "Quý III/2026")
    assert q.label == "Quý IV/2026 (đến 1/12/2026)"
    m = board.choose_period("month", "2026-03", TODAY)
    assert (m.label, m.as_of, m.previous_as_of, m.previous_label) == (
        "Tháng 3/2026",
        D(2026, 3, 31),
        D(2026, 2, 28),
        "Tháng 2/2026",
    )
    y = board.choose_period("ytd", "2026", TODAY)
    assert (y.label, y.previous_as_of, y.previous_label) == (
        "Từ đầu năm 2026 đến 1/12/2026",
        D(2025, 12, 31),
        "Năm 2025",
    )
    assert board.period_choices("quarter", TODAY, 3) == ["2026-Q4", "2026-Q3", "2026-Q2"]
    assert board.period_choices("month", D(2026, 1, 15), 2) == ["2026-01", "2025-12"]


@pytest.fixture(scope="module")
def with_sample(tmp_path_factory):
    """A store with the baseline and the sample figures up to November 2026."""
    from nq57 import cli, store

    db = tmp_path_factory.mktemp("sample") / "nq57.duckdb"
    cli.init_database(db)
    con = store.connect(db)
    prepared = prepare(con, sample.workbook(SAMPLE_UNTIL), sample.FILE_NAME)
    result = commit(con, prepared, "test", default_archive(con))
    yield con, result.upload_id
    con.close()


def _snapshot(con, mode="quarter", code="2026-Q4"):
    period = board.choose_period(mode, code, TODAY)
    return period, board.snapshot(con.cursor(), period.as_of, period.previous_as_of)


def test_baseline_board_shows_the_documents_figures_and_never_green_without_data(ro):
    _, snap = _snapshot(ro)
    b = snap["board"].set_index("code")
    assert b.loc["BAN_CHUA_BRDD", "value_text"] == "8"
    assert b.loc["BAN_CHUA_BRDD", "period_label"] == "Quý I/2026"
    assert b.loc["BAN_CHUA_BRDD", "reported_on"] == D(2026, 4, 16)
    assert b.loc["BAN_CHUA_BRDD", "source"] == "Nguồn: Thông báo 01-TB/CQTTBCD ngày 16/4/2026, mục 1"
    # One value only (Q1/2026): too little to tell, and grey.
    assert b.loc["BAN_CHUA_BRDD", "status"] == status.INSUFFICIENT
    assert b.loc["NV_HOANTHANH", "value_text"] == "137/240"
    assert b.loc["THON_CHUA_CAPQUANG", "value_text"] == "109"
    assert b.loc["HT_5G", "status"] == status.NO_DATA
    assert not (b["rag"] == "green").any()
    assert not b["sample"].any()
    assert len(snap["without_signal"]) == 8
    assert list(board.headline(snap["board"])["code"]) == [c for c, _ in board.HEADLINE]


def test_overdue_tasks_are_those_with_a_passed_deadline_and_no_report_of_completion(ro):
    _, snap = _snapshot(ro)
    tasks = snap["tasks"]
    expected = tasks[~tasks["recurring"] & (pd.to_datetime(tasks["deadline"]).dt.date < TODAY)]
    assert set(snap["overdue"]["code"]) == set(expected["code"])
    first = snap["overdue"].iloc[0]
    assert first["days_late"] == (TODAY - first["deadline"].date()).days
    assert snap["overdue"]["days_late"].is_monotonic_decreasing


def test_sample_figures_are_marked_and_give_every_kind_of_status(with_sample):
    con, _ = with_sample
    _, snap = _snapshot(con)
    b = snap["board"].set_index("code")
    assert b.loc["HT_5G", "sample"]
    assert b.loc["HT_5G", "period_label"] == "Tháng 11/2026"
    assert fmt.SAMPLE_MARK in b.loc["HT_5G", "source"]
    # A commune-level indicator gets a provincial figure summed from the 38 communes.
    assert "tổng hợp từ 38/38 xã, phường" in b.loc["VNEID", "source"]
    assert not b.loc["VNEID", "provisional"]
    assert b.loc["NV_HOANTHANH", "source"] == "Nguồn: Thông báo 01-TB/CQTTBCD ngày 16/4/2026, mục 1"
    assert {"green", "red"} <= set(b["rag"])
    # Fewer villages without signal is better: 8 in Q1, 4 by November, target 0 by 31/12/2026.
    assert b.loc["BAN_CHUA_BRDD", "value"] < 8
    assert b.loc["BAN_CHUA_BRDD", "status"] in (status.OFF_TRACK, status.AT_RISK, status.ON_TRACK)


def test_changes_since_the_previous_period_name_the_indicators_that_changed_colour(with_sample):
    con, _ = with_sample
    _, snap = _snapshot(con, "ytd", "2026")
    changed = snap["colour_changes"].set_index("code")
    # At the end of 2025 there were no counts for villages after Q1/2026: no data, then a status.
    assert changed.loc["BAN_CHUA_BRDD", "status_before"] == status.NO_DATA
    for row in changed.itertuples():
        assert row.status != row.status_before


def test_pack_reads_back_with_every_indicator_its_status_and_the_sample_warning(with_sample):
    con, _ = with_sample
    period, snap = _snapshot(con)
    args = board.pack_inputs(snap, period, dt.datetime(2026, 12, 1, 9, 30))
    wb = openpyxl.load_workbook(io.BytesIO(pack.board_workbook(*args)))
    assert wb.sheetnames == ["Tóm tắt", "Chỉ tiêu", "Nhiệm vụ quá hạn", "Thôn, bản chưa có sóng"]
    summary = [v for row in wb["Tóm tắt"].iter_rows(values_only=True) for v in row if v is not None]
    assert any(fmt.SAMPLE_MARK in str(v) for v in summary)
    assert "Quý IV/2026 (đến 1/12/2026)" in summary
    codes = set(snap["board"]["code"])
    rows = {r[0]: r for r in wb["Chỉ tiêu"].iter_rows(min_row=2, values_only=True) if r[0] in codes}
    assert set(rows) == codes
    ht = rows["HT_5G"]
    assert ht[7] == snap["board"].set_index("code").loc["HT_5G", "status_label"]
    assert wb["Thôn, bản chưa có sóng"].max_row == 1 + 8
    slides = Presentation(io.BytesIO(pack.board_slides(*args)))
    texts = " ".join(shape.text_frame.text for slide in slides.slides for shape in slide.shapes if shape.has_text_frame)
    assert "Phủ sóng" in texts or "5G" in texts
    assert fmt.SAMPLE_MARK in texts


def test_pdf_of_the_board_reads_back(with_sample):
    from pypdf import PdfReader

    con, _ = with_sample
    period, snap = _snapshot(con)
    reader = PdfReader(io.BytesIO(pack.board_pdf(*board.pack_inputs(snap, period, dt.datetime(2026, 12, 1, 9, 30)))))
    first = reader.pages[0].extract_text()
    assert "Quý IV/2026 (đến 1/12/2026)" in first
    assert fmt.SAMPLE_MARK.upper() in first.upper()
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Tỷ lệ phủ sóng 5G trên địa bàn" in text
    assert snap["board"].set_index("code").loc["KTS_GRDP", "status_label"] in text


def test_rolling_back_the_sample_leaves_only_the_documents(with_sample):
    con, upload_id = with_sample
    rollback(con, upload_id, "test")
    _, snap = _snapshot(con)
    b = snap["board"]
    assert not b["sample"].any()
    assert b.set_index("code").loc["BAN_CHUA_BRDD", "value_text"] == "8"
