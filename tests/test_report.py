"""The quarterly report draft holds the board's figures for its quarter, each with its source, and nothing else.

The draft is read back from the .docx as its reader sees it; what it must say is worked out here from the store
(nq57.snapshot, the same reading the overview makes), not from the report's own code.
"""

import datetime as dt

import pandas as pd
import pytest

import queries
from nq57 import board, cli, fmt, report, reporting, sample, snapshot, task_rules
from nq57.importer import import_workbook
from nq57.report import word
from tests.report_docx import appendix_rows, field_instructions, header_texts, numbers, paragraphs, xml
from tests.workbooks import return_workbook

NOW = dt.datetime(2026, 12, 6, 9, 30)
NOTICE = "Thông báo 01-TB/CQTTBCD ngày 16/4/2026, mục 1"


def draft(con, code: str, now: dt.datetime = NOW, **kwargs) -> bytes:
    return report.draft(con.cursor(), code, now, **kwargs)


def board_of(con, code: str, now: dt.datetime = NOW) -> snapshot.Snapshot:
    period = board.choose_period("quarter", code, now.date())
    return snapshot.read(con.cursor(), period.as_of, period.previous_as_of)


@pytest.fixture(scope="module")
def with_sample():
    """The baseline and two years of sample data up to November 2026, in memory."""
    from nq57 import paths, store

    con = store.connect(":memory:")
    import_workbook(con, paths.BASELINE_XLSX.read_bytes(), paths.BASELINE_XLSX.name, "baseline")
    import_workbook(con, sample.workbook(dt.date(2026, 11, 30), 2), sample.FILE_NAME, "admin")
    yield con
    con.close()


def test_q1_2026_draft_on_the_baseline_says_what_the_notice_says_with_its_sources(loaded):
    text = "\n".join(paragraphs(draft(loaded, "2026-Q1")))
    assert "Quý I/2026 và nhiệm vụ, giải pháp trọng tâm Quý II/2026" in text
    assert f"Nguồn: {NOTICE} (Quý I/2026): “Hoàn thành 137/240 nhiệm vụ được giao" in text
    assert f"Số bản chưa có băng rộng di động: 8 (Quý I/2026; {NOTICE})" in text
    assert f"Số bản chưa có băng rộng di động và chưa có điện lưới: 3 (Quý I/2026; {NOTICE})" in text
    assert f"Số thôn, bản chưa có băng rộng cáp quang: 109 (Quý I/2026; {NOTICE})" in text
    assert "Tốc độ tăng trưởng GRDP: 9,6% (Quý I/2026); chưa đặt mục tiêu bằng số [Phụ lục 02, số 3]" in text
    rows = {r[1]: r for r in appendix_rows(draft(loaded, "2026-Q1"), "Chỉ tiêu")}
    assert rows["GRDP_TANGTRUONG"][0] == "3" and rows["GRDP_TANGTRUONG"][5] == "9,6%"
    assert rows["GRDP_TANGTRUONG"][9] == NOTICE
    assert rows["NV_HOANTHANH"][5] == "137/240" and rows["NV_HOANTHANH"][9] == NOTICE


def expected_figure(row) -> str:
    if pd.isna(row["value"]):
        return "Chưa có báo cáo"
    return row["value_text"] + (f" ({row['coverage_text']})" if row["provisional"] else "")


@pytest.mark.parametrize("where, code", [("baseline", "2026-Q1"), ("baseline", "2026-Q2"), ("sample", "2026-Q3")])
def test_the_indicator_appendix_is_the_board_of_the_same_quarter(where, code, loaded, with_sample):
    con = loaded if where == "baseline" else with_sample
    frame = board_of(con, code).board
    indicators = appendix_rows(draft(con, code), "Chỉ tiêu")
    assert [r[1] for r in indicators] == list(frame["code"])
    for shown, (_, row) in zip(indicators, frame.iterrows(), strict=True):
        assert shown[5] == expected_figure(row), row["code"]
        assert shown[7] == row["status_label"], row["code"]
        if pd.notna(row["value"]):
            assert shown[6] == row["period_label"] and shown[9] == row["source"].removeprefix("Nguồn: ")
        if row["status"] != board.NO_TARGET:
            assert shown[4] == f"{row['target_text']} đến {row['deadline_text']}"


