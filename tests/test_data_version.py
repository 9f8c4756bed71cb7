"""components.db.data_version: read once per script run, read again after a write of this process or another
writer's (the next run), so cached results never outlive the data they came from."""

import shutil

import pytest
from streamlit.testing.v1 import AppTest

import components.db

# Reads the version twice, writes the audit log through nq57.store (as an upload or an account change does), reads it
# again, and shows the three; the test counts the SQL reads.
SCRIPT = """
import streamlit as st
from components import db
from nq57 import access, store

first = db.data_version()
again = db.data_version()
if st.session_state.get("write"):
    cur = db.connection(db.db_file()).cursor()
    with store.transaction(cur):
        access.audit(cur, "test", "lock", "2026-01")
    cur.close()
after = db.data_version()
for line in (first == again, after == first, after):
    st.text(str(line))
"""


@pytest.fixture
def reads(tmp_path, monkeypatch, baseline_db):
    db = tmp_path / "nq57.duckdb"
    shutil.copyfile(baseline_db, db)
    monkeypatch.setenv("NQ57_DB", str(db))
    counted = []
    read = components.db._read_version
    monkeypatch.setattr(components.db, "_read_version", lambda: counted.append(1) or read())
    yield counted
    components.db.connection(str(db)).close()
    components.db.connection.clear()


def shown(at) -> list[str]:
    """Whether the second read equalled the first, whether the read after the write did, and the version."""
    assert not at.exception, [e.value for e in at.exception]
    return [t.value for t in at.text]


def test_read_once_per_run_and_again_after_a_write(reads):
    at = AppTest.from_string(SCRIPT, default_timeout=60)
    assert shown(at.run())[:2] == ["True", "True"] and len(reads) == 1  # three calls, one query
    assert shown(at.run())[:2] == ["True", "True"] and len(reads) == 2  # every run reads it afresh
    at.session_state["write"] = True
    assert shown(at.run())[:2] == ["True", "False"] and len(reads) == 4  # the run that wrote sees its own write


def test_a_write_another_writer_makes_is_seen_by_the_next_run(reads):
    """A write that does not go through this process's nq57.store (as the CLI's, or another app process's, look
    from here) moves no counter: the next run reads the version afresh anyway."""
    at = AppTest.from_string(SCRIPT, default_timeout=60)
    before = shown(at.run())[2]
    cur = components.db.connection(components.db.db_file()).cursor()
    cur.execute("insert into audit_log (logged_at, actor, action) values (now()::timestamp, 'cli', 'upload')")
    cur.close()
    after = components.db.data_version()  # outside a script run: read every time
    assert str(after) != before
    assert shown(at.run()) == ["True", "True", str(after)]
