"""Vietnamese number, date and source formatting."""

import datetime as dt

import pandas as pd
import pytest

from nq57 import fmt


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234, None, "1.234"),
        (1234.5, None, "1.234,5"),
        (0.65, None, "0,65"),
        (9.6, None, "9,6"),
        (1234567, None, "1.234.567"),
        (57.0833, 1, "57,1"),
        (None, None, "–"),
        (float("nan"), None, "–"),
    ],
)
def test_number(value, decimals, expected):
    assert fmt.number(value, decimals) == expected


def test_percent_and_date():
    assert fmt.percent(9.6) == "9,6%"
    assert fmt.date(dt.date(2026, 6, 30)) == "30/6/2026"
    assert fmt.date(pd.Timestamp("2026-01-09")) == "9/1/2026"
    assert fmt.date(pd.NaT) == "–"


@pytest.mark.parametrize(
    ("value", "kind", "den", "expected"),
    [
        (137, "ratio", 240, "137/240"),
        (4, "rank", 58, "4/58"),
        (9, "rank", None, "thứ 9"),
        (45.5, "percent", None, "45,5%"),
        (1, "yesno", None, "Có"),
        (0, "yesno", None, "Chưa có"),
        (109, "count", None, "109"),
    ],
)
def test_measure(value, kind, den, expected):
    assert fmt.measure(value, kind, den) == expected


def test_target():
    assert fmt.target(">=", 45, "percent") == "≥ 45%"
    assert fmt.target("<=", 0, "count") == "≤ 0"
    assert fmt.target(">=", 0.65, "index") == "≥ 0,65"


def test_source_names_document_date_and_section():
    assert (
        fmt.source("01-TB/CQTTBCD", dt.date(2026, 4, 16), "Mục 1")
        == "Nguồn: Thông báo 01-TB/CQTTBCD ngày 16/4/2026, mục 1"
    )
    assert fmt.source("351-KH/TU", None, None) == "Nguồn: Kế hoạch 351-KH/TU"
    assert fmt.source(None, None, None, "bao_cao_thang_5.xlsx", "return") == (
        "Nguồn: báo cáo tải lên “bao_cao_thang_5.xlsx”"
    )