def allowed_numbers(con, code: str, now: dt.datetime) -> set[str]:
    """Every number the board, the register and the returns give for the quarter, as text: what the body may say."""
    snap = board_of(con, code, now)
    texts = []
    for frame, columns in (
        (snap.board, ("name", "value_text", "coverage_text", "target_text", "deadline_text", "period_label",
                      "source", "explanation", "status_label")),
        (snap.tasks, ("code", "name", "lead", "deadline_text", "group_code", "group_name", "plan")),
        (snap.without_signal, ("name", "commune", "close_by_text")),
    ):  # fmt: skip
        for column in columns:
            texts += [str(v) for v in frame[column].dropna()]
    if snap.task_statement:
        texts += list(snap.task_statement.values())
    once = task_rules.counted(snap.tasks)
    counts = [len(snap.tasks), len(once), int(snap.tasks["restates"].notna().sum()), len(snap.board)]
    counts += list(once["state"].value_counts()) + list(snap.board["status"].value_counts())
    counts += list(snap.past_due["days_late"].dropna()) + [len(snap.without_signal), len(snap.past_due)]
    counts += [int((snap.board["status"] != board.NO_TARGET).sum() - snap.board["status"].isin(["met"]).sum())]
    counts += [int(((snap.board["status"] != board.NO_TARGET) & snap.board["value"].isna()).sum())]
    period = board.choose_period("quarter", code, now.date())
    for month in range(period.as_of.month - 2, period.as_of.month + 1):
        m = f"{period.as_of.year}-{month:02d}"
        status = reporting.classify(queries.frame(con.cursor(), "returns/reporting_status", period=m), m, now.date())
        counts += [len(status), *status["status"].value_counts()]
        texts.append(f"tháng {month}/{period.as_of.year}")
    counts += list(range(1, len(snap.board) + 1))  # "[Phụ lục 02, số N]": an indicator's row
    texts += [fmt.number(int(n)) for n in [0, *counts]] + [fmt.date(period.as_of), f"{now:%H:%M} {fmt.date(now)}"]
    texts += ["Quý I/2026", "Quý II/2026", "Quý III/2026", "Quý IV/2026", "Quý I/2027", "Phụ lục 01, Phụ lục 02"]
    texts += [str(period.as_of.year), "57-NQ/TW 22/12/2024 32-KH/TU 01-TB/CQTTBCD 02 01"]
    return {n for t in texts for n in numbers(t)}


@pytest.mark.parametrize("where, code", [("baseline", "2026-Q1"), ("sample", "2026-Q3"), ("sample", "2026-Q4")])
def test_every_number_in_the_text_is_a_number_of_the_board(where, code, loaded, with_sample):
    con = loaded if where == "baseline" else with_sample
    allowed = allowed_numbers(con, code, NOW)
    body = paragraphs(draft(con, code))
    body = body[: body.index("PHỤ LỤC 01")]
    stray = {(n, line[:80]) for line in body for n in numbers(line) if n not in allowed}
    assert not stray


def test_sample_data_is_marked_on_every_page_and_the_baseline_draft_is_not(loaded, with_sample):
    data = draft(with_sample, "2026-Q3")
    headers = header_texts(data)  # the first page's and the others'
    assert len(headers) == 2 and all(word.SAMPLE in h for h in headers)
    # The later sections (the appendices, in landscape) repeat the first section's headers: none of their own.
    assert xml(data).count("<w:headerReference") == 2
    assert word.SAMPLE in "\n".join(paragraphs(data))
    assert not any(word.SAMPLE in h for h in header_texts(draft(loaded, "2026-Q1")))


def test_an_empty_quarter_gives_an_honest_draft(loaded):
    text = "\n".join(paragraphs(draft(loaded, "2024-Q1")))
    assert "Kỳ này chưa có báo cáo số liệu của chỉ tiêu nào." in text
    assert "Số liệu thôn, bản chưa có sóng chưa có báo cáo." in text
    assert "Tháng 1/2024: chưa có chế độ báo cáo tháng (trước khi có kế hoạch)." in text
    assert all(r[5] == "Chưa có báo cáo" for r in appendix_rows(draft(loaded, "2024-Q1"), "Chỉ tiêu"))


