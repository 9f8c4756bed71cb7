"""Whole import of a large bulk workbook (read, validate, commit) against pandas/openpyxl and raw python-calamine.

Targets (from the issue): our whole import at least 6× faster than pandas.read_excel(engine="openpyxl") of the same
file, and within 1,5× of parsing it with python-calamine alone. Set BENCH_PROFILE=1 for a cProfile of one import.
"""

import cProfile
import io
import os
import pstats
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd
import python_calamine

from benchmarks import generate
from benchmarks.timing import median_time
from nq57 import excel, fmt, importer, paths, store, workbook_format
from nq57.excel import arrow, guard

REPEATS = 5
PAIRS = 11  # rounds of one import then one raw calamine parse
TARGET_VS_PANDAS = 6.0
TARGET_VS_CALAMINE = 1.5


def _median(fn) -> float:
    """Median wall time of REPEATS calls of fn()."""
    return median_time(fn, REPEATS)


def _paired(path: Path, baseline: bytes, scratch: Path) -> tuple[float, dict[str, float], dict[str, float]]:
    """Median wall time of our import, and of each raw calamine parse with the median of our ratio to it, over PAIRS
    rounds that each time one import (into its own fresh store, set up and closed outside the timing) and, right
    after it, each raw calamine parse: all meet the same load on a shared machine, so the ratios drift less than the
    times. Calamine is timed reading the file from its path and from bytes already in memory (a little faster)."""
    ours_times: list[float] = []
    times: dict[str, list[float]] = {name: [] for name in CALAMINE}
    ratios: dict[str, list[float]] = {name: [] for name in CALAMINE}
    for _ in range(PAIRS):
        ours_times.append(_one_import(path, baseline, scratch))
        for name, parse in CALAMINE.items():
            start = time.perf_counter()
            parse(path)
            times[name].append(time.perf_counter() - start)
            ratios[name].append(ours_times[-1] / times[name][-1])
    median = statistics.median
    return median(ours_times), {n: median(t) for n, t in times.items()}, {n: median(r) for n, r in ratios.items()}


class _Store:
    """A fresh store with the baseline imported, and a fresh archive folder: one per repetition. In memory unless
    on_disk, where it is a database file in the archive's folder, as the app runs (a commit this large is written to
    the file as it commits, without the log first: nq57.store.CHECKPOINT_THRESHOLD)."""

    def __init__(self, baseline: bytes, scratch: Path, on_disk: bool = False):
        self.archive = Path(tempfile.mkdtemp(dir=scratch))
        self.con = store.connect(self.archive / "nq57.duckdb" if on_disk else ":memory:")
        importer.import_workbook(self.con, baseline, "nq57_baseline.xlsx", "bench", archive_dir=self.archive)


def _one_import(path: Path, baseline: bytes, scratch: Path, on_disk: bool = False) -> float:
    """Wall time of our import into a fresh store, set up and closed outside the timing."""
    st = _Store(baseline, scratch, on_disk)
    try:
        start = time.perf_counter()
        ours(path, st)
        return time.perf_counter() - start
    finally:
        st.con.close()


def _on_disk(path: Path, baseline: bytes, scratch: Path) -> float:
    """Median wall time of PAIRS imports, each into a fresh file-backed store."""
    return statistics.median(_one_import(path, baseline, scratch, on_disk=True) for _ in range(PAIRS))


def ours(path: Path, st: _Store) -> None:
    """The whole import as the command line does it: read the file, validate, write in one transaction, archive."""
    importer.import_workbook(st.con, path.read_bytes(), path.name, "bench", archive_dir=st.archive)


def with_pandas(path: Path) -> None:
    pd.read_excel(path, sheet_name=None, engine="openpyxl")


def with_calamine(path: Path) -> None:
    _parse_all(python_calamine.CalamineWorkbook.from_path(str(path)))


def with_calamine_in_memory(path: Path) -> None:
    _parse_all(python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes())))


def _parse_all(book: python_calamine.CalamineWorkbook) -> None:
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()


CALAMINE = {
    "from_path": with_calamine,
    "from_filelike(bytes)": with_calamine_in_memory,
}


