"""Production hardening: the server settings, the users' message for unexpected errors, concurrent writers."""

import logging
import threading
import tomllib
from pathlib import Path

import duckdb
import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

import components.db
from benchmarks import generate
from nq57 import cli, store
from nq57.archive import default_archive
from nq57.excel.guard import MAX_FILE_BYTES
from nq57.importer import ImportResult, RollbackRefused, commit, prepare, rollback
from tests.accounts import ADMIN, CLERK, make_accounts
from tests.workbooks import return_workbook

CONFIG = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"


def test_server_settings():
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    server, client = config["server"], config["client"]
    assert server["enableXsrfProtection"] is True
    assert server["enableCORS"] is True
    assert server["maxUploadSize"] == 20  # MB, the importer's own limit (nq57.excel.guard.MAX_FILE_BYTES)
    assert server["address"] == "127.0.0.1"  # only nginx on the same machine reaches the app
    assert "localhost" in server["allowedHosts"] and "*" not in server["allowedHosts"]
    assert server["headless"] is True
    assert server["runOnSave"] is False
    assert server["fileWatcherType"] == "none"
    assert server["enableStaticServing"] is False
    assert config["browser"]["gatherUsageStats"] is False
    assert client["showErrorDetails"] == "none"
    assert client["showErrorLinks"] is False
    assert client["toolbarMode"] == "viewer"
    assert config["runner"]["postScriptGC"] is False  # no full collection per view (benchmarks/sessions.py)
    assert client["disableDataExport"] is True  # no CSV of untrusted text; our Excel exports are neutralised


def test_every_option_has_a_comment():
    lines = CONFIG.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if "=" in line and not line.startswith("#") and not line.startswith("["):
            if lines[i - 1].startswith("#"):
                continue
            # Options of one kind (the theme colours) may share the comment above the first of them.
            assert "=" in lines[i - 1] and not lines[i - 1].startswith("["), f"option without a comment: {line}"


def test_streamlit_reads_the_settings():
    config.get_config_options(force_reparse=True, options_from_flags={})
    assert config.get_option("server.maxUploadSize") * 1024 * 1024 == MAX_FILE_BYTES
    assert config.get_option("client.showErrorDetails") == "none"
    assert config.get_option("browser.gatherUsageStats") is False
    assert config.get_option("client.disableDataExport") is True
    assert config.get_option("runner.postScriptGC") is False


def _failing_page():
    import streamlit as st

    from components import errors

    class Page:
        title = "Trang thử"

        def run(self):
            st.write("Phần đầu trang")
            raise ValueError("chi tiết nội bộ không cho người dùng thấy")

    errors.run(Page())


def _stopping_page():
    import streamlit as st

    from components import errors

    class Page:
        title = "Trang thử"

        def run(self):
            st.session_state["runs"] = st.session_state.get("runs", 0) + 1
            if st.session_state["runs"] == 1:
                st.rerun()
            st.write(f"Lần chạy {st.session_state['runs']}")
            st.stop()
            st.write("không bao giờ hiện")

    errors.run(Page())


def test_an_unexpected_error_shows_a_vietnamese_message_and_logs_the_detail(monkeypatch, caplog):
    monkeypatch.delenv("NQ57_RAISE_ERRORS")
    with caplog.at_level(logging.ERROR, logger="nq57.app"):
        at = AppTest.from_function(_failing_page).run()
    assert not at.exception
    assert at.markdown[0].value == "Phần đầu trang"
    [error] = at.error
    assert error.value.startswith("Đã có lỗi ngoài dự kiến khi hiển thị trang này")
    assert "chi tiết nội bộ" not in error.value
    [record] = [r for r in caplog.records if r.name == "nq57.app"]
    assert record.exc_info and "chi tiết nội bộ" in str(record.exc_info[1])
    assert record.getMessage().split("mã lỗi ")[1].rstrip(")") in error.value


def test_st_stop_and_st_rerun_pass_through(monkeypatch):
    monkeypatch.delenv("NQ57_RAISE_ERRORS")
    at = AppTest.from_function(_stopping_page).run()
    assert not at.exception and not at.error
    assert [m.value for m in at.markdown] == ["Lần chạy 2"]


