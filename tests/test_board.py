"""The leaders' board: periods, the board built from the documents and from sample data, changes, and the pack."""

import dataclasses
import datetime as dt
import io
import pickle

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation

from nq57 import board, fmt, pack, sample, snapshot, status, task_rules
from nq57.archive import default_archive
from nq57.importer import commit, import_workbook, prepare, rollback

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
    return period, snapshot.read(con.cursor(), period.as_of, period.previous_as_of)


def test_baseline_board_shows_the_documents_figures_and_never_green_without_data(ro):
    _, snap = _snapshot(ro)
    b = snap.board.set_index("code")
    assert b.loc["BAN_CHUA_BRDD", "value_text"] == "8"
    assert b.loc["BAN_CHUA_BRDD", "period_label"] == "Quý I/2026"
    assert b.loc["BAN_CHUA_BRDD", "reported_on"] == D(2026, 4, 16)
    assert b.loc["BAN_CHUA_BRDD", "source"] == "Nguồn: Thông báo 01-TB/CQTTBCD ngày 16/4/2026, mục 1"
    # The milestone of 30/4/2026 (≤ 4, 01-TB) passed with 8 villages: it stays on the indicator, red, although the
    # target that counts now is the next one (≤ 0 by 31/12/2026), against which one value is too little to tell.
    assert b.loc["BAN_CHUA_BRDD", "target_text"] == "≤ 0" and b.loc["BAN_CHUA_BRDD", "deadline_text"] == "31/12/2026"
    assert (b.loc["BAN_CHUA_BRDD", "status"], b.loc["BAN_CHUA_BRDD", "rag"]) == (status.SLIPPED, "red")
    slipped = "Trượt mốc 30/4/2026: ≤ 4 bản; thực tế 8 (Quý I/2026)"
    assert b.loc["BAN_CHUA_BRDD", "milestones"] == [(status.SLIPPED, slipped)]
    assert b.loc["BAN_CHUA_BRDD", "explanation"].startswith(slipped + ". Mới có một kỳ số liệu (8)")
    assert "BAN_CHUA_BRDD" in set(board.attention(snap.board)["code"])
    # 4G in every village by 30/6/2026 (32-KH/TU): passed with no figure at all, said as unknown, still grey.
    assert b.loc["HT_4G_THON", "status"] == status.NO_DATA
    assert b.loc["HT_4G_THON", "milestone_text"] == (
        "Đã qua mốc 30/6/2026 (≥ 100%), chưa có số liệu để biết đạt hay chưa"
    )
    # In Q1/2026, before the milestone's deadline, there is nothing to say yet.
    _, q1 = _snapshot(ro, "quarter", "2026-Q1")
    early = q1.board.set_index("code").loc["BAN_CHUA_BRDD"]
    assert (early["status"], early["target_text"], early["milestones"]) == (status.INSUFFICIENT, "≤ 4", [])
    assert b.loc["NV_HOANTHANH", "value_text"] == "137/240"
    assert b.loc["THON_CHUA_CAPQUANG", "value_text"] == "109"
    assert b.loc["HT_5G", "status"] == status.NO_DATA
    assert not (b["rag"] == "green").any()
    assert not b["sample"].any()
    assert len(snap.without_signal) == 8
    assert list(board.headline(snap.board)["code"]) == [c for c, _ in board.HEADLINE]


def test_a_snapshot_is_frozen_and_survives_the_pickle_of_streamlits_cache(ro):
    _, snap = _snapshot(ro)
    with pytest.raises(dataclasses.FrozenInstanceError):
        snap.board = snap.before
    again = pickle.loads(pickle.dumps(snap))
    assert isinstance(again, snapshot.Snapshot)
    for field in dataclasses.fields(snapshot.Snapshot):
        value = getattr(snap, field.name)
        if isinstance(value, pd.DataFrame):
            pd.testing.assert_frame_equal(getattr(again, field.name), value)
        else:
            assert getattr(again, field.name) == value


