"""A deterministic bulk workbook for the import benchmark: 38 communes × 30 indicators × 12 months, 1.500 villages.

The file is in the shared format (nq57.workbook_format), kind "bulk" (an administrator's historical load spanning
units and months), and self-contained: it defines its own 30 commune-level indicators. It is written once per
VERSION under the temporary folder and reused by later runs.
"""

import csv
import io
import os
import random
import tempfile
from pathlib import Path

from nq57 import codes, paths, workbook_format
from nq57.baseline import write_workbook

# Change when the content changes, so a cached file of an older layout is not reused.
VERSION = "1"
SEED = 57
YEAR = 2025
MONTHS = 12
N_INDICATORS = 30
N_VILLAGES = 1_500
# Indicators 1..24 are percentages (every third of them also given as numerator and denominator); 25..30 are counts.
N_PERCENT = 24
PAIRED = {i for i in range(1, N_PERCENT + 1) if i % 3 == 0}
# One paired indicator is reported as numerator and denominator only: the importer computes its value.
COMPUTED = 24
SOURCE_DOC = "351-KH/TU"

INSTRUCTIONS = [
    "Tệp thử hiệu năng: nạp hàng loạt số liệu năm 2025 của 38 xã, phường (dữ liệu giả lập, không phải số liệu thật).",
    f"Tạo bằng: python -m benchmarks.generate (phiên bản {VERSION}, hạt giống {SEED}).",
]


def cache_path() -> Path:
    """Where the generated workbook is kept between runs, keyed by VERSION."""
    return Path(tempfile.gettempdir()) / "nq57-bench" / f"bulk-{N_INDICATORS}x{MONTHS}-v{VERSION}.xlsx"


def communes() -> list[dict]:
    with (paths.GEO_DIR / "lai_chau_communes_2025_centroids.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _indicator(i: int) -> dict:
    code = f"BENCH_{i:02d}"
    if i <= N_PERCENT:
        paired = i in PAIRED
        return {
            "code": code,
            "name": f"Chỉ tiêu thử nghiệm số {i}: tỷ lệ hộ gia đình sử dụng dịch vụ số",
            "unit_of_measure": "%",
            "measure": "percent",
            "direction": "up",
            "numerator": "Số hộ sử dụng dịch vụ" if paired else None,
            "denominator": "Tổng số hộ" if paired else None,
            "level": "commune",
            "frequency": "Tháng",
            "group_code": "V",
            "group_name": "Chỉ tiêu thử nghiệm cấp xã",
            "sort_order": 1000 + i,
            "reporter_code": "SKHCN",
            "jump_bound": 20.0,
            "note": "Dữ liệu giả lập cho thử hiệu năng.",
        }
    return {
        "code": code,
        "name": f"Chỉ tiêu thử nghiệm số {i}: số điểm truy cập Internet công cộng",
        "unit_of_measure": "điểm",
        "measure": "count",
        "direction": "up",
        "numerator": None,
        "denominator": None,
        "level": "commune",
        "frequency": "Tháng",
        "group_code": "V",
        "group_name": "Chỉ tiêu thử nghiệm cấp xã",
        "sort_order": 1000 + i,
        "reporter_code": "SKHCN",
        "jump_bound": None,
        "note": "Dữ liệu giả lập cho thử hiệu năng.",
    }


def _observations(rng: random.Random, codes: list[str]) -> list[dict]:
    rows = []
    for unit in codes:
        for i in range(1, N_INDICATORS + 1):
            indicator = f"BENCH_{i:02d}"
            households = rng.randint(400, 4_000)
            level = rng.uniform(20, 80) if i <= N_PERCENT else rng.randint(0, 40)
            for month in range(1, MONTHS + 1):
                row = {
                    "indicator_code": indicator,
                    "unit_code": unit,
                    "period": f"{YEAR}-{month:02d}",
                    "source_doc": SOURCE_DOC,
                    "source_ref": f"Báo cáo tháng {month}/{YEAR}",
                }
                if i <= N_PERCENT:
                    # A walk inside 0–100 that moves by less than the jump bound from one month to the next.
                    level = min(100.0, max(0.0, level + rng.uniform(-4, 6)))
                    if i in PAIRED:
                        numerator = round(households * level / 100)
                        row["numerator"] = float(numerator)
                        row["denominator"] = float(households)
                        if i != COMPUTED:
                            row["value"] = round(100 * numerator / households, 1)
                    else:
                        row["value"] = round(level, 1)
                else:
                    level = max(0, level + rng.randint(-1, 3))
                    row["value"] = float(level)
                if rng.random() < 0.02:
                    row["note"] = "Số liệu ước tính, sẽ cập nhật khi có báo cáo chính thức."
                rows.append(row)
    return rows


def _villages(rng: random.Random, places: list[dict]) -> list[dict]:
    rows = []
    for n in range(1, N_VILLAGES + 1):
        place = places[(n - 1) % len(places)]
        mobile = rng.choices(workbook_format.MOBILE, weights=(2, 3, 5, 60, 30))[0]
        exact = rng.random() < 0.5
        rows.append(
            {
                "code": f"BENCH-V{n:04d}",
                "name": f"Bản Nậm Thử {n}",
                "commune_code": place["code"],
                "mobile": mobile,
                "fibre": rng.random() < 0.8,
                "grid_power": rng.random() < 0.95,
                "lat": round(float(place["label_lat"]) + rng.uniform(-0.05, 0.05), 5) if exact else None,
                "lon": round(float(place["label_lon"]) + rng.uniform(-0.05, 0.05), 5) if exact else None,
                "coords_exact": exact,
                "source_doc": SOURCE_DOC,
                "note": "Thôn giả lập cho thử hiệu năng." if mobile == "none" else None,
            }
        )
    return rows


def bench_rows() -> dict[str, list[dict]]:
    """The workbook's rows per sheet key, typed as nq57.baseline.write_workbook takes them."""
    rng = random.Random(SEED)
    places = communes()
    return {
        "info": [
            {"field": workbook_format.INFO_FIELDS["kind"], "value": codes.BULK},
            {"field": workbook_format.INFO_FIELDS["prepared_by"], "value": "Quản trị viên (dữ liệu thử hiệu năng)"},
            {
                "field": workbook_format.INFO_FIELDS["description"],
                "value": f"Nạp hàng loạt số liệu năm {YEAR} của các xã",
            },
        ],
        "indicators": [_indicator(i) for i in range(1, N_INDICATORS + 1)],
        "observations": _observations(rng, [p["code"] for p in places]),
        "villages": _villages(rng, places),
    }


def build(target: Path) -> Path:
    """Write the workbook to target, atomically."""
    buffer = io.BytesIO()
    write_workbook(bench_rows(), buffer, INSTRUCTIONS)
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_suffix(f".{os.getpid()}.part")
    part.write_bytes(buffer.getvalue())
    os.replace(part, target)
    return target


def workbook_path() -> Path:
    """The generated workbook, built on first use and reused afterwards."""
    target = cache_path()
    return target if target.is_file() else build(target)


if __name__ == "__main__":
    import time

    start = time.perf_counter()
    path = build(cache_path())
    print(f"{path} ({path.stat().st_size / 1024:.0f} KB) in {time.perf_counter() - start:.1f} s")
