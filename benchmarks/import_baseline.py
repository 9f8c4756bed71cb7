"""Import of the baseline workbook (read, validate, commit) against pandas.read_excel with openpyxl."""

import pandas as pd

from benchmarks.timing import median_time
from nq57 import paths, store
from nq57.excel import read_workbook
from nq57.importer import import_workbook

REPEATS = 7


def _best_of(fn) -> float:
    return median_time(fn, REPEATS)


def ours(data: bytes) -> None:
    con = store.connect(":memory:")
    try:
        import_workbook(con, data, "baseline.xlsx", "bench")
    finally:
        con.close()


def plain(path) -> None:
    pd.read_excel(path, sheet_name=None, engine="openpyxl")


def main() -> None:
    data = paths.BASELINE_XLSX.read_bytes()
    t_ours = _best_of(lambda: ours(data))
    t_read = _best_of(lambda: read_workbook(data))
    t_plain = _best_of(lambda: plain(paths.BASELINE_XLSX))
    print(f"Baseline workbook ({len(data) / 1024:.0f} KB), median of {REPEATS} runs:")
    print(f"  nq57 import (read + validate + commit, new in-memory store): {t_ours * 1000:8.1f} ms")
    print(f"  nq57 read and type-check every cell (python-calamine):       {t_read * 1000:8.1f} ms")
    print(f"  pandas.read_excel(engine='openpyxl'), read only:             {t_plain * 1000:8.1f} ms")
    print(f"  ratio plain read / our read: {t_plain / t_read:.1f}x")
    print(f"  ratio plain read / our whole import: {t_plain / t_ours:.1f}x")
