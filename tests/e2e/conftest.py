"""Fixtures for browser tests: the app on a fresh database, a headless Chromium and a Vietnamese page."""

import os
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, running_app, wait_for_app  # noqa: E402

# The helper lives in server.py so tools/screenshots.py can share it; re-exported here for the tests.
__all__ = ["wait_for_app"]

# Pages run queries and load element code lazily: allow more than Playwright's default five seconds.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("app")) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        # CI installs chromium, so a missing browser there is a broken build, not a reason to skip.
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing on CI")
        pytest.skip(f"{CHROMIUM} is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 900}, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()
