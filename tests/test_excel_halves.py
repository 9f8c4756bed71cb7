"""A sheet read by fastexcel in two halves, in either order, reads as the whole and as calamine's cells read it."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from nq57 import paths, workbook_format
from tests.workbooks import assert_same_reads, return_workbook


def _assert_split_reads_as_whole(monkeypatch, data: bytes, sheet: str = "Số liệu", fast: bool | None = True) -> None:
    """The workbook read with fastexcel, its largest sheet whole or in two halves (several times: the halves finish
    in either order), gives what calamine's cells give: the same frames, rows and problems. `fast`: whether the
    sheet is typed from fastexcel's Arrow columns (True), or found unfit for it and read by calamine (False)."""
    from nq57 import excel
    from nq57.excel import arrow, halves

    typed = []
    read_pieces = arrow.read_pieces
    monkeypatch.setattr(arrow, "read_pieces", lambda *args: typed.append((args, read_pieces(*args))) or typed[-1][1])
    monkeypatch.setattr(halves, "_SPLIT_MIN", 0)
    assert halves.in_halves(data, halves.sheet_index(data), sheet) is not None
    reads = [excel.read_workbook(data) for _ in range(5)]
    monkeypatch.setattr(halves, "_SPLIT_MIN", halves._SPLIT_MAX + 1)
    reads.append(excel.read_workbook(data))
    if fast is not None:
        title = workbook_format.sheet_for_title(sheet).title
        pieces = [(len(args[1]), frame is not None) for args, frame in typed if args[2].title == title]
        # In halves, five times; whole, once (unless fastexcel already found a column of mixed types).
        assert pieces[:5] == [(2, fast)] * 5
        assert pieces[5:] == [(1, True)] if fast else pieces[5:] in ([], [(1, False)])
    monkeypatch.setattr(arrow, "load_table", lambda *args: None)
    cells = excel.read_workbook(data)
    for read in reads:
        assert_same_reads(read, cells)


def _with_rows_moved(data: bytes, sheet: str, moved: bytes) -> bytes:
    """The workbook with the XML of one row of the sheet (by its r attribute) moved to the end of the sheet's data:
    out of order, as no spreadsheet program writes it, but as a hand-made file may."""
    import re
    import zipfile

    from nq57.excel import halves

    part = halves.sheet_index(data)[sheet]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zf, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zw:
        for info in zf.infolist():
            content = zf.read(info)
            if info.filename == part:
                row = re.search(rb'<row r="' + moved + rb'".*?</row>', content)[0]
                content = content.replace(row, b"").replace(b"</sheetData>", row + b"</sheetData>")
            zw.writestr(info, content)
    return out.getvalue()


SHAPES = {
    # shape: whether the halves are typed from Arrow (True) or the sheet is parsed whole (False)
    "plain": True,
    "blank-rows-at-the-cut": True,
    "a-note-far-right-above-the-cut": True,
    "column-a-empty-below-the-cut": True,
    "values-typed-as-text": True,
    "bad-cells": True,
    "text-and-numbers-in-one-column": False,
    "a-title-above-the-header": False,
    "a-row-out-of-order-before-the-cut": False,
    "a-row-out-of-order-after-the-cut": False,
}


@pytest.mark.parametrize("shape", SHAPES)
def test_a_sheet_parsed_in_two_halves_reads_as_the_whole(monkeypatch, shape):
    rows = [{"indicator_code": "HT_5G", "unit_code": "12", "value": i, "period": f"20{10 + i}-05"} for i in range(40)]
    book = load_workbook(io.BytesIO(return_workbook("SKHCN", "2026-05", observations=rows)))
    sheet = book["Số liệu"]
    value = next(c.column for c in sheet[1] if c.value == "Giá trị")
    if shape == "blank-rows-at-the-cut":
        for row in sheet.iter_rows(min_row=20, max_row=23):  # emptied: the halves meet across blank rows
            for cell in row:
                cell.value = None
    if shape == "a-note-far-right-above-the-cut":
        sheet["M3"] = "ghi chú bên lề"
    if shape == "column-a-empty-below-the-cut":  # the second half starts one column further right
        for row in range(15, 42):
            sheet.cell(row, 1).value = None
    if shape == "values-typed-as-text":  # as a clerk types them: a decimal comma, thousands dots, a percent sign
        for row in range(2, 42):
            sheet.cell(row, value).value = ["45,5", "1.234", "12%", " 7 "][row % 4]
    if shape == "bad-cells":  # text where a number belongs, a required code left empty, stray spaces
        for row in range(2, 42):
            sheet.cell(row, value).value = "abc" if row in (5, 33) else f"{row},5"
        sheet.cell(30, 1).value = None
        sheet.cell(31, 1).value = "  HT_5G  "
    if shape == "text-and-numbers-in-one-column":
        sheet.cell(33, value).value = "45,5"
    if shape == "a-title-above-the-header":
        sheet.insert_rows(1)
        sheet["A1"] = "Báo cáo số liệu tháng 5/2026"
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    if shape == "a-row-out-of-order-before-the-cut":
        data = _with_rows_moved(data, "Số liệu", b"5")
    if shape == "a-row-out-of-order-after-the-cut":
        data = _with_rows_moved(data, "Số liệu", b"35")
    _assert_split_reads_as_whole(monkeypatch, data, fast=SHAPES[shape])


def test_a_village_sheet_in_two_halves_reads_as_the_whole(monkeypatch):
    """Labels for codes, real booleans and dates, coordinates, blanks: typed from Arrow as calamine's cells are."""
    villages = [
        {
            "code": f"BAN-{i:03d}",
            "name": f"Bản {i}",
            "commune_code": "03434",
            "mobile": ["Không có sóng", "4G", "Sóng chập chờn", "5G"][i % 4],
            "fibre": i % 3 == 0,
            "grid_power": None if i % 5 == 0 else i % 2 == 0,
            "close_by": dt.date(2026, 6, 30) if i % 2 else None,
            "lat": 22.3 + i / 100,
            "lon": None if i == 7 else 103.4,
            "note": "  " if i == 9 else None,
        }
        for i in range(60)
    ]
    villages[12]["mobile"] = "6G"  # not a choice: reported, the row left out
    _assert_split_reads_as_whole(
        monkeypatch, return_workbook("SKHCN", "2026-05", villages=villages, kind="bulk"), "Thôn, bản"
    )


def test_the_baseline_reads_the_same_with_its_largest_sheet_in_two_halves(monkeypatch):
    from nq57.excel import halves

    data = paths.BASELINE_XLSX.read_bytes()
    parts = halves.sheet_index(data)
    monkeypatch.setattr(halves, "_SPLIT_MIN", 0)
    largest = halves.worth_halving(data, parts, [name for name in parts if workbook_format.sheet_for_title(name)])
    _assert_split_reads_as_whole(monkeypatch, data, largest)
