"""The coverage map in a real browser with the network cut: it draws, lists the villages and drills into a commune."""

import io
import re

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
    assert canvas.bounding_box()["width"] > 600
    expect(page.get_by_text("Danh sách thôn, bản (8)")).to_be_visible()
    page.wait_for_timeout(500)  # deck.gl paints on the next animation frames
    assert drawn_colours(page) > 50  # communes, outline, labels and the village markers, not a blank canvas
    page.screenshot(path=tmp_path / "ban-do.png", full_page=True)

    choose_commune(page, "Xã Nậm Hàng")
    expect(page.get_by_text("Xã Nậm Hàng: 2 thôn, bản")).to_be_visible()
    expect(page.get_by_text("Nậm Po: thông tin và nguồn")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    shot = tmp_path / "ban-do-nam-hang.png"
    page.screenshot(path=shot, full_page=True)
    assert shot.stat().st_size > 50_000
    assert outside == []
