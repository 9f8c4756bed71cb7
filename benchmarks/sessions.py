"""Load through real sessions: 20 browser-like WebSocket clients at once on the overview, the map and the floor page.

Two `streamlit run` servers on free ports of this machine: app.py on a fresh database (the baseline and 2 years of
sample data, the public board on), and benchmarks/floor_page.py, nine static st.metric cards with sparklines, the
framework's own floor. The clients (benchmarks/ws_client.py) speak the browser's protocol from one asyncio event
loop; a session's time is from its rerun_script BackMsg to the script_finished ForwardMsg: the server's time for the
page (queue, script, serialising, sending), without the browser's drawing. Each target page is opened once first to
warm its server, then ALONE times one after another (a single viewer's time, for reference); then ROUNDS rounds,
each opening SESSIONS sessions at the same moment on each target in turn.
Targets (issue 17): overview ≤ 1.5× floor and map ≤ 2× floor, on the p95s (medians beside); reported, not asserted.
The AppTest figures of benchmarks/load.py are a second view of the same load, inside one process.
"""

import argparse
import asyncio
import datetime as dt
import gc
import os
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks import ws_client
from benchmarks.overview import _cpu_model
from nq57 import cli, importer, paths, sample, store

SESSIONS = 20
ROUNDS = 3
ALONE = 5  # sessions one after another per target, after the warm-up: the time of a page for a single viewer
YEARS = 2
TIMEOUT = 300
APP = paths.ROOT / "app.py"
FLOOR = paths.ROOT / "benchmarks" / "floor_page.py"
# (label, server, url path); "app" and "floor" name the two servers.
TARGETS = (("overview", "app", ""), ("map", "app", "ban-do"), ("floor", "floor", ""))
RATIOS = (("overview", 1.5), ("map", 2.0))  # target: page p95 ≤ this × floor p95


def build_database(db: Path) -> None:
    """The baseline and YEARS years of sample data, as benchmarks/load.py builds its database."""
    cli.init_database(db)
    con = store.connect(db)
    try:
        importer.import_workbook(con, sample.workbook(dt.date.today(), YEARS), sample.FILE_NAME, "bench")
        con.execute("checkpoint")
    finally:
        con.close()


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


def load_average() -> str:
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def _check(sessions: list[ws_client.Session], what: str) -> list[str]:
    """The problems of the sessions that did not finish normally with deltas, each one line."""
    return [f"{what}: {s.problem()}" for s in sessions if not s.ok]


def _elements(sessions: list[ws_client.Session]) -> str:
    """The elements one session received, and whether every session received the same."""
    counts = {sum(s.elements.values()) for s in sessions}
    first = sessions[0]
    kinds = ", ".join(f"{name} {n}" for name, n in first.elements.most_common())
    same = "same in every session" if len(counts) == 1 else f"differs between sessions: {sorted(counts)}"
    return (
        f"“{first.title}”: {sum(first.elements.values())} elements, {first.blocks} blocks, {first.deltas} deltas "
        f"({kinds}); {same}"
    )


async def _measure(ports: dict[str, int], sessions: int, rounds: int) -> tuple[dict, list[str], dict]:
    """Warm each target with one session, then the rounds; times per (target, round), problems, the
    sessions of the rounds per target."""
    problems: list[str] = []
    seen: dict[str, list[ws_client.Session]] = {}
    for label, server, page in TARGETS:
        warm = await ws_client.open_sessions(ports[server], page, 1, TIMEOUT)
        problems += _check(warm, f"{label}, warm-up")
    times: dict[tuple[str, int], list[float]] = {}
    for label, server, page in TARGETS:
        alone = [(await ws_client.open_sessions(ports[server], page, 1, TIMEOUT))[0] for _ in range(ALONE)]
        problems += _check(alone, f"{label}, alone")
        times[(label, -1)] = [s.run_s for s in alone if s.ok]
    for round_ in range(rounds):
        for label, server, page in TARGETS:
            began = time.perf_counter()
            done = await ws_client.open_sessions(ports[server], page, sessions, TIMEOUT)
            wall = time.perf_counter() - began
            problems += _check(done, f"{label}, round {round_ + 1}")
            times[(label, round_)] = [s.run_s for s in done if s.ok]
            seen.setdefault(label, []).extend(done)
            print(
                f"  {label:<9} round {round_ + 1}: {len(times[(label, round_)])}/{sessions} ok, "
                f"{wall:.2f} s for the round, load average {load_average()}",
                flush=True,
            )
    return times, problems, seen


