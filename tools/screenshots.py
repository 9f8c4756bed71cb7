"""Take full-page screenshots of every dashboard page, at desktop size and the overview at projector size."""

import argparse
import contextlib
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, running_app, wait_for_app  # noqa: E402

DESKTOP = {"width": 1600, "height": 900}
PROJECTOR = {"width": 1280, "height": 720}
SHOTS = [  # file name, URL path, viewport
    ("tong-quan", "/", DESKTOP),
    ("chi-tieu", "/chi-tieu", DESKTOP),
    ("nhiem-vu", "/nhiem-vu", DESKTOP),
    ("ban-do", "/ban-do", DESKTOP),
    ("nop-bao-cao", "/nop-bao-cao", DESKTOP),
    ("tong-quan-projector", "/", PROJECTOR),
    ("che-do-hop-projector", "/che-do-hop", PROJECTOR),
]
TIMEOUT = 30_000
# Streamlit scrolls inside its main section, not the document, so the page's full height is read from there.
CONTENT_HEIGHT = """() => Math.max(...['[data-testid="stMain"]', '[data-testid="stAppViewContainer"]', 'body']
    .map(s => document.querySelector(s)).filter(Boolean).map(e => e.scrollHeight))"""
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def wait_for_drawings(page) -> None:
    """Wait until every plotly chart has drawn its SVG and every map its canvas."""
    for chart in page.locator(".js-plotly-plot").all():
        expect(chart.locator(".main-svg").first).to_be_attached(timeout=TIMEOUT)
    for deck in page.get_by_test_id("stDeckGlJsonChart").all():
        expect(deck.locator("canvas").first).to_be_visible(timeout=TIMEOUT)
    page.evaluate(TWO_FRAMES)


def shoot(browser, url: str, out: Path, name: str, viewport: dict) -> Path:
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    page = context.new_page()
    try:
        page.goto(url)
        wait_for_app(page, TIMEOUT)
        wait_for_drawings(page)
        # Grow the window to the content so the screenshot holds the whole page, then let it settle again.
        page.set_viewport_size(
            {"width": viewport["width"], "height": max(viewport["height"], page.evaluate(CONTENT_HEIGHT))}
        )
        wait_for_app(page, TIMEOUT)
        wait_for_drawings(page)
        path = out / f"{name}-{viewport['width']}x{viewport['height']}.png"
        page.screenshot(path=path, full_page=True)
        return path
    finally:
        context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="screenshots", help="folder for the PNG files (default: screenshots/)")
    parser.add_argument("--url", help="base URL of a running app; by default one is started on a fresh database")
    parser.add_argument("--sample", metavar="YYYY-MM-DD", help="load the sample data up to this day first")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        url = args.url.rstrip("/") if args.url else None
        if url is None:
            url = stack.enter_context(
                running_app(Path(stack.enter_context(tempfile.TemporaryDirectory())), sample_until=args.sample)
            )
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        for name, path, viewport in SHOTS:
            print(shoot(browser, url + path, out, name, viewport))
    return 0


if __name__ == "__main__":
    sys.exit(main())
