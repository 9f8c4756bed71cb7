"""The coverage map in a real browser with the network cut: it draws, lists the villages and drills into a commune."""

import io
import re
import time

from PIL import Image
from playwright.sync_api import expect

from tests.e2e.server import wait_for_app

DECK = '[data-testid="stDeckGlJsonChart"]'


def offline(page, app_url: str) -> list[str]:
    """Refuse every request that does not go to the app itself; the list collects what was tried."""
    outside: list[str] = []

    def refuse(route):
        outside.append(route.request.url)
        route.abort()

    page.route(lambda url: not url.startswith(app_url), refuse)
    return outside


def drawn_colours(page) -> int:
    """How many distinct colours the map's canvas shows (a blank or failed WebGL canvas has one or two)."""
    shot = page.locator(DECK).first.screenshot()
    return len(Image.open(io.BytesIO(shot)).convert("RGB").getcolors(maxcolors=1 << 20) or [])


# True once deck.gl has sized its canvas to the chart: as wide as its container on screen, and its drawing buffer
# resized to match (a canvas deck.gl has not laid out yet is the browser's default 300 px).
CANVAS_FILLS_CHART = """deck => {
    const canvas = deck.querySelector("canvas");
    if (!canvas) return false;
    const shown = canvas.getBoundingClientRect().width, chart = deck.getBoundingClientRect().width;
    return chart > 0 && Math.abs(shown - chart) < 1
        && Math.abs(canvas.width - Math.round(shown * window.devicePixelRatio)) <= 1;
}"""


def wait_for_map(page, timeout: float = 15) -> int:
    """Wait until the script run has finished, the map's canvas fills its chart, and deck.gl has painted its layers
    on it (it draws on later animation frames); returns how many colours the canvas shows. Polls the screenshot
    (each takes a frame) until it shows more than 50 colours or the time is up."""
    wait_for_app(page)
    page.wait_for_function(CANVAS_FILLS_CHART, arg=page.locator(DECK).first.element_handle(), timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    colours = drawn_colours(page)
    while colours <= 50 and time.monotonic() < deadline:
        colours = drawn_colours(page)
    return colours


def choose_commune(page, name: str) -> None:
    box = page.get_by_role("combobox", name=re.compile("^Xã, phường"))
    box.click()
    page.get_by_role("option", name=name, exact=True).click()
    wait_for_app(page)


def test_map_draws_offline_and_drills_into_a_commune(page, app_url, tmp_path):
    outside = offline(page, app_url)
    page.goto(app_url + "/ban-do")
    wait_for_app(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    canvas = page.locator(f"{DECK} canvas").first
    expect(canvas).to_be_visible()
    expect(page.get_by_text("Danh sách thôn, bản (8)")).to_be_visible()
    colours = wait_for_map(page)
    assert canvas.bounding_box()["width"] > 600
    assert colours > 50  # communes, outline, labels and the village markers, not a blank canvas
    page.screenshot(path=tmp_path / "ban-do.png", full_page=True)

    choose_commune(page, "Xã Nậm Hàng")
    expect(page.get_by_text("Xã Nậm Hàng: 2 thôn, bản")).to_be_visible()
    expect(page.get_by_text("Nậm Po: thông tin và nguồn")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert wait_for_map(page) > 50  # drawn again, zoomed to the commune
    shot = tmp_path / "ban-do-nam-hang.png"
    page.screenshot(path=shot, full_page=True)
    assert shot.stat().st_size > 50_000
    assert outside == []