def test_the_change_since_the_previous_period_in_points_or_units_and_none_when_there_is_nothing_to_tell():
    def row(value, measure="percent"):
        return pd.Series({"value": value, "measure": measure})

    assert board.change(row(46.0), row(43.5)) == "+2,5 điểm %"
    assert board.change(row(4.0, "count"), row(7.0, "count")) == "-3"  # an ASCII minus: the sign is read from it
    assert board.change(row(46.0), None) is None  # no indicator on the previous board
    assert board.change(row(46.0), row(None)) is None  # no figure before
    assert board.change(row(float("nan")), row(43.5)) is None  # no figure now
    assert board.change(row(46.0), row(46.0)) is None  # no movement
    assert board.change(row(140.0, "ratio"), row(137.0, "ratio")) is None  # 140/240: the parts tell it


def test_on_the_baseline_alone_no_task_is_reported_overdue_and_the_notice_says_what_it_says(ro):
    _, snap = _snapshot(ro)
    late = snap.past_due
    # No return since the notice: a passed deadline is "not reported since", never "overdue" as if reported.
    assert task_rules.past_due_counts(late) == (0, len(late))
    assert set(late["state_label"]) == {"Đã qua hạn, chưa có báo cáo"}
    # Each piece of work once: a task of 01-TB restating one of 32-KH/TU counts with it.
    [(pieces,)] = ro.execute(
        "select count(distinct coalesce(restates, code)) from tasks where not recurring and deadline < ?", [TODAY]
    ).fetchall()
    [(n_tasks,)] = ro.execute("select count(*) from tasks where not recurring and deadline < ?", [TODAY]).fetchall()
    assert len(late) == pieces == 37 and n_tasks == 39  # 32KH-03/01TB-01 and 32KH-21/01TB-25 both past due
    assert late["pair"].is_unique
    first = late.iloc[0]
    assert first["code"] == "32KH-03" and first["linked"] == "01TB-01"  # Tháng 01/2026: the longest past due
    assert first["days_late"] == (TODAY - D(2026, 1, 31)).days
    assert late["days_late"].is_monotonic_decreasing
    # Beside the counts, what the notice itself says for Q1/2026, with its source.
    assert snap.task_statement == {
        "text": "Hoàn thành 137/240 nhiệm vụ được giao, các nhiệm vụ còn lại đang triển khai thực hiện bảo đảm "
        "tiến độ. Còn 01 nhiệm vụ đã hoàn thành quá hạn.",
        "period_label": "Quý I/2026",
        "source": "Nguồn: Thông báo 01-TB/CQTTBCD ngày 16/4/2026, mục 1",
    }


def test_a_return_saying_a_task_is_not_done_after_its_deadline_makes_it_overdue(loaded, tmp_path):
    from tests.workbooks import return_workbook

    # 32KH-21 (the data catalogue, due Q1/2026) reported in progress on 10/6/2026, in June's return.
    update = {"task_code": "32KH-21", "status": "Đang thực hiện", "progress": 60}
    data = return_workbook("DU_CA", "2026-06", task_updates=[update])
    import_workbook(loaded, data, "cong_an_t6.xlsx", "clerk", tmp_path, dt.datetime(2026, 6, 10, 9))
    june = board.choose_period("month", "2026-06", TODAY)
    snap = snapshot.read(loaded.cursor(), june.as_of, june.previous_as_of)
    late = snap.past_due.set_index("code")
    assert (late.loc["32KH-21", "state_label"], late.loc["32KH-21", "days_late"]) == ("Quá hạn", 91)
    assert task_rules.past_due_counts(snap.past_due)[0] == 1
    # Its restatement 01TB-25 (due 30/6) shares the report; the pair is listed once, in the state that matters more.
    assert "01TB-25" not in late.index and late.loc["32KH-21", "linked"] == "01TB-25"
    assert list(snap.newly_overdue["code"]) == ["32KH-21"]  # at the end of May nobody had reported since 31/3
    # Due 31/5 and not reported since: past the deadline in June, said as such, not "overdue".
    assert set(snap.newly_past_due["code"]) == {"01TB-07", "01TB-21"}