HOSTILE = '=cmd|"/C calc"!A0 {DDEAUTO c:\\\\x.exe} <w:fldSimple w:instr="DATE"/> \x07\x1b'


def test_text_from_a_return_cannot_become_a_field_or_a_formula(loaded, tmp_path):
    update = {"task_code": "32KH-21", "status": "Đang thực hiện", "progress": 60}
    name = HOSTILE.replace("\\\\", "_").replace("/", "_").replace('"', "_")[:60] + ".xlsx"
    data = return_workbook("DU_CA", "2026-06", task_updates=[update])
    import_workbook(loaded, data, name, "clerk", tmp_path, dt.datetime(2026, 6, 10, 9))
    doc = draft(loaded, "2026-Q2")
    rows = {r[1]: r for r in appendix_rows(doc, "Nhiệm vụ")}
    shown = word.clean(name)
    assert rows["32KH-21"][7] == f"Tệp “{shown}”, sheet “Tiến độ nhiệm vụ”, dòng 2 (10/6/2026)"
    assert rows["32KH-21"][6] == "Quá hạn (91 ngày)"
    body = xml(doc)
    assert "<w:fldSimple" not in body and "<w:instrText" not in body and "<w:fldChar" not in body
    assert field_instructions(doc) == ["PAGE"]  # ours, in the page header: no other field anywhere
    late = [p for p in paragraphs(doc) if p.startswith("- 32KH-21")]
    assert len(late) == 1 and late[0].startswith("- 32KH-21 · 01TB-25: Tham mưu ban hành danh mục cơ sở dữ liệu")
    assert late[0].endswith("(chủ trì: Đảng ủy Công an tỉnh; hạn Quý I/2026; quá hạn 91 ngày).")


def test_clean_drops_what_xml_cannot_hold_and_keeps_the_rest():
    assert word.clean("a\x00b\x07c\td\ne\ud800f") == "abc\td\nef"
    assert word.clean("=1+1 {DDE} <b>") == "=1+1 {DDE} <b>"


def test_the_command_line_writes_the_draft_and_refuses_a_month(baseline_db, tmp_path, capsys):
    out = tmp_path / "q1.docx"
    assert cli.main(["report", "--db", str(baseline_db), "--period", "2026-Q1", "--out", str(out)]) == 0
    assert "Hoàn thành 137/240" in "\n".join(paragraphs(out.read_bytes()))
    assert "Bước" not in capsys.readouterr().out
    assert cli.main(["report", "--db", str(baseline_db), "--period", "2026-05"]) == 1
    assert "Kỳ báo cáo phải là một quý, ví dụ 2026-Q2" in capsys.readouterr().err


def test_progress_is_told_step_by_step(loaded):
    steps = []
    draft(loaded, "2026-Q1", progress=lambda step, total, what: steps.append((step, total, what)))
    assert [s[0] for s in steps] == [1, 2, 3, 4, 5] and all(s[1] == 5 for s in steps)
    assert steps[-1][2] == "Ghi tệp Word"


def test_the_indicator_appendix_can_be_grouped_by_national_set(loaded):
    from nq57 import national

    mapping = national.mapping(loaded.cursor())
    rows = appendix_rows(draft(loaded, "2026-Q1", by_national=True), "Chỉ tiêu")
    frame = board_of(loaded, "2026-Q1").board.set_index("code")
    mapped = [r for r in rows if r[2].endswith("]")]
    assert len(mapped) == len(mapping)  # an indicator under each national indicator it maps to
    for shown, m in zip(mapped, mapping.itertuples(index=False), strict=True):
        assert shown[1] == m.indicator_code
        assert shown[2].endswith(f"[{m.national_code} {m.national_name}; {m.relation_label}]")
        assert shown[5] == expected_figure(frame.loc[m.indicator_code])
    unmapped = [r[1] for r in rows if not r[2].endswith("]")]
    assert unmapped == [c for c in frame.index if c not in set(mapping["indicator_code"])]