def _report(times: dict, problems: list[str], seen: dict, sessions: int, rounds: int, wall: float) -> None:
    print()
    print(
        f"Phiên thật / real sessions: {sessions} WebSocket clients at once per round, {rounds} rounds, "
        f"server time from rerun_script to script_finished; {wall:.1f} s in all"
    )
    alone = {label: statistics.median(times[(label, -1)]) for label, _, _ in TARGETS if times[(label, -1)]}
    print(
        f"  one session alone, median of {ALONE} in a row: "
        + ", ".join(f"{label} {seconds * 1000:.0f} ms" for label, seconds in alone.items())
    )
    print(f"  {'page, round':<22}{'ok':>6}{'median ms':>12}{'p95 ms':>10}{'min ms':>9}{'max ms':>9}")
    medians, p95s = {}, {}
    for label, _, _ in TARGETS:
        every = []
        for round_ in range(rounds):
            values = times[(label, round_)]
            every += values
            if values:
                print(
                    f"  {f'{label}, {round_ + 1}':<22}{len(values):>6}{statistics.median(values) * 1000:>12.0f}"
                    f"{p95(values) * 1000:>10.0f}{min(values) * 1000:>9.0f}{max(values) * 1000:>9.0f}"
                )
        if every:
            medians[label], p95s[label] = statistics.median(every), p95(every)
            print(
                f"  {f'{label}, all rounds':<22}{len(every):>6}{medians[label] * 1000:>12.0f}"
                f"{p95s[label] * 1000:>10.0f}{min(every) * 1000:>9.0f}{max(every) * 1000:>9.0f}"
            )
    for label, limit in RATIOS:
        if label in medians and "floor" in medians:
            ratio, tail = medians[label] / medians["floor"], p95s[label] / p95s["floor"]
            verdict = "met" if tail <= limit else "NOT met"
            single = f", one session alone {alone[label] / alone['floor']:.2f}×" if len(alone) == len(TARGETS) else ""
            print(f"  {label}/floor: p95 {tail:.2f}× (target ≤ {limit}×: {verdict}), median {ratio:.2f}×{single}")
    print("  elements received per session (sanity check):")
    for label, done in seen.items():
        print(f"    {label:<9} {_elements(done)}")
    refs = sum(s.ref_hashes for done in seen.values() for s in done)
    reruns = sum(s.early_reruns for done in seen.values() for s in done)
    print(f"  cached-message references received: {refs}; runs finished early for a rerun: {reruns}")
    if problems:
        print(f"  PROBLEMS ({len(problems)}), sessions left out of the figures:")
        for line in problems[:10]:
            print(f"    {line}")
    print(f"  machine: {os.cpu_count()} CPU, {_cpu_model()}; load average {load_average()} (1, 5, 15 min)")


def main(sessions: int = SESSIONS, rounds: int = ROUNDS) -> None:
    with tempfile.TemporaryDirectory(prefix="nq57-sessions-") as tmp:
        scratch = Path(tmp)
        db = scratch / "nq57.duckdb"
        build_database(db)
        env = {"NQ57_DB": str(db), "NQ57_PUBLIC_BOARD": "1"}
        ports = {"app": ws_client.free_port(), "floor": ws_client.free_port()}
        while ports["floor"] == ports["app"]:
            ports["floor"] = ws_client.free_port()
        logs = {name: scratch / f"{name}.log" for name in ports}
        procs = {}
        try:
            procs["app"] = ws_client.start_server(APP, ports["app"], logs["app"], env)
            procs["floor"] = ws_client.start_server(FLOOR, ports["floor"], logs["floor"])
            for name, proc in procs.items():
                ws_client.wait_healthy(proc, ports[name], logs[name])
            up = f"app.py on port {ports['app']}, floor_page.py on port {ports['floor']}"
            print(f"\nServers up: {up}; load average {load_average()}", flush=True)
            began = time.perf_counter()
            # The clients' own cycle collector would stop their event loop now and then (up to 60 ms here), and the
            # sessions in flight would be timed that much longer: the measuring instrument is kept out of the figures.
            gc.disable()
            try:
                times, problems, seen = asyncio.run(_measure(ports, sessions, rounds))
            finally:
                gc.enable()
            wall = time.perf_counter() - began
        finally:
            for proc in procs.values():
                ws_client.stop_server(proc)
        if problems:
            for name, log in logs.items():
                print(f"  last lines of the {name} server's log:\n{log.read_text()[-2000:]}")
    _report(times, problems, seen, sessions, rounds, wall)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=SESSIONS, help="sessions opened at once per round")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args()
    main(args.sessions, args.rounds)
