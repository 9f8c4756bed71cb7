"""Deadlines as the documents write them, and reporting periods."""

import datetime as dt

import pandas as pd
import pytest

from nq57.periods import as_date, parse_deadline, parse_period


@pytest.mark.parametrize(
    ("text", "date", "recurring"),
    [
        ("Quý I/2026", dt.date(2026, 3, 31), False),
        ("Quý III/2026", dt.date(2026, 9, 30), False),
        ("Quý IV/2026", dt.date(2026, 12, 31), False),
        ("Tháng 01/2026", dt.date(2026, 1, 31), False),
        ("trong tháng 5/2026", dt.date(2026, 5, 31), False),
        ("trong tháng 2/2028", dt.date(2028, 2, 29), False),
        ("trước ngày 30/6/2026", dt.date(2026, 6, 30), False),
        ("30/6/2026", dt.date(2026, 6, 30), False),
        ("Năm 2026", dt.date(2026, 12, 31), False),
        ("trong năm 2026", dt.date(2026, 12, 31), False),
        ("Thường xuyên", None, True),
        ("Hàng quý", None, True),
        ("", None, False),
        ("ngay sau khi có hướng dẫn của Bộ Công an", None, False),
    ],
)
def test_parse_deadline(text, date, recurring):
    deadline = parse_deadline(text)
    assert (deadline.date, deadline.recurring, deadline.text) == (date, recurring, text)


def test_parse_period_kinds_and_labels():
    q1 = parse_period("2026-q1")
    assert (q1.code, q1.start, q1.end, q1.label) == ("2026-Q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31), "Quý I/2026")
    may = parse_period("2026-5")
    assert (may.code, may.end, may.label) == ("2026-05", dt.date(2026, 5, 31), "Tháng 5/2026")
    assert parse_period("2025").label == "Năm 2025"
    for bad in ("2026-13", "Q1/2026", "abc", "2026-Q5"):
        with pytest.raises(ValueError):
            parse_period(bad)


def test_as_date_accepts_what_duckdb_and_pandas_return():
    assert as_date(pd.Timestamp("2026-04-30")) == dt.date(2026, 4, 30)
    assert as_date(dt.datetime(2026, 4, 30, 12)) == dt.date(2026, 4, 30)
    assert as_date(pd.NaT) is None
    assert as_date(None) is None