def test_developers_and_tests_see_the_exception():
    at = AppTest.from_function(_failing_page).run()
    assert at.exception and not at.error


def _in_threads(*calls):
    """Run the calls at the same moment, each in its own thread; their results and exceptions, in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        try:
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 — returned to the test, which asserts on it
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _may_return(value: float) -> bytes:
    rows = [{"indicator_code": "HT_5G", "unit_code": "12", "value": value}]
    return return_workbook(CLERK.unit_code, "2026-05", observations=rows)


def _current_5g(con) -> float:
    cur = con.cursor()
    try:
        return cur.execute(
            "select value from current_observations where indicator_code = 'HT_5G' and unit_code = '12' "
            "and period = '2026-05'"
        ).fetchone()[0]
    finally:
        cur.close()


def test_two_clerks_committing_at_once_both_land(loaded, tmp_path):
    make_accounts(loaded)
    for attempt in range(5):
        first = prepare(loaded, _may_return(40 + attempt), f"a{attempt}.xlsx")
        second = prepare(loaded, _may_return(60 + attempt), f"b{attempt}.xlsx")
        results = _in_threads(
            lambda p=first: commit(loaded, p, "", tmp_path, user=CLERK),
            lambda p=second: commit(loaded, p, "", tmp_path, user=CLERK),
        )
        assert all(isinstance(r, ImportResult) for r in results), results
        ids = {r.upload_id: r for r in results}
        cur = loaded.cursor()
        stored = cur.execute("select id, file_name from uploads where id in (select unnest(?))", [list(ids)]).fetchall()
        audited = cur.execute(
            "select count(*) from audit_log where action = 'upload' and target in (select unnest(?))",
            [[f"lần nhập {i}" for i in ids]],
        ).fetchone()[0]
        cur.close()
        assert sorted(name for _, name in stored) == [f"a{attempt}.xlsx", f"b{attempt}.xlsx"]
        assert audited == 2
        later = max(ids)  # the later upload is the current value
        assert _current_5g(loaded) == (40 if later == results[0].upload_id else 60) + attempt


def test_two_rollbacks_of_one_upload_make_one(loaded, tmp_path):
    make_accounts(loaded)
    done = commit(loaded, prepare(loaded, _may_return(51), "t5.xlsx"), "", tmp_path, user=CLERK)
    results = _in_threads(*[lambda: rollback(loaded, done.upload_id, "", user=ADMIN)] * 2)
    assert sum(isinstance(r, dict) for r in results) == 1
    [refused] = [r for r in results if not isinstance(r, dict)]
    assert isinstance(refused, RollbackRefused) and "đã được hoàn tác" in str(refused)


def test_readers_never_see_half_a_return(loaded, tmp_path):
    """A reader counting a bulk upload's rows while it is written sees none of them or all of them."""
    data = generate.workbook_path().read_bytes()
    prepared = prepare(loaded, data, "bulk.xlsx", preview=False)
    expected = len(prepared.sheets["observations"])
    seen: set[int] = set()
    writing = threading.Event()

    def read():
        cur = loaded.cursor()
        try:
            while not writing.is_set():
                seen.add(
                    cur.execute(
                        "select count(*) from observations where upload_id = (select max(id) from uploads) "
                        "and (select max(id) from uploads) > 1"
                    ).fetchone()[0]
                )
        finally:
            cur.close()

    reader = threading.Thread(target=read)
    reader.start()
    try:
        commit(loaded, prepared, "quantri", tmp_path)
    finally:
        writing.set()
        reader.join()
    assert seen <= {0, expected}


def test_a_commit_and_a_rollback_leave_the_database_file_whole(tmp_path):
    """Each is followed by a checkpoint: nothing is left in the write-ahead log to replay after a crash."""
    db = tmp_path / "nq57.duckdb"
    cli.init_database(db)
    con = store.connect(db)
    try:
        make_accounts(con)
        wal = Path(f"{db}.wal")
        done = commit(con, prepare(con, _may_return(47), "t5.xlsx"), "", default_archive(con), user=CLERK)
        assert not wal.exists() or wal.stat().st_size == 0
        rollback(con, done.upload_id, "", user=ADMIN)
        assert not wal.exists() or wal.stat().st_size == 0
    finally:
        con.close()


