"""Run the dashboard on a free port against a fresh database and wait for its pages; for e2e tests and screenshots."""

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import expect

from benchmarks import ws_client

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has connected, finished the page's script run and drawn every element."""
    app = page.locator('[data-testid="stApp"]')
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=timeout)
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=timeout)
    expect(page.locator('[data-testid="stStatusWidgetRunningIcon"]')).to_have_count(0, timeout=timeout)
    # Element code is loaded lazily: placeholders stay on screen for a moment after the run has finished.
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=timeout)
    expect(page.locator("h1").first).to_be_visible(timeout=timeout)


def build_database(db: Path, sample_until: str | None = None) -> None:
    """Build a fresh database from the baseline workbook with the project's own CLI, with one account per role
    (tests/accounts.py), and the sample data if asked."""
    from tests.accounts import ADMIN, make_accounts_in

    subprocess.run([sys.executable, "-m", "nq57", "--db", str(db), "init"], cwd=ROOT, check=True, capture_output=True)
    make_accounts_in(db)
    if sample_until:
        command = ["sample", "--until", sample_until, "--as", ADMIN.username]
        subprocess.run(
            [sys.executable, "-m", "nq57", "--db", str(db), *command], cwd=ROOT, check=True, capture_output=True
        )


@contextlib.contextmanager
def running_app(workdir: Path, timeout: float = 60, sample_until: str | None = None) -> Iterator[str]:
    """Build a database in workdir, run the app on it and yield its base URL; stop the app afterwards."""
    db = workdir / "nq57.duckdb"
    build_database(db, sample_until)
    port = ws_client.free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.port", str(port),
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    log_path = workdir / "streamlit.log"
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, "NQ57_DB": str(db), "NQ57_PUBLIC_BOARD": "1"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            ws_client.wait_healthy(proc, port, log_path, timeout)
            yield url
        finally:
            ws_client.stop_server(proc)


def sign_in(page, url: str, username: str, password: str | None = None) -> None:
    """Sign in through the form with a test account (tests/accounts.py, its password unless another is given); later
    pages must be reached by the navigation, since a new page load is a new session."""
    from tests.accounts import PASSWORD

    page.goto(url + "/dang-nhap")
    wait_for_app(page)
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password or PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_role("link", name="Đăng nhập", exact=True)).to_have_count(0)


def open_documents(page) -> None:
    """Open the overview's folded box of the meeting's documents (the server builds its buttons only once opened)."""
    page.get_by_test_id("stExpander").filter(has_text="Bảng số liệu (Excel)").locator("summary").click()
    expect(page.get_by_role("button", name="Tải bản in (PDF)")).to_be_visible()
