"""The meeting pack: the workbook and the slides read back, formula injection neutralised, empty frames still valid."""

import datetime as dt
import io

import pandas as pd
import pytest
from openpyxl import load_workbook
from pptx import Presentation

from nq57 import pack, xlsx_text

MALICIOUS = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)"]
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def _board() -> pd.DataFrame:
    rows = [
        dict(
            group_code="I", group_name="Hạ tầng số", code="1.1", name="Tỷ lệ hộ gia đình có cáp quang",
            unit_of_measure="%", value=9.6, value_text="9,6%", period_label="Quý I/2026",
            reported_on=dt.date(2026, 4, 16), source="Thông báo 01-TB/CQTTBCD ngày 16/4/2026, mục 1",
            target_text="≥ 45%", deadline=dt.date(2026, 12, 31), deadline_text="31/12/2026", status="off_track",
            status_label="Chậm tiến độ", status_colour="#c53030", explanation="Tốc độ chỉ đạt 20% mức cần thiết.",
            sample=False,
        ),
        dict(
            group_code="II", group_name="Chính quyền số", code="2.1", name=MALICIOUS[0], unit_of_measure="hồ sơ",
            value=1234.0, value_text="1.234", period_label="Tháng 10/2026", reported_on=dt.date(2026, 11, 5),
            source=MALICIOUS[1], target_text=MALICIOUS[2], deadline=dt.date(2026, 6, 30), deadline_text="30/6/2026",
            status="met", status_label="Đã đạt", status_colour="#1a7f37", explanation=MALICIOUS[3], sample=True,
        ),
        dict(
            group_code="II", group_name="Chính quyền số", code="2.2", name="Số xã có điểm phục vụ",
            unit_of_measure="xã", value=137.0, value_text="137/240", period_label="", reported_on=None,
            source="Kế hoạch 351-KH/TU", target_text="≥ 200/240", deadline=dt.date(2027, 6, 30),
            deadline_text="30/6/2027", status="no_data", status_label="Chưa có số liệu", status_colour="#718096",
            explanation="Mới có một kỳ.", sample=False,
        ),
    ]  # fmt: skip
    return pd.DataFrame(rows)


def _history() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["1.1", "1.1", "1.1", "2.1", "2.1"],
            "period_end": [dt.date(2026, 3, 31), dt.date(2026, 6, 30), dt.date(2026, 9, 30), dt.date(2026, 9, 30),
                           dt.date(2026, 10, 31)],
            "value": [5.0, 7.5, 9.6, 1000.0, 1234.0],
            "target_value": [45.0, 45.0, 45.0, float("nan"), float("nan")],
        }
    )  # fmt: skip


def _tasks(n: int = 3) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": [f"NV{i}" for i in range(n)],
            "name": ["@SUM(A1)"] + [f"Nhiệm vụ số {i}" for i in range(1, n)],
            "lead": ["Sở Khoa học và Công nghệ"] * n,
            "deadline_text": ["30/6/2026"] * n,
            "deadline": [dt.date(2026, 6, 30)] * (n - 1) + [None],
            # The first task reported overdue, the others past the deadline with no report since.
            "state_label": ["Quá hạn"] + ["Đã qua hạn, chưa có báo cáo"] * (n - 1),
            "days_late": list(range(10, 10 + n)),
        }
    )


def _villages() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ["Bản Nậm Ô", "-2"],
            "commune": ["Xã Bum Tở", "Xã Mù Cả"],
            "mobile_label": ["Chưa có sóng", "Chưa có sóng"],
            "grid_power_label": ["Có", "Chưa rõ"],
            "close_by_text": ["Quý IV/2026", "—"],
        }
    )


META = {
    "title": "Báo cáo Ban Chỉ đạo Nghị quyết 57-NQ/TW tỉnh Lai Châu",
    "period_label": "Tháng 11/2026",
    "as_of": dt.date(2026, 11, 30),
    "generated_at": dt.datetime(2026, 12, 1, 8, 30),
    "rule": "Nhiệm vụ: “Quá hạn” khi báo cáo sau hạn nói chưa xong.\n\nChỉ tiêu: xanh “Đã đạt”; đỏ “Chậm tiến độ”.",
    "has_sample": True,
    "task_facts": [
        ("Quá hạn", "1"),
        ("Đã qua hạn, chưa có báo cáo", "2"),
        ("Văn bản báo cáo (Quý I/2026)", "Hoàn thành 137/240 nhiệm vụ. Nguồn: Thông báo 01-TB/CQTTBCD."),
    ],
}


