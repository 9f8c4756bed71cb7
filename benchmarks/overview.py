"""Script time of the overview page on a warm rerun, with 10 years of sample data for every commune.

Ours is app.py (overview is the default page) on a fresh DuckDB holding the baseline and the sample; the plain page
is a naive Streamlit script that reads the sample workbook and the baseline workbook with pandas/openpyxl on every
rerun, works out the latest value of each headline indicator and draws st.metric cards. Both are run with AppTest:
one cold run, then REPEATS timed reruns. Target (issue 4, item 7): ours at least 10× faster; reported, not asserted.
Set BENCH_PROFILE=1 for a cProfile of REPEATS warm reruns of ours.
"""

import cProfile
import datetime as dt
import io
import os
import pstats
import re
import statistics
import tempfile
import threading
import time
from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

from nq57 import board, cli, codes, fmt, importer, paths, sample, store, workbook_format
from nq57.archive import default_archive

YEARS = 10
REPEATS = 15
TARGET = 10.0
TIMEOUT = 120
APP = paths.ROOT / "app.py"

# The naive page: no DuckDB, no caching, both workbooks read with pandas on every rerun.
PLAIN_PAGE = """\
import pandas as pd
import streamlit as st

SAMPLE = {sample!r}
BASELINE = {baseline!r}
SHEET = {sheet!r}
COLUMNS = {columns!r}
PROVINCE = {province!r}
HEADLINE = {headline!r}
SUMMED = {summed!r}

frames = []
for path in (BASELINE, SAMPLE):
    sheets = pd.read_excel(path, sheet_name=None, engine="openpyxl")
    frames.append(sheets[SHEET].rename(columns=COLUMNS))
obs = pd.concat(frames, ignore_index=True)
obs["unit_code"] = obs["unit_code"].astype(str)  # pandas reads the province code 12 as a number
obs["period"] = obs["period"].astype(str)
# Periods are months (2026-04) or quarters (2026-Q1): order a quarter as its last month.
QUARTER_END = {{"-Q1": "-03", "-Q2": "-06", "-Q3": "-09", "-Q4": "-12"}}
obs["order"] = obs["period"].replace(QUARTER_END, regex=True)

st.title("Tổng quan")
cards = []
for code, label in HEADLINE:
    rows = obs[obs["indicator_code"] == code]
    if code in SUMMED:
        rows = rows[rows["unit_code"] != PROVINCE]
        if rows.empty:
            continue
        last = rows[rows["order"] == rows["order"].max()]
        latest = last["period"].iloc[-1]
        value = 100 * last["numerator"].sum() / last["denominator"].sum()
    else:
        rows = rows[rows["unit_code"] == PROVINCE]
        if rows.empty:
            continue
        last = rows.sort_values("order").iloc[-1]
        latest, value = last["period"], last["value"]
    cards.append((label, value, latest))
for start in range(0, len(cards), 3):
    for column, (label, value, latest) in zip(st.columns(3), cards[start : start + 3]):
        column.metric(label, f"{{value:,.1f}}".replace(",", " ").replace(".", ",").replace(" ", "."), help=latest)
"""


def _empty_page(scratch: Path) -> Path:
    """A script that draws one line: what AppTest itself costs per rerun, the floor under both figures."""
    script = scratch / "empty.py"
    script.write_text('import streamlit as st\n\nst.write("")\n', encoding="utf-8")
    return script


def _build(scratch: Path) -> tuple[Path, Path, int]:
    """A fresh database with the baseline and YEARS years of sample data, and the sample workbook saved beside it."""
    db = scratch / "nq57.duckdb"
    cli.init_database(db)
    data = sample.workbook(until=dt.date.today(), years=YEARS)
    xlsx = scratch / sample.FILE_NAME
    xlsx.write_bytes(data)
    con = store.connect(db)
    try:
        prepared = importer.prepare(con, data, xlsx.name)
        importer.commit(con, prepared, "bench", default_archive(con))
        con.execute("checkpoint")
    finally:
        con.close()
    con = duckdb.connect(str(db), read_only=True)
    try:
        (rows,) = con.execute("select count(*) from observations").fetchone()
    finally:
        con.close()
    return db, xlsx, rows


def _plain_page(scratch: Path, xlsx: Path) -> Path:
    labels = {c.label: c.key for c in workbook_format.OBSERVATIONS.columns}
    script = scratch / "plain_overview.py"
    script.write_text(
        PLAIN_PAGE.format(
            sample=str(xlsx),
            baseline=str(paths.BASELINE_XLSX),
            sheet=workbook_format.OBSERVATIONS.title,
            columns=labels,
            province=codes.PROVINCE,
            headline=[(code, label) for code, label in board.HEADLINE],
            summed=[code for code, _, _ in sample.COMMUNE_SERIES],
        ),
        encoding="utf-8",
    )
    return script


