"""Reading cells the way clerks type them in Excel or LibreOffice."""

import datetime as dt
import random

import pytest

from nq57 import workbook_format
from nq57.workbook_format import CellError, parse_bool, parse_date, parse_number


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("45,5", 45.5),
        ("45,5%", 45.5),
        ("1.234", 1234.0),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("0.65", 0.65),
        (" 9,6 % ", 9.6),
        (137, 137.0),
        (45.5, 45.5),
    ],
)
def test_numbers(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "", "%", "1,2,3a", "nan", True])
def test_not_numbers(raw):
    with pytest.raises(CellError):
        parse_number(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("30/6/2026", dt.date(2026, 6, 30)),
        ("2026-06-30", dt.date(2026, 6, 30)),
        (dt.datetime(2026, 6, 30, 0, 0), dt.date(2026, 6, 30)),
        (dt.date(2026, 6, 30), dt.date(2026, 6, 30)),
    ],
)
def test_dates(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["31/2/2026", "30-06", "ngày mai"])
def test_not_dates(raw):
    with pytest.raises(CellError):
        parse_date(raw)


def test_yes_no():
    assert parse_bool("Có") is True
    assert parse_bool("không") is False
    assert parse_bool(1) is True
    with pytest.raises(CellError):
        parse_bool("có lẽ")


def test_the_reader_shortcut_for_plain_text_gives_what_parsing_gives():
    # The reader passes text that needs no tidying as it is (cells._fast_value); on any other text it must step
    # aside. Random text from spaces of every kind, tabs, newlines, composed and decomposed Vietnamese letters.
    from nq57.excel import cells

    rng = random.Random(7)
    pieces = ["a", "B", "1", " ", "  ", "\t", "\n", "\u00a0", "ệ", "e\u0323\u0302", "Đ", "-", "/", "x"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 8))) for _ in range(5000)]
    columns = [
        workbook_format.Column("t", "T", workbook_format.TEXT),
        workbook_format.Column("c", "C", workbook_format.CODE),
    ]
    taken = 0
    for column in columns:
        for text in texts:
            fast = cells._fast_value(column, text, None)
            try:
                parsed = workbook_format.parse_cell(column, text)
            except workbook_format.CellError:
                parsed = None
            assert fast is None or fast == parsed, (column.kind, text)
            taken += fast is not None
    assert 1000 < taken < 9000  # the shortcut was taken, and refused
