"""Load: 20 viewers at once on the overview and the map, and the memory of one process over 100 uploads.

Viewers are AppTest sessions, each in its own thread, against one app process (this one), as browser tabs are
threads of one Streamlit server. Each opens the overview, then the map, then both again; the time to a rendered
page is one AppTest run (the script from start to its last element, the server side of a page view, without the
network and the browser's drawing). The first round starts with empty caches, all viewers at once.
Memory: 100 returns prepared and committed one after another in one process on a file database, RSS printed after
the 10th and the 100th.
"""

import datetime as dt
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

from streamlit.runtime import Runtime
from streamlit.testing.v1 import AppTest, app_test

from benchmarks.overview import _cpu_model
from nq57 import cli, codes, fmt, importer, paths, sample, store
from nq57.archive import default_archive
from tests.workbooks import return_workbook

VIEWERS = 20
ROUNDS = 2
UPLOADS = 100
TIMEOUT = 300
APP = paths.ROOT / "app.py"
PAGES = (("Tổng quan", "app_pages/overview.py"), ("Bản đồ phủ sóng", "app_pages/coverage_map.py"))


class _OneRuntime:
    """AppTest sets a process-wide mock Runtime before each run and clears it after; with sessions in threads one
    session's clear pulls it from under another's run. Standing for Runtime in AppTest's module, this keeps the first
    mock for every session, as a Streamlit server has one Runtime for all its sessions."""

    def __getattr__(self, name):
        return getattr(Runtime, name)

    def __dir__(self):
        return dir(Runtime)

    def __setattr__(self, name, value):
        if name != "_instance":
            setattr(Runtime, name, value)
        elif value is not None and Runtime._instance is None:
            Runtime._instance = value


def rss_mb() -> float:
    """Resident memory of this process (MB), from /proc (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _viewer(times: dict[tuple[str, int], list[float]], errors: list, start: threading.Barrier) -> None:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    start.wait()
    try:
        for round_ in range(ROUNDS):
            for i, (title, page) in enumerate(PAGES):
                begin = time.perf_counter()
                if round_ or i:  # the first run opens the default page, the overview
                    at.switch_page(page)
                at.run()
                elapsed = time.perf_counter() - begin
                if at.exception:  # counted and shown with the figures; the viewer goes on
                    errors.append([e.value for e in at.exception])
                    continue
                times[(title, round_)].append(elapsed)
    except Exception as exc:  # noqa: BLE001 — reported with the figures
        errors.append(repr(exc))


def viewers() -> tuple[dict[tuple[str, int], list[float]], list]:
    times: dict[tuple[str, int], list[float]] = {(title, r): [] for r in range(ROUNDS) for title, _ in PAGES}
    errors: list = []
    start = threading.Barrier(VIEWERS)
    threads = [threading.Thread(target=_viewer, args=(times, errors, start)) for _ in range(VIEWERS)]
    app_test.Runtime = _OneRuntime()
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        app_test.Runtime = Runtime
        Runtime._instance = None
    return times, errors


def uploads(db: Path) -> list[tuple[int, float]]:
    """Commit UPLOADS returns one after another on one connection; (count, RSS MB) after the 10th and the last."""
    con = store.connect(db)
    seen = []
    try:
        archive = default_archive(con)
        start = dt.date(2020, 1, 1)
        for n in range(1, UPLOADS + 1):
            month = start.replace(year=start.year + (n - 1) // 12, month=(n - 1) % 12 + 1)
            rows = [{"indicator_code": "HT_5G", "unit_code": codes.PROVINCE, "value": 30 + n % 50}]
            data = return_workbook("SKHCN", f"{month:%Y-%m}", observations=rows)
            importer.commit(con, importer.prepare(con, data, f"t{n}.xlsx"), "bench", archive)
            if n in (10, UPLOADS):
                seen.append((n, rss_mb()))
    finally:
        con.close()
    return seen


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def main() -> None:
    saved = {name: os.environ.get(name) for name in ("NQ57_DB", "NQ57_PUBLIC_BOARD")}
    with tempfile.TemporaryDirectory(prefix="nq57-load-") as tmp:
        db = Path(tmp) / "nq57.duckdb"
        cli.init_database(db)
        con = store.connect(db)
        try:
            importer.import_workbook(con, sample.workbook(dt.date.today(), 2), sample.FILE_NAME, "bench")
        finally:
            con.close()
        os.environ["NQ57_DB"] = str(db)
        os.environ["NQ57_PUBLIC_BOARD"] = "1"
        try:
            began = time.perf_counter()
            times, errors = viewers()
            wall = time.perf_counter() - began
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
        db2 = Path(tmp) / "uploads.duckdb"
        cli.init_database(db2)
        memory = uploads(db2)

    print()
    print(
        f"Tải / load: {VIEWERS} người xem cùng lúc / concurrent viewers (AppTest, một tiến trình / one process), "
        f"mỗi người {ROUNDS} vòng Tổng quan → Bản đồ / {ROUNDS} rounds overview → map; {fmt.number(wall, 1)} s in all"
    )
    print(f"  {'trang, vòng / page, round':<40}{'lượt / views':>14}{'trung vị / median ms':>24}{'p95 ms':>10}")
    for (title, round_), values in sorted(times.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if values:
            label = f"{title}, {round_ + 1} ({'bộ đệm trống / cold' if round_ == 0 else 'đã nóng / warm'})"
            print(
                f"  {label:<40}{len(values):>14}{fmt.number(statistics.median(values) * 1000, 0):>24}"
                f"{fmt.number(_p95(values) * 1000, 0):>10}"
            )
    every = [v for values in times.values() for v in values]
    print(
        f"  {'mọi lượt / all views':<40}{len(every):>14}{fmt.number(statistics.median(every) * 1000, 0):>24}"
        f"{fmt.number(_p95(every) * 1000, 0):>10}"
    )
    if errors:
        print(f"  LỖI / ERRORS ({len(errors)}): {errors[:3]}")
    print(
        f"Bộ nhớ / memory (RSS), {UPLOADS} báo cáo nhập trong một tiến trình / {UPLOADS} uploads in one process: "
        + ", ".join(f"sau / after {n}: {fmt.number(mb, 0)} MB" for n, mb in memory)
    )
    print(f"  máy / machine: {os.cpu_count()} CPU, {_cpu_model()}")


if __name__ == "__main__":
    main()
