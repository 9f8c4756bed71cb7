"""Whole import of the bulk workbook, this tree against an earlier commit, in pairs close in time.

    python -m benchmarks.import_versus 1d33702 [PAIRS]

A shared machine's speed drifts by more than the 10 % a change may cost the import, so two runs of
`benchmarks.import_return` minutes apart cannot tell. Here one worker process per tree (the earlier commit checked
out in a temporary git worktree, run with this tree's virtual environment) imports the same workbook into a fresh
store on request, and the two take turns, first one then the other, PAIRS times (40 unless given), in memory and
into a database file. Printed: each side's median and the median and quartiles of the paired ratios (ours over
theirs). The workers use only what every version has: nq57.store.connect and nq57.importer.import_workbook.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import generate

ROOT = Path(__file__).resolve().parent.parent
PAIRS = 40

# One import per line read ("memory" or "file"), each into a fresh store with the baseline loaded outside the timing.
WORKER = r"""
import json, sys, tempfile, time
from pathlib import Path
from nq57 import importer, paths, store
data = Path(sys.argv[1]).read_bytes()
baseline = paths.BASELINE_XLSX.read_bytes()
scratch = Path(tempfile.mkdtemp())

def once(on_file):
    folder = Path(tempfile.mkdtemp(dir=scratch))
    con = store.connect(folder / "nq57.duckdb" if on_file else ":memory:")
    try:
        importer.import_workbook(con, baseline, "nq57_baseline.xlsx", "bench", archive_dir=folder)
        start = time.perf_counter()
        importer.import_workbook(con, data, "bulk.xlsx", "bench", archive_dir=folder)
        return time.perf_counter() - start
    finally:
        con.close()

once(False)
print("ready", flush=True)
for line in sys.stdin:
    print(json.dumps(once(line.strip() == "file")), flush=True)
"""


class _Worker:
    def __init__(self, tree: Path, workbook: Path):
        env = {**os.environ, "PYTHONPATH": str(tree)}
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(workbook)],
            cwd=tree,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        if self.proc.stdout.readline().strip() != "ready":
            raise RuntimeError(f"the worker in {tree} did not start")

    def time(self, mode: str) -> float:
        self.proc.stdin.write(mode + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait()


def compare(theirs: _Worker, ours: _Worker, mode: str, pairs: int) -> str:
    mine, other, ratios = [], [], []
    for i in range(pairs):
        first, second = (ours, theirs) if i % 2 else (theirs, ours)  # each side goes first half the time
        times = {first: first.time(mode), second: second.time(mode)}
        mine.append(times[ours])
        other.append(times[theirs])
        ratios.append(times[ours] / times[theirs])
    low, median, high = statistics.quantiles(ratios, n=4)
    return (
        f"  {mode:<7} theirs {statistics.median(other) * 1000:6.1f} ms, ours {statistics.median(mine) * 1000:6.1f} ms;"
        f" ours / theirs, paired: median {median:.3f} (quartiles {low:.3f}–{high:.3f}), {pairs} pairs"
    )


def main(rev: str, pairs: int = PAIRS) -> None:
    workbook = generate.workbook_path()
    with tempfile.TemporaryDirectory(prefix="nq57-versus-") as tmp:
        tree = Path(tmp) / "tree"
        git = ["git", "worktree"]
        subprocess.run([*git, "add", "--detach", str(tree), rev], cwd=ROOT, check=True, capture_output=True)
        try:
            theirs, ours = _Worker(tree, workbook), _Worker(ROOT, workbook)
            try:
                print(f"Nhập trọn tệp nạp hàng loạt / whole bulk import: {rev} (theirs) against this tree (ours)")
                for mode in ("memory", "file"):
                    print(compare(theirs, ours, mode, pairs), flush=True)
            finally:
                theirs.close()
                ours.close()
        finally:
            subprocess.run([*git, "remove", "--force", str(tree)], cwd=ROOT, check=True)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else PAIRS)