def test_a_report_for_either_task_of_a_pair_counts_for_both(loaded, tmp_path):
    from tests.workbooks import return_workbook

    # The notice's task (01TB-25, led by the provincial police) reported done on 20/5: so is 32KH-21, late.
    done = {"task_code": "01TB-25", "status": "Đã hoàn thành", "completed_on": dt.date(2026, 5, 20)}
    data = return_workbook("CA", "2026-05", task_updates=[done])
    import_workbook(loaded, data, "ca_t5.xlsx", "clerk", tmp_path, dt.datetime(2026, 6, 2, 9))
    reg = snapshot.read(loaded.cursor(), TODAY, D(2026, 9, 30)).tasks.set_index("code")
    assert (reg.loc["01TB-25", "state"], reg.loc["32KH-21", "state"]) == (task_rules.DONE_ON_TIME, task_rules.DONE_LATE)
    assert reg.loc["32KH-21", "update_task"] == "01TB-25"
    once = task_rules.counted(reg.reset_index())
    assert once["pair"].value_counts()["32KH-21"] == 1
    assert once.set_index("pair").loc["32KH-21", "state"] == task_rules.DONE_LATE


def _village_counts(con, archive, counts: dict[str, int]) -> None:
    """Monthly returns of the number of villages without mobile broadband, as the department reports it."""
    from tests.workbooks import return_workbook

    for month, value in counts.items():
        rows = [{"indicator_code": "BAN_CHUA_BRDD", "unit_code": "12", "value": value}]
        day = dt.datetime(int(month[:4]), int(month[5:]), 28, 9) + dt.timedelta(days=7)
        import_workbook(
            con, return_workbook("SKHCN", month, observations=rows), f"t{month}.xlsx", "clerk", archive, day
        )


def test_a_missed_milestone_stays_visible_until_a_figure_meets_it_then_reads_as_met_late(loaded, tmp_path):
    _village_counts(loaded, tmp_path, {"2026-04": 7, "2026-05": 6, "2026-06": 6})
    _, snap = _snapshot(loaded, "month", "2026-06")
    row = snap.board.set_index("code").loc["BAN_CHUA_BRDD"]
    assert row["status"] == status.SLIPPED and row["target_text"] == "≤ 0"
    assert row["milestones"] == [(status.SLIPPED, "Trượt mốc 30/4/2026: ≤ 4 bản; thực tế 6 (Tháng 6/2026)")]
    _village_counts(loaded, tmp_path, {"2026-07": 5, "2026-08": 4})
    _, snap = _snapshot(loaded, "month", "2026-08")
    row = snap.board.set_index("code").loc["BAN_CHUA_BRDD"]
    # Met in August: no longer red for the milestone, which now reads as met late; judged by the pace to ≤ 0.
    assert row["status"] in (status.ON_TRACK, status.AT_RISK, status.OFF_TRACK)
    assert row["milestones"] == [(status.MET_LATE, "Đạt muộn mốc 30/4/2026: ≤ 4 bản; đạt 4 (Tháng 8/2026)")]
    changed = snap.colour_changes.set_index("code")
    assert changed.loc["BAN_CHUA_BRDD", "status_before"] == status.SLIPPED


def test_a_target_met_after_its_deadline_is_met_late_not_plain_met(loaded, tmp_path):
    from tests.workbooks import return_workbook

    # 5G coverage ≥ 45% by 31/12/2025 (351-KH/TU); first reported, at 46%, for May 2026.
    rows = [{"indicator_code": "HT_5G", "unit_code": "12", "value": 46}]
    import_workbook(loaded, return_workbook("SKHCN", "2026-05", observations=rows), "t5.xlsx", "clerk", tmp_path)
    _, snap = _snapshot(loaded, "month", "2026-05")
    row = snap.board.set_index("code").loc["HT_5G"]
    assert (row["status"], row["status_label"], row["rag"]) == (status.MET_LATE, "Đạt muộn", "blue")
    assert row["explanation"] == "Đạt muộn: 46% so với mục tiêu ≥ 45% hạn 31/12/2025 (chưa có số liệu đến hạn)."
    assert row["gap_text"] == "Đã đạt, sau hạn"


