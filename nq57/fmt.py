"""Vietnamese number and date formatting: 9,6%; 1.234; 30/6/2026."""

import datetime as dt
import math

from nq57 import codes
from nq57.periods import as_date

DASH = "–"
SAMPLE_MARK = "DỮ LIỆU MẪU, không phải số liệu thật"


def number(value: float | int | None, decimals: int | None = None) -> str:
    """Format a number with '.' for thousands and ',' for decimals; trailing zeros trimmed unless decimals given."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return DASH
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 2
        text = f"{value:,.{decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    else:
        text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def percent(value: float | None, decimals: int | None = None) -> str:
    """Format a percentage already expressed in percent units: 9.6 -> '9,6%'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return DASH
    return number(value, decimals) + "%"


def date(value: dt.date | dt.datetime | None) -> str:
    """Format a date as d/m/yyyy, the way Vietnamese documents write it (30/6/2026)."""
    value = as_date(value)
    if value is None:
        return DASH
    return f"{value.day}/{value.month}/{value.year}"


def datetime(value: dt.datetime | None) -> str:
    """Format a timestamp as HH:MM d/m/yyyy."""
    if value is None:
        return DASH
    return f"{value.hour:02d}:{value.minute:02d} {date(value)}"


def measure(value: float | None, measure_kind: str, denominator: float | None = None) -> str:
    """Format a value by its indicator's kind: percent, count, ratio (137/240), rank (4/58), index, yes/no."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return DASH
    has_den = denominator is not None and not (isinstance(denominator, float) and math.isnan(denominator))
    if measure_kind == "percent":
        return percent(value)
    if measure_kind in ("ratio", "rank") and has_den:
        return f"{number(value)}/{number(denominator)}"
    if measure_kind == "rank":
        return f"thứ {number(value)}"
    if measure_kind == "yesno":
        return "Có" if value >= 1 else "Chưa có"
    return number(value)


def target(comparator: str, value: float, measure_kind: str) -> str:
    """Format a target such as '≥ 45%' or '≤ 4'."""
    sign = {">=": "≥ ", "<=": "≤ ", "=": ""}.get(comparator, "")
    if measure_kind == "yesno":
        return "Có" if value >= 1 else "Không"
    return sign + measure(value, measure_kind)


def document_kind(code: str) -> str:
    """'Kế hoạch' for a -KH/ plan, 'Thông báo' for a -TB/ notice."""
    if "-KH/" in code:
        return "Kế hoạch"
    if "-TB/" in code:
        return "Thông báo"
    return "Văn bản"


def source(
    doc_code: str | None,
    issued_on: dt.date | None = None,
    ref: str | None = None,
    upload_file: str | None = None,
    upload_kind: str | None = None,
) -> str:
    """Where a figure comes from, e.g. 'Nguồn: Thông báo 01-TB/CQTTBCD ngày 16/4/2026, mục 1'."""
    parts = []
    if doc_code and isinstance(doc_code, str):
        text = f"{document_kind(doc_code)} {doc_code}"
        if issued_on is not None and issued_on == issued_on:
            text += f" ngày {date(issued_on)}"
        if ref and isinstance(ref, str):
            text += f", {ref[0].lower() + ref[1:]}"
        parts.append(text)
    if upload_file and isinstance(upload_file, str) and upload_kind == codes.RETURN:
        parts.append(f"báo cáo tải lên “{upload_file}”")
    if upload_kind == codes.SAMPLE:
        parts = [SAMPLE_MARK + (f" (tệp “{upload_file}”)" if isinstance(upload_file, str) else "")]
    return "Nguồn: " + "; ".join(parts) if parts else "Nguồn: chưa rõ"
