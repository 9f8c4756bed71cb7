"""Sample monthly figures for the headline indicators, so the board can be shown and measured before real returns.

Everything here is synthetic: it is loaded as an upload of kind "sample", every figure from it is marked on screen as
sample data (fmt.SAMPLE_MARK), and one rollback removes it all. Series start where the documents leave off and move
towards their targets at differing paces, so the board shows every status.
"""

import csv
import datetime as dt
import io
import random

from nq57 import codes, fmt, paths, workbook_format
from nq57.baseline import write_workbook

SEED = 57
FILE_NAME = "du_lieu_mau.xlsx"

# Province-level percentages: (code, first value, monthly step); the walk is deterministic for a seed. 5G starts
# close enough to meet its 2025 target in time (green, "Đã đạt"); the others meet theirs late, or not at all.
PROVINCE_SERIES = (
    ("HT_5G", 30.0, 1.6),
    ("KTS_GRDP", 4.2, 0.09),
    ("DVC_TOANTRINH", 55.0, 1.2),
    ("TTHC_SOHOA", 58.0, 0.45),
)
# Commune-level percentages reported as numerator and denominator: (code, first share, monthly step).
COMMUNE_SERIES = (
    ("TTHC_TRUCTUYEN", 35.0, 1.9),
    ("VNEID", 30.0, 1.1),
)
# Counts that the documents give for Q1/2026 and that sample months carry on from: (code, start, monthly change).
COUNT_SERIES = (
    ("BAN_CHUA_BRDD", 8, -0.5),
    ("THON_CHUA_CAPQUANG", 109, -4.0),
)
COUNTS_FROM = dt.date(2026, 4, 1)  # after the notice of 16/4/2026 reported Q1/2026


def months(start: dt.date, until: dt.date) -> list[str]:
    out, y, m = [], start.year, start.month
    while (y, m) <= (until.year, until.month):
        out.append(f"{y}-{m:02d}")
        y, m = (y, m + 1) if m < 12 else (y + 1, 1)
    return out


def communes() -> list[str]:
    with (paths.GEO_DIR / "lai_chau_communes_2025_centroids.csv").open(encoding="utf-8", newline="") as f:
        return [row["code"] for row in csv.DictReader(f)]


def _walk(rng: random.Random, first: float, step: float, n: int, low: float = 0.0, high: float = 100.0):
    value = first
    for _ in range(n):
        yield value
        value = min(high, max(low, value + step * rng.uniform(0.3, 1.7)))


def observation_rows(until: dt.date, years: int = 2, seed: int = SEED) -> list[dict]:
    """Monthly observations from January `years` years back (this year included) to until's month."""
    rng = random.Random(seed)
    all_months = months(dt.date(until.year - years + 1, 1, 1), until)
    note = "Dữ liệu mẫu, không phải số liệu thật."
    rows = []
    for indicator, first, step in PROVINCE_SERIES:
        for period, value in zip(all_months, _walk(rng, first, step, len(all_months)), strict=True):
            rows.append(
                {"indicator_code": indicator, "unit_code": codes.PROVINCE, "period": period, "value": round(value, 1)}
            )
    for code, first, step in COMMUNE_SERIES:
        for unit in communes():
            base = rng.randint(300, 3_000)
            share = first + rng.uniform(-15, 15)
            pace = step * rng.uniform(0.2, 1.6)
            for period, value in zip(all_months, _walk(rng, share, pace, len(all_months)), strict=True):
                numerator = round(base * value / 100)
                rows.append(
                    {
                        "indicator_code": code,
                        "unit_code": unit,
                        "period": period,
                        "value": round(100 * numerator / base, 1),
                        "numerator": float(numerator),
                        "denominator": float(base),
                    }
                )
    count_months = [p for p in all_months if p >= f"{COUNTS_FROM.year}-{COUNTS_FROM.month:02d}"]
    for code, start, change in COUNT_SERIES:
        for n, period in enumerate(count_months, start=1):
            value = float(round(start + change * n))
            rows.append({"indicator_code": code, "unit_code": codes.PROVINCE, "period": period, "value": value})
    for row in rows:
        row["note"] = note
    return rows


def workbook(until: dt.date, years: int = 2, seed: int = SEED) -> bytes:
    """The sample as a workbook in the shared format, kind "sample"."""
    rows = {
        "info": [
            {"field": workbook_format.INFO_FIELDS["kind"], "value": codes.SAMPLE},
            {"field": workbook_format.INFO_FIELDS["prepared_by"], "value": "python -m nq57 sample"},
            {"field": workbook_format.INFO_FIELDS["description"], "value": fmt.SAMPLE_MARK},
        ],
        "observations": observation_rows(until, years, seed),
    }
    buffer = io.BytesIO()
    write_workbook(rows, buffer, [fmt.SAMPLE_MARK, "Số liệu giả lập để trình diễn bảng điều hành; hoàn tác để xóa."])
    return buffer.getvalue()
