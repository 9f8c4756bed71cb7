"""No cell of any workbook the app writes starts a formula, whatever a return put in the store; and a template
downloaded and sent back unchanged reads exactly as it was written."""

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

import queries
from nq57 import board, coverage, exports, importer, pack, snapshot, task_rules, template, xlsx_text
from nq57.baseline import write_workbook
from nq57.periods import months_back
from nq57.workbook_format import parse_text
from tests.returns_strategy import write

MONTH = months_back(dt.date.today(), 2)[1]
HOSTILE = (
    '=HYPERLINK("https://evil.example","bấm")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
)

STORED = tuple(dict.fromkeys(parse_text(t) for t in HOSTILE))  # as the reader tidies them: "\t=1+1" is "=1+1"


def cells(data: bytes):
    """Every cell of every sheet: (sheet, coordinate, data type, value)."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield ws.title, cell.coordinate, cell.data_type, cell.value


def assert_no_formula(data: bytes, must_contain: tuple[str, ...] = ()) -> None:
    found = list(cells(data))
    formulas = [c for c in found if c[2] == "f"]
    assert not formulas, formulas
    live = [c for c in found if isinstance(c[3], str) and xlsx_text.neutralise(c[3]) != c[3]]
    assert not live, live
    texts = [c[3] for c in found if isinstance(c[3], str)]
    for text in must_contain:  # the hostile text is there, neutralised, not dropped
        assert any(t == xlsx_text.SAFE_PREFIX + text or text in t for t in texts), text


@pytest.fixture
def hostile(loaded):
    """A commune's return that names new villages and notes with formula-looking text, imported."""
    wb = openpyxl.load_workbook(io.BytesIO(template.build_template(loaded.cursor(), "03463", MONTH)))
    typed = {("Số liệu", 2, "Giá trị"): 40, ("Số liệu", 2, "Ghi chú"): HOSTILE[0]}
    for i, text in enumerate(HOSTILE):
        typed[("Thôn, bản", 3 + i, "Tên thôn, bản")] = text
        typed[("Thôn, bản", 3 + i, "Sóng di động")] = "Không có sóng"
        typed[("Thôn, bản", 3 + i, "Cáp quang")] = "Không"
    importer.import_workbook(loaded, write(wb, typed), "xa.xlsx", "x")
    return loaded


def test_the_template_writes_earlier_names_as_text(hostile):
    data = template.build_template(hostile.cursor(), "03463", MONTH)
    assert_no_formula(data, STORED)


def test_a_template_sent_back_unchanged_reads_as_written(hostile):
    """The names come back without the apostrophe the writer added: the same villages, nothing new."""
    data = template.build_template(hostile.cursor(), "03463", MONTH)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    data = write(wb, {("Số liệu", 2, "Giá trị"): 41})
    prepared = importer.prepare(hostile, data, "lan2.xlsx")
    villages = prepared.preview["villages"]
    assert set(STORED) <= set(villages["name"])
    assert set(villages["change"]) == {"unchanged"}


def test_exports_and_the_meeting_pack_write_no_formula(hostile):
    cur = hostile.cursor()
    today = dt.date.today()
    villages = queries.frame(cur, "villages/register")
    reg = task_rules.register(queries.frame(cur, "tasks/status", as_of=today), today)
    links = coverage.link_tasks(villages, reg)
    gaps = coverage.gap_register(villages, links, today)
    headline = queries.frame(cur, "villages/headline", unit_code="12", as_of=today)
    register = coverage.register_table(gaps)
    assert_no_formula(exports.gap_register_workbook(register, coverage.reconcile(gaps, headline), today), HOSTILE[:4])
    assert_no_formula(exports.deadlines_workbook(task_rules.deadlines_ahead(reg, 90), today, 90))
    assert_no_formula(exports.table_workbook(pd.DataFrame({"Tên": list(HOSTILE)}), HOSTILE[0], "Nhật ký"), HOSTILE)
    period = board.choose_period("month", f"{today:%Y-%m}", today)
    snap = snapshot.read(cur, period.as_of, period.previous_as_of)
    assert_no_formula(pack.board_workbook(*board.pack_inputs(snap, period, dt.datetime.now())))


def test_the_baseline_writer_neutralises_text_and_reads_back_the_same():
    rows = {"documents": [{"code": "X-KH/TU", "title": HOSTILE[0], "issued_on": dt.date(2026, 1, 1)}]}
    buffer = io.BytesIO()
    write_workbook(rows, buffer, [HOSTILE[1]])
    assert_no_formula(buffer.getvalue(), HOSTILE[:2])
    from nq57.excel import read_workbook

    assert read_workbook(buffer.getvalue()).sheets["documents"]["title"].tolist() == [HOSTILE[0]]
