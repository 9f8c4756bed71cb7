"""Scale: the board's snapshot, the map's queries and one return's commit and rollback as observations grow to 20 M.

One store is built from the real baseline (nq57.cli.init_database: the real indicators, targets, tasks, villages),
given SYNTHETIC_INDICATORS commune-level indicators beside the 5 real ones (50 in all, fixed for every size, so the
board has the same shape at each), then grown step by step to each size of BENCH_SCALE_SIZES (default 10 k, 1 M, 2 M,
20 M observation rows in all) with plain SQL (insert … select … from range(…)), not through Excel: each batch of at
most BATCH rows is one `uploads` row of kind 'bulk'. Each commune gets MONTHS monthly figures of every commune-level
indicator, up to last month; the real 38 communes and wards come first, then synthetic communes (kind 'commune') as
many as the size needs (3 334 at 20 M, about the country's communes since 7/2025). No province figure of a
commune-level indicator is loaded, so the board sums every commune's figures (board/series), its heaviest path.

At each size, on a fresh connection opened as the app opens it (nq57.store.connect(path, app=True): one thread,
memory capped by NQ57_MEMORY_LIMIT, default 1GB), the median of REPEATS runs after one warm-up of: the board's
snapshot for the current quarter (nq57.snapshot.read), the map page's queries (app_pages/coverage_map.py and its
choropleth), and one commune's monthly return prepared and committed (nq57.importer), then rolled back. A size that
runs out of memory within the app's limit is said so and measured again with RAISED_LIMIT (BENCH_SCALE_RAISED_LIMIT;
set it to measure every size at both limits). Targets (issue 17, item 4), reported, not asserted: the snapshot at
most 2× slower at 2 M than at 10 k, and under 300 ms at 20 M.
"""

import datetime as dt
import hashlib
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

import queries
from benchmarks.overview import _cpu_model
from nq57 import board, cli, codes, current, fmt, importer, snapshot, store, workbook_format
from nq57.archive import default_archive
from tests.workbooks import return_workbook

SIZES = (10_000, 1_000_000, 2_000_000, 20_000_000)
MONTHS = 120
SYNTHETIC_INDICATORS = 45
BATCH = 2_000_000
REPEATS = 5
LOAD_MEMORY = "4GB"  # the loading connection's cap (the measured connections have the app's)
RAISED_LIMIT = "8GB"
RETURN_INDICATOR = "VNEID"  # the commune-level indicator of the timed return and of the choropleth
TARGET_RATIO = 2.0
TARGET_MS = 300.0
BENCH_USER = "bench"


def sizes() -> list[int]:
    """The sizes to grow to, in order: BENCH_SCALE_SIZES (e.g. 10000,1000000) or SIZES."""
    text = os.environ.get("BENCH_SCALE_SIZES")
    return sorted({int(s) for s in text.split(",") if s.strip()}) if text else list(SIZES)


def _bulk_upload(con, label: str, counts: dict[str, int], now: dt.datetime) -> int:
    """One synthetic upload of kind 'bulk', active, standing for an administrator's historical load."""
    [(upload_id,)] = con.execute(
        "insert into uploads (file_name, sha256, size_bytes, kind, uploaded_by, uploaded_at, row_counts, status)"
        " values (?, ?, 0, ?, ?, ?, ?, 'active') returning id",
        [
            f"scale-{label}.bulk",
            hashlib.sha256(f"{label} {now.isoformat()}".encode()).hexdigest(),
            codes.BULK,
            BENCH_USER,
            now,
            json.dumps(counts),
        ],
    ).fetchall()
    return upload_id


def setup(path: Path) -> None:
    """The real baseline database, plus the synthetic commune-level indicators (group 'SYN', no target)."""
    cli.init_database(path)
    con = store.connect(path)
    try:
        with store.transaction(con):
            upload_id = _bulk_upload(con, "indicators", {"indicators": SYNTHETIC_INDICATORS}, dt.datetime.now())
            con.execute(
                "insert into indicators (code, name, unit_of_measure, measure, direction, numerator, denominator,"
                " level, frequency, group_code, group_name, sort_order, upload_id, jump_bound)"
                " select printf('SYN_%02d', n), printf('Chỉ tiêu thử tải số %d', n), '%', 'percent', 'up',"
                " 'Số đạt', 'Tổng số', 'commune', 'Tháng', 'SYN', 'Chỉ tiêu thử tải', n, ?, 20"
                " from range(1, ?) t(n)",
                [upload_id, SYNTHETIC_INDICATORS + 1],
            )
        con.execute("checkpoint")
    finally:
        con.close()


