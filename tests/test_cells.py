"""Reading cells the way clerks type them in Excel or LibreOffice."""

import datetime as dt

import pytest

from nq57.workbook import CellError, parse_bool, parse_date, parse_number


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