def _breakdown(path: Path, baseline: bytes, scratch: Path) -> list[tuple[str, float]]:
    """Median time of each stage of one import, measured separately on fresh stores."""
    stages: dict[str, list[float]] = {}

    def add(name: str, seconds: float) -> None:
        stages.setdefault(name, []).append(seconds)

    for _ in range(REPEATS):
        data = path.read_bytes()
        t0 = time.perf_counter()
        guard.check_container(data)
        t1 = time.perf_counter()
        for name in python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names:
            if workbook_format.sheet_for_title(name) is not None:
                arrow.load_table(data, name)
        t2 = time.perf_counter()
        excel.read_workbook(data)
        t3 = time.perf_counter()
        add("đọc / read_workbook, tổng / total", t3 - t2)
        add("  · kiểm tra tệp nén / zip guard (guard.check_container)", t1 - t0)
        add("  · fastexcel phân tích, tuần tự / parse known sheets one by one", t2 - t1)
        # read_workbook parses sheets side by side (the largest in two halves) and types each while the next is
        # parsed: what it adds beyond the guard and a one-by-one parse can be below zero, so it is one figure.
        add("  · phần còn lại, chồng lên / the rest (overlaps the parse)", (t3 - t2) - (t1 - t0) - (t2 - t1))

        st = _Store(baseline, scratch)
        try:
            t4 = time.perf_counter()
            prepared = importer.prepare(st.con, data, path.name)
            t5 = time.perf_counter()
            cur = st.con.cursor()
            t6 = time.perf_counter()
            importer._preview(cur, prepared.sheets)
            t7 = time.perf_counter()
            cur.close()
            importer.commit(st.con, prepared, "bench", st.archive)
            t8 = time.perf_counter()
        finally:
            st.con.close()
        add("kiểm tra / validation (prepare − read − preview)", (t5 - t4) - (t3 - t2) - (t7 - t6))
        add("xem trước / preview (_preview)", t7 - t6)
        add("ghi / commit (archive + one transaction)", t8 - t7)
    return [(name, statistics.median(times)) for name, times in stages.items()]


def _profile(path: Path, baseline: bytes, scratch: Path) -> None:
    st = _Store(baseline, scratch)
    profiler = cProfile.Profile()
    profiler.enable()
    ours(path, st)
    profiler.disable()
    st.con.close()
    print("\n  cProfile, one import, top 15 by cumulative time:")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(15)
    print("\n".join("    " + line for line in out.getvalue().strip().splitlines()))


def _verdict(ok: bool) -> str:
    return "ĐẠT / met" if ok else "CHƯA ĐẠT / NOT met"


def main() -> None:
    path = generate.workbook_path()
    baseline = paths.BASELINE_XLSX.read_bytes()
    with tempfile.TemporaryDirectory(prefix="nq57-bench-") as tmp:
        scratch = Path(tmp)
        # One untimed warm-up of each, so imports and first-use caches do not count against the first timed run.
        warm = _Store(baseline, scratch)
        ours(path, warm)
        warm.con.close()
        for parse in CALAMINE.values():
            parse(path)
        t_ours, t_calamine, vs_calamine = _paired(path, baseline, scratch)
        t_disk = _on_disk(path, baseline, scratch)
        t_pandas = _median(lambda: with_pandas(path))
        stages = _breakdown(path, baseline, scratch)
        if os.environ.get("BENCH_PROFILE") == "1":
            _profile(path, baseline, scratch)

    vs_pandas = t_pandas / t_ours
    counts = (
        f"{generate.N_INDICATORS} chỉ tiêu × {len(generate.communes())} xã × {generate.MONTHS} tháng"
        f" + {fmt.number(generate.N_VILLAGES)} thôn, bản"
    )
    print()
    print(f"Nạp hàng loạt / bulk workbook: {counts} ({fmt.number(path.stat().st_size // 1024)} KB)")
    print(
        f"  trung vị / median: nq57 và calamine {PAIRS} lượt xen kẽ / {PAIRS} interleaved rounds,"
        f" pandas {REPEATS} lần / runs{'':<1}{'ms':>9}"
    )
    print(f"  {'nq57 nhập trọn / whole import (read, validate, commit), in memory':<72}{t_ours * 1000:9.1f}")
    print(f"  {'nq57 nhập trọn vào tệp CSDL / whole import into a database file':<72}{t_disk * 1000:9.1f}")
    print(f"  {'pandas.read_excel(sheet_name=None, engine=openpyxl), chỉ đọc':<72}{t_pandas * 1000:9.1f}")
    for name, seconds in t_calamine.items():
        print(f"  {'python-calamine thô / raw: ' + name + ' + to_python mọi trang':<72}{seconds * 1000:9.1f}")
    print(
        f"  pandas / nq57 = {fmt.number(vs_pandas, 1)}×  (mục tiêu / target ≥ {fmt.number(TARGET_VS_PANDAS)}×): "
        f"{_verdict(vs_pandas >= TARGET_VS_PANDAS)}"
    )
    for name, ratio in vs_calamine.items():
        print(f"  nq57 / calamine {name} = {fmt.number(ratio, 2)}× (trung vị tỷ số từng lượt / median ratio)")
    worst = max(vs_calamine.values())
    print(
        f"  nq57 / calamine, tỷ số lớn hơn / the larger ratio = {fmt.number(worst, 2)}×"
        f"  (mục tiêu / target ≤ {fmt.number(TARGET_VS_CALAMINE)}×): {_verdict(worst <= TARGET_VS_CALAMINE)}"
    )
    print("  Thời gian từng bước / where the time goes (median, ms):")
    for name, seconds in stages:
        print(f"    {name:<70}{seconds * 1000:9.1f}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"  máy / machine: {os.cpu_count()} CPU, {_cpu_model()}; tải / load average {fmt.number(load, 2)}")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "?"


if __name__ == "__main__":
    main()