def _warm_reruns(script: Path) -> list[float]:
    """One cold run, then REPEATS timed reruns of the same session; fails if any run raised."""
    at = AppTest.from_file(str(script), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if script == APP:  # the board itself, not the sign-in page
        assert at.title[0].value == "Tổng quan", at.title[0].value
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        assert not at.exception, [e.value for e in at.exception]
    return times


def _profile(script: Path) -> None:
    """cProfile of REPEATS warm reruns, taken in the threads AppTest runs the script in (the main thread waits)."""
    at = AppTest.from_file(str(script), default_timeout=TIMEOUT)
    at.run()
    profiler = cProfile.Profile()
    # The hook runs first thing in each new thread and hands that thread over to the profiler.
    threading.setprofile(lambda *_: profiler.enable())
    try:
        for _ in range(REPEATS):
            at.run()
    finally:
        threading.setprofile(None)
    profiler.disable()
    assert not at.exception, [e.value for e in at.exception]
    print(f"\n  cProfile, {REPEATS} lần chạy lại / {REPEATS} warm reruns of ours, top 25 by cumulative time:")
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(25)
    print("\n".join("    " + line for line in out.getvalue().strip().splitlines()))
    print("\n  cProfile, chỉ mã của dự án / the project's own code only, top 25 by cumulative time:")
    out = io.StringIO()
    stats.stream = out
    stats.print_stats(re.escape(str(paths.ROOT)) + r"/(?!\.venv)", 25)
    print("\n".join("    " + line for line in out.getvalue().strip().splitlines()))


def _verdict(ok: bool) -> str:
    return "ĐẠT / met" if ok else "CHƯA ĐẠT / NOT met"


def main() -> None:
    saved = {name: os.environ.get(name) for name in ("NQ57_DB", "NQ57_PUBLIC_BOARD")}
    with tempfile.TemporaryDirectory(prefix="nq57-bench-") as tmp:
        scratch = Path(tmp)
        db, xlsx, rows = _build(scratch)
        plain_script = _plain_page(scratch, xlsx)
        os.environ["NQ57_DB"] = str(db)
        os.environ["NQ57_PUBLIC_BOARD"] = "1"  # the board as the public sees it, without signing in
        try:
            t_ours = _warm_reruns(APP)
            t_plain = _warm_reruns(plain_script)
            t_empty = _warm_reruns(_empty_page(scratch))
            if os.environ.get("BENCH_PROFILE") == "1":
                _profile(APP)
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
        size_kb = xlsx.stat().st_size // 1024

    m_ours, m_plain, m_empty = (statistics.median(t) for t in (t_ours, t_plain, t_empty))
    ratio = m_plain / m_ours
    print()
    print(
        f"Trang Tổng quan, chạy lại khi đã nóng / overview page, warm rerun: {YEARS} năm mẫu, "
        f"{fmt.number(len(sample.communes()))} xã, {fmt.number(rows)} dòng số liệu / observation rows "
        f"(tệp mẫu {fmt.number(size_kb)} KB)"
    )
    head = f"trung vị của {REPEATS} lần / median of {REPEATS} reruns (AppTest)"
    print(f"  {head:<66}{'ms':>9}")
    for label, seconds in (
        ("nq57 app.py → Tổng quan (DuckDB, st.cache_data)", m_ours),
        ("trang thô / plain page: pandas.read_excel(openpyxl) ×2 + st.metric", m_plain),
        ("sàn AppTest / AppTest floor: a script drawing one st.write", m_empty),
    ):
        print(f"  {label:<66}{fmt.number(seconds * 1000, 1):>9}")
    print(
        f"  thô / nq57 = {fmt.number(ratio, 1)}×  (mục tiêu / target ≥ {fmt.number(TARGET)}×): "
        f"{_verdict(ratio >= TARGET)}"
    )
    print(
        f"  nq57 nhanh nhất–chậm nhất / fastest–slowest: {fmt.number(min(t_ours) * 1000, 1)}–"
        f"{fmt.number(max(t_ours) * 1000, 1)} ms; thô / plain: {fmt.number(min(t_plain) * 1000, 1)}–"
        f"{fmt.number(max(t_plain) * 1000, 1)} ms"
    )
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