def _all_cells(wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            yield from row


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("  =1", "'  =1"),
        ("\t=1", "'\t=1"),
        ("\r1", "'\r1"),
        ("+84 912", "'+84 912"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Bản Nậm Ô", "Bản Nậm Ô"),
        ("9,6%", "9,6%"),
        ("", ""),
    ],
)
def test_neutralise_text(text, expected):
    assert xlsx_text.neutralise(text) == expected


def test_neutralise_leaves_non_text():
    assert xlsx_text.neutralise(-2.5) == -2.5
    assert xlsx_text.neutralise(None) is None
    assert xlsx_text.neutralise(dt.date(2026, 6, 30)) == dt.date(2026, 6, 30)


def test_workbook_reads_back():
    data = pack.board_workbook(_board(), _history(), _tasks(), _villages(), META)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Tóm tắt", "Chỉ tiêu", "Nhiệm vụ đã qua hạn", "Thôn, bản chưa có sóng"]

    summary = wb["Tóm tắt"]
    texts = [c.value for c in _all_cells_of(summary) if isinstance(c.value, str)]
    assert any("DỮ LIỆU MẪU" in t for t in texts)
    assert "Tháng 11/2026" in texts
    assert META["rule"].split("\n\n") == [t for t in texts if t.startswith(("Nhiệm vụ:", "Chỉ tiêu:"))]
    facts = {summary.cell(c.row, 1).value: summary.cell(c.row, 2).value for c in _all_cells_of(summary)}
    assert facts["Quá hạn"] == "1" and facts["Đã qua hạn, chưa có báo cáo"] == "2"
    assert facts["Văn bản báo cáo (Quý I/2026)"].startswith("Hoàn thành 137/240 nhiệm vụ.")
    status_cells = {c.value: c for c in _all_cells_of(summary) if c.value in ("Chậm tiến độ", "Đã đạt")}
    assert status_cells["Chậm tiến độ"].fill.fgColor.rgb.endswith("C53030")
    assert summary.cell(status_cells["Đã đạt"].row, 2).value == 1

    ws = wb["Chỉ tiêu"]
    headers = [c.value for c in ws[1]]
    assert headers[:10] == ["Mã", "Chỉ tiêu", "Giá trị", "Kỳ", "Ngày báo cáo", "Mục tiêu", "Hạn", "Trạng thái",
                            "Giải thích", "Nguồn"]  # fmt: skip
    assert ws.freeze_panes == "A2"
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$1:$1"
    assert str(ws.page_setup.paperSize) == "9"  # A4
    assert ws.cell(2, 1).value == "I. Hạ tầng số"  # group header row
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "1.1")
    value = ws.cell(row, 3)
    assert isinstance(value.value, float) and value.value == pytest.approx(9.6)
    assert value.data_type == "n" and "%" in value.number_format
    reported = ws.cell(row, 5)
    assert reported.is_date and reported.value.date() == dt.date(2026, 4, 16)
    assert reported.number_format == "d/m/yyyy"
    assert ws.cell(row, 7).is_date
    status = ws.cell(row, 8)
    assert status.value == "Chậm tiến độ"
    fill = status.fill.fgColor.rgb[-6:]
    assert fill != "C53030" and fill[:2] > fill[2:4]  # a pale red: lighter than the colour, still reddish

    ratio_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "2.2")
    assert ws.cell(ratio_row, 3).value == "137/240"  # not a plain number: kept as shown
    sample_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "2.1")
    assert ws.cell(sample_row, 11).value == "Dữ liệu mẫu"
    assert ws.cell(sample_row, 3).value == 1234

    tasks = wb["Nhiệm vụ đã qua hạn"]
    assert [c.value for c in tasks[1]] == ["Mã", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn", "Trạng thái", "Số ngày kể từ hạn"]
    # Reported overdue first, then not reported since the deadline, most days first.
    body = list(tasks.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[4], r[5]) for r in body] == [
        ("NV0", "Quá hạn", 10), ("NV2", "Đã qua hạn, chưa có báo cáo", 12), ("NV1", "Đã qua hạn, chưa có báo cáo", 11)
    ]  # fmt: skip
    assert wb["Thôn, bản chưa có sóng"].cell(2, 1).value == "Bản Nậm Ô"


