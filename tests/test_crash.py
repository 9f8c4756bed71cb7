"""Crash safety: a process killed (SIGKILL) while committing leaves each return whole or absent, and the app starts.

A child process commits copies of a bulk return (13.680 figures, 1.500 villages) one after another and is killed at
a random moment, five times over the same database. After every kill the database opens, every upload it records
holds all of its rows, every commit the child reported done is there, and the app's connection starts again.
"""

import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import components.db
from benchmarks import generate
from nq57 import cli, store
from nq57.archive import check_archive

ROOT = Path(__file__).resolve().parent.parent

# The child: prepare the bulk workbook once, then commit it again and again under new names (each commit a new
# upload with its own archived file), saying "ready" before the first and the id after each.
CHILD = """
import dataclasses, hashlib, sys
from pathlib import Path
from nq57 import store
from nq57.archive import default_archive
from nq57.importer import commit, prepare

con = store.connect(sys.argv[1])
data = Path(sys.argv[2]).read_bytes()
prepared = prepare(con, data, "bulk.xlsx", preview=False)
print("ready", flush=True)
for n in range(10_000):
    copy = data + n.to_bytes(4, "big")  # another file, so another checksum and another archived copy
    one = dataclasses.replace(prepared, data=copy, sha256=hashlib.sha256(copy).hexdigest(), file_name=f"bulk-{n}.xlsx")
    print("done", commit(con, one, "quantri", default_archive(con)).upload_id, flush=True)
"""


def _run_and_kill(db: Path, workbook: Path, delay: float) -> list[int]:
    """Start the child, let it commit for `delay` seconds after it is ready, SIGKILL it; the ids it reported done."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), str(workbook)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
    )
    try:
        assert child.stdout.readline().strip() == "ready"
        with pytest.raises(subprocess.TimeoutExpired):
            child.wait(timeout=delay)  # the child commits until killed; it never ends by itself this soon
        child.send_signal(signal.SIGKILL)
        child.wait()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    return [int(line.split()[1]) for line in child.stdout.read().splitlines() if line.startswith("done ")]


def _uploads(con) -> list[tuple[int, int, int]]:
    """(upload id, observation rows it should hold, observation rows it holds) for every bulk upload."""
    cur = con.cursor()
    try:
        rows = cur.execute(
            "select u.id, u.row_counts, (select count(*) from observations o where o.upload_id = u.id) "
            "from uploads u where u.kind = 'bulk' order by u.id"
        ).fetchall()
    finally:
        cur.close()
    return [(i, json.loads(counts)["observations"], held) for i, counts, held in rows]


def test_killed_while_committing_the_database_holds_each_return_whole(tmp_path):
    db = tmp_path / "nq57.duckdb"
    cli.init_database(db)
    workbook = generate.workbook_path()
    rng = random.Random()
    reported_done: list[int] = []
    for _ in range(5):
        reported_done += _run_and_kill(db, workbook, rng.uniform(0.05, 1.5))
        con = store.connect(db)
        try:
            uploads = _uploads(con)
            assert uploads, "the child committed nothing before it was killed"
            for upload_id, expected, held in uploads:
                assert held == expected, f"upload {upload_id} holds {held} of its {expected} rows"
            # Every commit the child reported done survived the kill.
            assert set(reported_done) <= {u[0] for u in uploads}
            # The archive may hold the file of the commit that was cut short, never lack one of a recorded upload.
            assert all("không thuộc lần nhập nào" in p for p in check_archive(con))
        finally:
            con.close()
        # The app's connection starts again on the same file (and is let go for the next child).
        app = components.db.connection(str(db))
        try:
            cur = app.cursor()
            assert cur.execute("select count(*) from uploads").fetchall()[0][0] == len(uploads) + 1
            cur.close()
        finally:
            app.close()
            components.db.connection.clear()


def test_the_archive_check_names_missing_changed_and_stray_files(tmp_path):
    db = tmp_path / "nq57.duckdb"
    cli.init_database(db)
    con = store.connect(db)
    try:
        assert check_archive(con) == []
        archive = tmp_path / "uploads"
        [baseline] = list(archive.iterdir())
        (archive / "0000.xlsx").write_bytes(b"stray")
        baseline.write_bytes(baseline.read_bytes() + b"x")
        changed, stray = check_archive(con)
        assert changed.startswith("Lần nhập số 1 (tệp “nq57_baseline.xlsx”)") and "khác tệp đã nhập" in changed
        assert stray.startswith("Tệp 0000.xlsx") and "không thuộc lần nhập nào" in stray
        baseline.unlink()
        assert "không có tệp lưu trữ" in check_archive(con)[0]
    finally:
        con.close()