def _catalogue(con) -> tuple[list[str], list[str]]:
    """The commune-level indicators and the communes and wards (real, then synthetic), each in code order."""
    indicators = [
        c for (c,) in con.execute("select code from indicators where level = 'commune' order by code").fetchall()
    ]
    communes = [
        c for (c,) in con.execute("select code from units where kind in ('commune', 'ward') order by code").fetchall()
    ]
    return indicators, communes


def _first_month(today: dt.date) -> dt.date:
    """The first of MONTHS months ending last month."""
    n = today.year * 12 + today.month - 1 - MONTHS
    return dt.date(n // 12, n % 12 + 1, 1)


def _ensure_communes(con, needed: int, upload_id: int) -> list[str]:
    """The communes in row order, with synthetic ones (SX00039 …) added until there are `needed`."""
    _, communes = _catalogue(con)
    real = [c for c in communes if not c.startswith("SX")]
    synthetic = [c for c in communes if c.startswith("SX")]
    have = len(real) + len(synthetic)
    if needed > have:
        # Label points spread over Lai Châu's extent (21.6–22.8 N, 102.3–103.9 E), for a map that would draw them.
        con.execute(
            "insert into units (code, name, kind, parent_code, lat, lon, upload_id)"
            " select printf('SX%05d', n), printf('Xã thử tải %d', n), 'commune', ?,"
            " 21.6 + (n * 7919 % 1000) / 1000 * 1.2, 102.3 + (n * 104729 % 1000) / 1000 * 1.6, ?"
            " from range(?, ?) t(n)",
            [codes.PROVINCE, upload_id, have + 1, needed + 1],
        )
        synthetic += [f"SX{n:05d}" for n in range(have + 1, needed + 1)]
    return real + synthetic


# Row n of the bulk history: month n % MONTHS, indicator (n // MONTHS) % #indicators, commune the rest. Each commune's
# indicators get a denominator of their own and a rate rising over the months.
_INSERT = """
insert into observations (indicator_code, unit_code, period, period_start, period_end, value, numerator, denominator,
    upload_id, sheet, row_number)
with k as (
    select n, n % $months as m, (n // $months) % len($indicators) as i, n // ($months * len($indicators)) as c
    from range($lo, $hi) as t(n)
),
r as (
    select
        *,
        cast($first + to_months(cast(m as integer)) as date) as month,
        100 + (c * 37 + i * 11) % 900 as den,
        least(1.0, 0.2 + 0.006 * m + ((c * 13 + i * 7) % 20) / 100) as rate
    from k
)
select
    $indicators[i + 1], $communes[c + 1], strftime(month, '%Y-%m'), month, last_day(month),
    round(100 * floor(den * rate) / den, 1), floor(den * rate), den,
    $upload_id, $sheet, n - $lo + 2
from r
"""


def _rebuild_current(con) -> float:
    """Seconds taken by nq57.current.rebuild: rows loaded straight with SQL bypass the importer's commit, which keeps
    the current observations and the board's series up to date, so after a bulk SQL load both are computed again."""
    start = time.perf_counter()
    current.rebuild(con)
    return time.perf_counter() - start


def grow(path: Path, target: int, today: dt.date, batch: int = BATCH) -> dict:
    """Add bulk rows until observations holds `target` rows, in batches of at most `batch`; then rebuild, checkpoint."""
    con = store.connect(path)
    try:
        con.execute("set memory_limit = ?", [LOAD_MEMORY]).fetchall()
        con.execute("set threads = ?", [os.cpu_count() or 1]).fetchall()
        con.execute("set enable_progress_bar = false").fetchall()  # no bar in the printed figures
        [(total, bulk)] = con.execute(
            "select count(*), count(*) filter (u.kind = ?)"
            " from observations as o inner join uploads as u on u.id = o.upload_id",
            [codes.BULK],
        ).fetchall()
        want = bulk + max(0, target - total)
        indicators, _ = _catalogue(con)
        per_commune = MONTHS * len(indicators)
        start = time.perf_counter()
        for lo in range(bulk, want, batch):
            hi = min(lo + batch, want)
            with store.transaction(con):
                upload_id = _bulk_upload(con, f"{lo}-{hi}", {"observations": hi - lo}, dt.datetime.now())
                communes = _ensure_communes(con, -(-hi // per_commune), upload_id)
                params = {"months": MONTHS, "lo": lo, "hi": hi, "first": _first_month(today), "upload_id": upload_id}
                params |= {"indicators": indicators, "communes": communes, "sheet": workbook_format.OBSERVATIONS.title}
                con.execute(_INSERT, params)
        load_s = time.perf_counter() - start
        rebuild_s = _rebuild_current(con)
        start = time.perf_counter()
        con.execute("checkpoint")
        checkpoint_s = time.perf_counter() - start
        [(rows, n_communes)] = con.execute(
            "select (select count(*) from observations), (select count(*) from units where kind in ('commune', 'ward'))"
        ).fetchall()
    finally:
        con.close()
    return {"rows": rows, "communes": n_communes, "load_s": load_s, "rebuild_s": rebuild_s, "ckpt_s": checkpoint_s}


def disk_mb(path: Path) -> float:
    """The database file with its write-ahead log, in MB."""
    return sum(p.stat().st_size for p in (path, Path(f"{path}.wal")) if p.exists()) / 2**20


def _median_ms(fn, repeats: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def map_queries(cur, today: dt.date) -> dict:
    """The map page's queries (app_pages/coverage_map.py) and its choropleth's for one commune-level indicator."""
    return {
        "villages": queries.frame(cur, "villages/register"),
        "communes": queries.frame(cur, "units/communes"),
        "latest": queries.frame(cur, "overview/latest_values", unit_code=codes.PROVINCE, as_of=today),
        "headline": queries.frame(cur, "villages/headline", unit_code=codes.PROVINCE, as_of=today),
        "tasks": queries.frame(cur, "tasks/status", as_of=today),
        "choropleth": queries.frame(cur, "indicators/commune_values", indicator_code=RETURN_INDICATOR, as_of=today),
    }


def measure(path: Path, today: dt.date, repeats: int = REPEATS, limit: str | None = None) -> dict:
    """Median ms of the snapshot, the map's queries, a return's commit and its rollback, on the app's connection."""
    saved = os.environ.get("NQ57_MEMORY_LIMIT")
    if limit:
        os.environ["NQ57_MEMORY_LIMIT"] = limit  # read by store.app_config when the connection opens
    try:
        con = store.connect(path, app=True)
    finally:
        if limit and saved is None:
            del os.environ["NQ57_MEMORY_LIMIT"]
        elif limit:
            os.environ["NQ57_MEMORY_LIMIT"] = saved
    try:
        [(memory_limit,)] = con.execute("select current_setting('memory_limit')").fetchall()
        period = board.choose_period("quarter", board.period_choices("quarter", today)[0], today)
        real = "select min(code) from units where kind = 'commune' and code not like 'SX%'"
        [(commune,)] = con.execute(real).fetchall()  # a real commune's return
        archive = default_archive(con)
        month = f"{today:%Y-%m}"
        uploads: list[int] = []

        def read() -> None:
            cur = con.cursor()
            try:
                snapshot.read(cur, period.as_of, period.previous_as_of)
            finally:
                cur.close()

        def read_map() -> None:
            cur = con.cursor()
            try:
                map_queries(cur, today)
            finally:
                cur.close()

        def send() -> None:
            # A new value each time: the same file twice is refused as already imported.
            value = 40 + len(uploads) % 50 + 0.5
            rows = [{"indicator_code": RETURN_INDICATOR, "unit_code": commune, "value": value}]
            data = return_workbook(commune, month, observations=rows)
            prepared = importer.prepare(con, data, f"scale-{len(uploads)}.xlsx")
            uploads.append(importer.commit(con, prepared, BENCH_USER, archive).upload_id)

        def undo() -> None:
            importer.rollback(con, uploads.pop(0), BENCH_USER)

        out = {"limit": memory_limit, "snapshot": _median_ms(read, repeats), "map": _median_ms(read_map, repeats)}
        commit_times, rollback_times = [], []
        for i in range(repeats + 1):  # the first pair warms up
            start = time.perf_counter()
            send()
            middle = time.perf_counter()
            undo()
            end = time.perf_counter()
            if i:
                commit_times.append(middle - start)
                rollback_times.append(end - middle)
        out["commit"] = statistics.median(commit_times) * 1000
        out["rollback"] = statistics.median(rollback_times) * 1000
        return out
    finally:
        con.close()


def measure_within_limit(path: Path, today: dt.date, repeats: int = REPEATS) -> list[dict]:
    """The figures at the app's memory limit; again at RAISED_LIMIT if that ran out of memory, or if asked for."""
    raised = os.environ.get("BENCH_SCALE_RAISED_LIMIT")
    try:
        found = [measure(path, today, repeats)]
    except duckdb.OutOfMemoryException as exc:
        found = [{"limit": os.environ.get("NQ57_MEMORY_LIMIT") or "1GB", "error": str(exc).splitlines()[0]}]
        raised = raised or RAISED_LIMIT
    if raised:
        found.append(measure(path, today, repeats, limit=raised))
    return found


def _ms(value: float | None) -> str:
    return "—" if value is None else fmt.number(value, 1)


def report(steps: list[dict]) -> None:
    """The table of figures per size, and the growth ratios against the targets."""
    print()
    print(
        f"Quy mô / scale: {MONTHS} tháng, {5 + SYNTHETIC_INDICATORS} chỉ tiêu cấp xã / commune-level indicators, "
        f"median of {REPEATS} after one warm-up, on the app's connection (store.connect(app=True))"
    )
    head = (
        f"  {'rows':>11} {'communes':>8} {'load s':>7} {'rebuild s':>9} {'disk MB':>8} {'limit':>7} "
        f"{'snapshot ms':>11} {'map ms':>8} {'commit ms':>9} {'rollback ms':>11}"
    )
    print(head)
    for s in steps:
        for m in s["figures"]:
            first = (
                f"  {fmt.number(s['rows']):>11} {fmt.number(s['communes']):>8} {fmt.number(s['load_s'], 1):>7} "
                f"{_ms(s['rebuild_s']):>9} {fmt.number(s['disk_mb'], 0):>8} {m['limit']:>7} "
            )
            if "error" in m:
                print(first + f"HẾT BỘ NHỚ / OUT OF MEMORY: {m['error'][:80]}")
                continue
            print(first + f"{_ms(m['snapshot']):>11} {_ms(m['map']):>8} {_ms(m['commit']):>9} {_ms(m['rollback']):>11}")
    by_rows = {s["target"]: [m for m in s["figures"] if "error" not in m] for s in steps}
    small, mid, large = by_rows.get(10_000), by_rows.get(2_000_000), by_rows.get(20_000_000)
    if small and mid:
        ratio = mid[0]["snapshot"] / small[0]["snapshot"]
        verdict = "ĐẠT / met" if ratio <= TARGET_RATIO else "CHƯA ĐẠT / NOT met"
        print(
            f"  snapshot 2 M / 10 k = {fmt.number(ratio, 2)}× (mục tiêu / target ≤ {fmt.number(TARGET_RATIO)}×): "
            f"{verdict}; map {fmt.number(mid[0]['map'] / small[0]['map'], 2)}×, "
            f"commit {fmt.number(mid[0]['commit'] / small[0]['commit'], 2)}×, "
            f"rollback {fmt.number(mid[0]['rollback'] / small[0]['rollback'], 2)}×"
        )
    if large:
        for m in large:
            verdict = "ĐẠT / met" if m["snapshot"] < TARGET_MS else "CHƯA ĐẠT / NOT met"
            print(
                f"  snapshot 20 M = {_ms(m['snapshot'])} ms at memory_limit {m['limit']} "
                f"(mục tiêu / target < {fmt.number(TARGET_MS)} ms): {verdict}"
            )
    print(f"  máy / machine: {os.cpu_count()} CPU, {_cpu_model()}; tải / load average {_load()}")


def _load() -> str:
    """The load average over 1, 5 and 15 minutes, as uptime prints it."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    return ", ".join(fmt.number(x, 2) for x in load)


def run(path: Path, targets: list[int], today: dt.date, repeats: int = REPEATS, batch: int = BATCH) -> list[dict]:
    """Grow the store at `path` through each size in turn and measure it there."""
    setup(path)
    steps = []
    for target in targets:
        step = grow(path, target, today, batch) | {"target": target}
        step["disk_mb"] = disk_mb(path)
        print(
            f"  {fmt.number(step['rows'])} dòng / rows: nạp / loaded in {fmt.number(step['load_s'], 1)} s, "
            f"{fmt.number(step['disk_mb'], 0)} MB on disk; tải / load average {_load()}",
            flush=True,
        )
        step["figures"] = measure_within_limit(path, today, repeats)
        print(f"    đo xong / measured; tải / load average {_load()}", flush=True)
        steps.append(step)
    return steps


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="nq57-scale-") as tmp:
        steps = run(Path(tmp) / "nq57.duckdb", sizes(), dt.date.today())
    report(steps)


if __name__ == "__main__":
    main()