def _all_cells_of(ws):
    for row in ws.iter_rows():
        yield from row


def test_workbook_neutralises_every_text_cell():
    data = pack.board_workbook(_board(), _history(), _tasks(), _villages(), META)
    wb = load_workbook(io.BytesIO(data))
    cells = list(_all_cells(wb))
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert not [t for t in texts if t.startswith(DANGEROUS) or t.lstrip().startswith(DANGEROUS)]
    for bad in MALICIOUS:
        assert any(t.startswith("'" + bad) for t in texts), bad


def test_workbook_raw_xml_has_no_formula():
    import zipfile

    data = pack.board_workbook(_board(), _history(), _tasks(), _villages(), META)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)


def _slide_texts(slide) -> list[str]:
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            for row in shape.table.rows:
                out.extend(cell.text for cell in row.cells)
    return out


def test_slides_read_back():
    data = pack.board_slides(_board(), _history(), _tasks(), _villages(), META)
    prs = Presentation(io.BytesIO(data))
    assert prs.slide_width > prs.slide_height  # 16:9
    slides = list(prs.slides)
    # title, status chart, the rule, 2 indicators with history, off-track, tasks, villages
    assert len(slides) == 8
    assert META["title"] in _slide_texts(slides[0])

    charts = [s.chart for s in slides[1].shapes if s.has_chart]
    assert len(charts) == 1
    assert list(charts[0].plots[0].categories) == ["Chậm tiến độ", "Chưa có số liệu", "Đã đạt"]
    assert list(charts[0].plots[0].series[0].values) == [1, 1, 1]
    assert "Số chỉ tiêu theo trạng thái" in _slide_texts(slides[1])

    assert [t for t in _slide_texts(slides[2]) if t] == ["Cách đánh giá trạng thái", META["rule"]]
    assert any("Quá hạn: 1 · Đã qua hạn, chưa có báo cáo: 2" in t for t in _slide_texts(slides[0]))

    indicator = slides[3]
    texts = _slide_texts(indicator)
    assert "Tỷ lệ hộ gia đình có cáp quang" in texts
    line = next(s.chart for s in indicator.shapes if s.has_chart)
    assert list(line.plots[0].categories) == ["31/3/2026", "30/6/2026", "30/9/2026"]
    assert [s.name for s in line.plots[0].series] == ["Giá trị", "Mục tiêu"]
    assert any("Mục tiêu: ≥ 45%" in t and "Hạn: 31/12/2026" in t for t in texts)
    assert "Chậm tiến độ" in texts
    assert not any("DỮ LIỆU MẪU" in t for t in texts)  # real figure: no sample mark
    assert any("DỮ LIỆU MẪU" in t for t in _slide_texts(slides[4]))  # the sample indicator

    assert any(t.startswith("Chỉ tiêu chậm tiến độ") for t in _slide_texts(slides[5]))
    tasks = _slide_texts(slides[6])
    assert "Nhiệm vụ đã qua hạn" in tasks and "Trạng thái" in tasks
    assert tasks.index("Quá hạn") < tasks.index("Đã qua hạn, chưa có báo cáo")
    assert "Bản Nậm Ô" in _slide_texts(slides[7])


def test_slides_neutralise_text():
    data = pack.board_slides(_board(), _history(), _tasks(), _villages(), META)
    prs = Presentation(io.BytesIO(data))
    texts = [t for s in prs.slides for t in _slide_texts(s)]
    lines = [line for t in texts for line in t.split("\n")]
    assert not [t for t in lines if t.lstrip().startswith(DANGEROUS)]
    assert "'" + MALICIOUS[0] in texts  # indicator title
    assert "'@SUM(A1)" in texts and "'-2" in texts  # task and village tables