def _bytes_written() -> int:
    """What this process has handed to write calls so far (Linux's /proc/self/io, wchar)."""
    return next(int(line.split()[1]) for line in Path("/proc/self/io").read_text().splitlines() if "wchar" in line)


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="counts the bytes written through Linux's /proc")
def test_a_bulk_load_is_written_to_the_database_file_once_not_to_the_log_first(tmp_path):
    """A commit too large for the log (store.CHECKPOINT_THRESHOLD) goes to the file only. Measured against the same
    import into a store left at DuckDB's default, which writes every row to the log and then to the file."""
    data = generate.workbook_path().read_bytes()
    written = {}
    for name, threshold in (("ours", None), ("DuckDB's default", "16MiB")):
        db = tmp_path / name.replace(" ", "_").replace("'", "") / "nq57.duckdb"
        cli.init_database(db)
        con = store.connect(db)
        try:
            if threshold:
                con.execute("set checkpoint_threshold = ?", [threshold]).fetchall()
            prepared = prepare(con, data, "bulk.xlsx", preview=False)
            before = _bytes_written()
            commit(con, prepared, "quantri", default_archive(con))
            written[name] = _bytes_written() - before
            assert not Path(f"{db}.wal").exists() or Path(f"{db}.wal").stat().st_size == 0
            assert con.execute("select count(*) from observations where indicator_code = 'BENCH_01'").fetchall() == [
                (len(generate.communes()) * generate.MONTHS,)
            ]
        finally:
            con.close()
    assert written["ours"] < 0.75 * written["DuckDB's default"], written


def test_the_app_connection_reads_no_other_file_and_has_a_memory_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("NQ57_MEMORY_LIMIT", "512MB")
    db = tmp_path / "nq57.duckdb"
    cli.init_database(db)
    con = components.db.connection(str(db))
    try:
        cur = con.cursor()
        for sql in (
            "select * from read_csv('/etc/passwd', sep = ':')",
            "select * from read_text('/etc/passwd')",
            f"copy (select 1) to '{tmp_path / 'x.csv'}'",
            f"attach '{tmp_path / 'other.duckdb'}'",
            "set enable_external_access = true",
            "set memory_limit = '64GB'",
        ):
            with pytest.raises((duckdb.PermissionException, duckdb.InvalidInputException)):
                cur.execute(sql).fetchall()
        [(limit,)] = cur.execute("select current_setting('memory_limit')").fetchall()
        assert limit == "488.2 MiB"  # 512 MB as DuckDB prints it
        # The import still works: it hands DuckDB the frames it read itself.
        may = _may_return(45)
        done = commit(con, prepare(con, may, "t5.xlsx"), "canbo", default_archive(con))
        assert done.row_counts == {"observations": 1}
        assert _current_5g(con) == 45
        cur.close()
    finally:
        con.close()
        components.db.connection.clear()


def test_duckdb_threads_follow_the_setting_and_a_second_connection_still_opens(tmp_path, monkeypatch):
    monkeypatch.setenv("NQ57_DUCKDB_THREADS", "2")
    db = tmp_path / "nq57.duckdb"
    cli.init_database(db)
    con = components.db.connection(str(db))
    try:
        [(threads,)] = con.cursor().execute("select current_setting('threads')").fetchall()
        assert threads == 2
        # The command line opens the same file in the same process (its settings locked by the app): no error.
        other = store.connect(db)
        assert other.execute("select count(*) from indicators").fetchall()[0][0] > 0
        other.close()
    finally:
        con.close()
        components.db.connection.clear()
    monkeypatch.delenv("NQ57_DUCKDB_THREADS")
    con = store.connect(tmp_path / "other.duckdb")
    try:
        assert con.execute("select current_setting('threads')").fetchall() == [(1,)]
    finally:
        con.close()
