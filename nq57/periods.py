"""Reporting periods and deadlines as the documents write them ("Quý III/2026", "trước ngày 30/6/2026")."""

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
RECURRING = ("thuong xuyen", "hang quy", "hang thang", "hang nam", "dinh ky")


def fold(text: str) -> str:
    """Lower-case, strip Vietnamese diacritics (đ -> d) and collapse spaces, for tolerant matching."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(text.lower().split())


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class Deadline:
    """A deadline as written, resolved to its last day where it has one."""

    text: str
    date: dt.date | None
    recurring: bool


def parse_deadline(text: str | None) -> Deadline:
    """Resolve 'Quý III/2026', 'Tháng 01/2026', 'trong tháng 5/2026', '30/6/2026', 'Năm 2026' to their last day.

    Recurring deadlines ('Thường xuyên', 'Hàng quý') have no date; neither does a conditional one.
    """
    raw = (text or "").strip()
    s = fold(raw)
    if not s:
        return Deadline(raw, None, False)
    if any(s.startswith(word) for word in RECURRING):
        return Deadline(raw, None, True)
    m = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", s)
    if m:
        day, month, year = (int(g) for g in m.groups())
        return Deadline(raw, dt.date(year, month, day), False)
    m = re.search(r"quy\s+(iv|iii|ii|i|[1-4])\s*/\s*(\d{4})", s)
    if m:
        q = ROMAN.get(m.group(1)) or int(m.group(1))
        return Deadline(raw, month_end(int(m.group(2)), q * 3), False)
    m = re.search(r"thang\s+(\d{1,2})\s*/\s*(\d{4})", s)
    if m:
        return Deadline(raw, month_end(int(m.group(2)), int(m.group(1))), False)
    m = re.search(r"nam\s+(\d{4})", s)
    if m:
        return Deadline(raw, dt.date(int(m.group(1)), 12, 31), False)
    return Deadline(raw, None, False)


@dataclass(frozen=True)
class Period:
    """A reporting period: a month (2026-03), a quarter (2026-Q1) or a year (2026)."""

    code: str
    kind: str
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"Tháng {self.start.month}/{self.start.year}"
        if self.kind == "quarter":
            q = (self.start.month - 1) // 3
            return f"Quý {['I', 'II', 'III', 'IV'][q]}/{self.start.year}"
        return f"Năm {self.start.year}"


def parse_period(code: str) -> Period:
    """Parse '2026-03', '2026-Q1' or '2026'; raise ValueError otherwise."""
    s = str(code).strip().upper()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", s)
    if m and 1 <= int(m.group(2)) <= 12:
        y, mo = int(m.group(1)), int(m.group(2))
        return Period(f"{y}-{mo:02d}", "month", dt.date(y, mo, 1), month_end(y, mo))
    m = re.fullmatch(r"(\d{4})-Q([1-4])", s)
    if m:
        y, q = int(m.group(1)), int(m.group(2))
        return Period(f"{y}-Q{q}", "quarter", dt.date(y, 3 * q - 2, 1), month_end(y, 3 * q))
    m = re.fullmatch(r"(\d{4})", s)
    if m:
        y = int(m.group(1))
        return Period(str(y), "year", dt.date(y, 1, 1), dt.date(y, 12, 31))
    raise ValueError(f"kỳ báo cáo không hợp lệ: {code!r}")


def as_date(value) -> dt.date | None:
    """A date from a date, datetime or pandas Timestamp (DuckDB DATE columns arrive as Timestamps); None if null."""
    if value is None:
        return None
    try:
        if value != value:  # NaN / NaT
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "date"):
        return value.date()
    raise TypeError(f"not a date: {value!r}")


RETURN_DUE_DAY = 30  # 351-KH/TU: progress reported "trước ngày 30 hằng tháng"


def return_due(period: str) -> dt.date:
    """The day a monthly return is due: the 30th of its month, or the month's last day when shorter (February)."""
    month = parse_period(period)
    if month.kind != "month":
        raise ValueError(f"không phải kỳ tháng: {period!r}")
    return month.start.replace(day=min(RETURN_DUE_DAY, month.end.day))


def months_back(today: dt.date, count: int) -> list[str]:
    """The current month and the count-1 before it, newest first, as YYYY-MM."""
    out, y, m = [], today.year, today.month
    for _ in range(count):
        out.append(f"{y}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out