def test_long_task_list_splits_over_slides():
    data = pack.board_slides(_board(), _history(), _tasks(20), _villages(), META)
    titles = [" ".join(_slide_texts(s)) for s in Presentation(io.BytesIO(data)).slides]
    assert sum("Nhiệm vụ đã qua hạn (" in t for t in titles) == 3
    assert any("Nhiệm vụ đã qua hạn (3/3)" in t for t in titles)


def test_empty_frames_still_give_valid_files():
    board = _board().iloc[0:0]
    history = _history().iloc[0:0]
    meta = {**META, "has_sample": False}
    xlsx = pack.board_workbook(board, history, _tasks().iloc[0:0], _villages().iloc[0:0], meta)
    wb = load_workbook(io.BytesIO(xlsx))
    assert wb.sheetnames == ["Tóm tắt", "Chỉ tiêu", "Nhiệm vụ đã qua hạn", "Thôn, bản chưa có sóng"]
    assert wb["Nhiệm vụ đã qua hạn"].cell(2, 1).value == pack.NO_TASKS
    assert not any("DỮ LIỆU MẪU" in str(c.value) for c in _all_cells(wb))

    pptx = pack.board_slides(board, history, pd.DataFrame(), pd.DataFrame(), {})
    slides = list(Presentation(io.BytesIO(pptx)).slides)
    assert len(slides) == 6  # title, status, the rule, off-track, tasks, villages
    assert pack.NO_TASKS in _slide_texts(slides[4])


def test_long_task_names_take_more_slides():
    tasks = _tasks(8)
    tasks["name"] = [
        "Xây dựng và vận hành nền tảng dữ liệu dùng chung của tỉnh, kết nối với các hệ thống quốc gia " * 2
    ] * 8
    data = pack.board_slides(_board(), _history(), tasks, _villages(), META)
    titles = [" ".join(_slide_texts(s)) for s in Presentation(io.BytesIO(data)).slides]
    assert sum("Nhiệm vụ đã qua hạn (" in t for t in titles) >= 2


# --- PDF ------------------------------------------------------------------------------------------------------------


def _pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return [page.extract_text() for page in reader.pages]


def test_pdf_reads_back():
    data = pack.board_pdf(_board(), _history(), _tasks(), _villages(), META)
    assert data.startswith(b"%PDF-")
    pages = _pdf_pages(data)
    assert len(pages) >= 2
    first = pages[0]
    assert META["title"] in first
    assert META["period_label"] in first
    assert pack.SAMPLE_WARNING in first
    assert "Tỷ lệ hộ gia đình có cáp quang" in first
    assert "Chậm tiến độ" in first
    assert "Trang 1/" in first
    assert "Quá hạn: 1" in first and "Đã qua hạn, chưa có báo cáo: 2" in first
    assert "Văn bản báo cáo (Quý I/2026): Hoàn thành 137/240 nhiệm vụ." in first
    everything = "\n".join(pages)
    assert "Nhiệm vụ số 1" in everything and "Nhiệm vụ đã qua hạn (3)" in everything
    assert "Bản Nậm Ô" in everything


def test_pdf_without_sample_has_no_warning():
    meta = dict(META, has_sample=False)
    board = _board().assign(sample=False)
    first = _pdf_pages(pack.board_pdf(board, _history(), _tasks(), _villages(), meta))[0]
    assert "DỮ LIỆU MẪU" not in first


def test_pdf_neutralises_text():
    text = "\n".join(_pdf_pages(pack.board_pdf(_board(), _history(), _tasks(), _villages(), META)))
    assert "'=HYPERLINK" in text
    assert "'@SUM(A1)" in text


def test_pdf_from_empty_frames():
    data = pack.board_pdf(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), {})
    pages = _pdf_pages(data)
    assert pages
    assert "Chưa có chỉ tiêu nào" in pages[0]


def test_pdf_long_task_list_repeats_headers():
    pages = _pdf_pages(pack.board_pdf(_board(), _history(), _tasks(80), _villages(), META))
    task_pages = [p for p in pages if "Nhiệm vụ số" in p]
    assert len(task_pages) >= 2
    assert all("Đơn vị chủ trì" in p for p in task_pages)