def test_sample_figures_are_marked_and_give_every_kind_of_status(with_sample):
    con, _ = with_sample
    _, snap = _snapshot(con)
    b = snap.board.set_index("code")
    assert b.loc["HT_5G", "sample"]
    assert b.loc["HT_5G", "period_label"] == "Tháng 11/2026"
    assert fmt.SAMPLE_MARK in b.loc["HT_5G", "source"]
    # A commune-level indicator gets a provincial figure summed from the 38 communes.
    assert "tổng hợp từ 38/38 xã, phường" in b.loc["VNEID", "source"]
    assert not b.loc["VNEID", "provisional"]
    assert b.loc["NV_HOANTHANH", "source"] == "Nguồn: Thông báo 01-TB/CQTTBCD ngày 16/4/2026, mục 1"
    assert {"green", "blue", "red"} <= set(b["rag"])
    # Fewer villages without signal is better: 8 in Q1, 4 by November, target 0 by 31/12/2026.
    assert b.loc["BAN_CHUA_BRDD", "value"] < 8
    assert b.loc["BAN_CHUA_BRDD", "status"] in (status.OFF_TRACK, status.AT_RISK, status.ON_TRACK)


def test_changes_since_the_previous_period_name_the_indicators_that_changed_colour(with_sample):
    con, _ = with_sample
    _, snap = _snapshot(con, "ytd", "2026")
    changed = snap.colour_changes.set_index("code")
    # At the end of 2025 there were no counts for villages after Q1/2026: no data, then a status.
    assert changed.loc["BAN_CHUA_BRDD", "status_before"] == status.NO_DATA
    for row in changed.itertuples():
        assert row.status != row.status_before


def test_pack_reads_back_with_every_indicator_its_status_and_the_sample_warning(with_sample):
    con, _ = with_sample
    period, snap = _snapshot(con)
    args = board.pack_inputs(snap, period, dt.datetime(2026, 12, 1, 9, 30))
    wb = openpyxl.load_workbook(io.BytesIO(pack.board_workbook(*args)))
    assert wb.sheetnames == ["Tóm tắt", "Chỉ tiêu", "Nhiệm vụ đã qua hạn", "Thôn, bản chưa có sóng"]
    summary = [v for row in wb["Tóm tắt"].iter_rows(values_only=True) for v in row if v is not None]
    assert any(fmt.SAMPLE_MARK in str(v) for v in summary)
    assert "Quý IV/2026 (đến 1/12/2026)" in summary
    codes = set(snap.board["code"])
    rows = {r[0]: r for r in wb["Chỉ tiêu"].iter_rows(min_row=2, values_only=True) if r[0] in codes}
    assert set(rows) == codes
    ht = rows["HT_5G"]
    assert ht[7] == snap.board.set_index("code").loc["HT_5G", "status_label"]
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
    assert snap.board.set_index("code").loc["KTS_GRDP", "status_label"] in text


def test_rolling_back_the_sample_leaves_only_the_documents(with_sample):
    con, upload_id = with_sample
    rollback(con, upload_id, "test")
    _, snap = _snapshot(con)
    b = snap.board
    assert not b["sample"].any()
    assert b.set_index("code").loc["BAN_CHUA_BRDD", "value_text"] == "8"


def test_one_rule_text_for_every_page_and_the_pack_quoted_by_the_readme():
    from nq57 import paths

    assert board.RULE == f"{task_rules.RULE}\n\n{status.RULE}"
    # The README's two rule sections quote the text shown on screen, paragraph by paragraph, as wrapped blockquotes.
    paragraphs, lines = [], []
    for line in [*(paths.ROOT / "README.md").read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("> "):
            lines.append(line[2:])
        elif lines:
            paragraphs.append(" ".join(" ".join(lines).split()))
            lines = []
    for rule in (task_rules.RULE, status.RULE):
        assert " ".join(rule.split()) in paragraphs, rule[:40]
