"""Production hardening: the server settings, the users' message for unexpected errors, concurrent writers."""

import logging
import tomllib
from pathlib import Path

from streamlit import config
from streamlit.testing.v1 import AppTest

from nq57.excel import MAX_FILE_BYTES

CONFIG = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"


def test_server_settings():
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    server, client = config["server"], config["client"]
    assert server["enableXsrfProtection"] is True
    assert server["enableCORS"] is True
    assert server["maxUploadSize"] == 20  # MB, the importer's own limit (nq57.excel.MAX_FILE_BYTES)
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
