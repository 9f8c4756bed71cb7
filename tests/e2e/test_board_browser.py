"""The leaders' board in a real browser, with the sample data: the overview, and meeting mode stepped by the keys."""

import pytest
from playwright.sync_api import expect

from nq57 import fmt
from tests.e2e.server import open_documents, running_app, wait_for_app

PROJECTOR = {"width": 1280, "height": 720}
# Each key press reruns the page; on a loaded machine (the whole suite at once) a rerun can take more than the
# default 5 s. A key pressed while the page is still drawing can be lost (seen twice under `make test`), so each press
# waits for the run to finish, as a presenter sees the page before pressing again.
STEP = 20_000


@pytest.fixture(scope="module")
def sample_url(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("sample-app"), sample_until="2026-11-30") as url:
        yield url


@pytest.fixture
def projector(browser):
    context = browser.new_context(viewport=PROJECTOR, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def test_overview_on_a_projector_marks_sample_data_and_colours_the_cards(projector, sample_url, tmp_path):
    page = projector
    page.goto(sample_url + "/")
    wait_for_app(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_text(fmt.SAMPLE_MARK + ".", exact=False).first).to_be_visible()
    # Every headline card carries its status colour on its left edge.
    cards = page.locator(".nq-card")
    expect(cards).to_have_count(9)
    green, red = page.locator(".nq-card.nq-green").first, page.locator(".nq-card.nq-red").first
    expect(green).to_be_visible()
    expect(red).to_be_visible()
    # The colour is drawn: a thick left edge, and the nine cards three to a row, each of a real size.
    assert green.evaluate("e => getComputedStyle(e).borderLeftWidth") == "12px"
    boxes = [cards.nth(i).bounding_box() for i in range(9)]
    assert len({round(b["y"]) for b in boxes}) == 3 and all(b["width"] > 250 and b["height"] > 150 for b in boxes)
    expect(page.get_by_text("Thay đổi so với Quý", exact=False).first).to_be_visible()
    # Beside the cards, the side column (one HTML block): the two counts of tasks past due side by side.
    numbers = page.locator(".nq-side .nq-pair .nq-big")
    expect(numbers).to_have_count(2)
    left, right = numbers.nth(0).bounding_box(), numbers.nth(1).bounding_box()
    assert abs(left["y"] - right["y"]) < 2 and left["x"] + left["width"] <= right["x"] and left["height"] > 30
    # The meeting pack is folded under its heading; a click opens it and builds its buttons.
    open_documents(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải bản in (PDF)").click()
    assert download.value.suggested_filename.startswith("bao_cao_hop_NQ57_")
    assert download.value.suggested_filename.endswith(".pdf")
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"
    shot = tmp_path / "tong-quan.png"
    page.screenshot(path=shot, full_page=True)
    assert shot.stat().st_size > 20_000


def test_meeting_mode_steps_with_the_arrow_keys(projector, sample_url, tmp_path):
    page = projector
    page.goto(sample_url + "/che-do-hop")
    wait_for_app(page)
    expect(page.locator("h1")).to_have_text("Tổng quan", timeout=STEP)
    page.screenshot(path=tmp_path / "che-do-hop-1.png")
    page.locator("h1").click()  # the keys go to the page, not to a widget
    page.keyboard.press("ArrowRight")
    expect(page.locator("h1")).to_have_text("Chỉ tiêu chậm tiến độ", timeout=STEP)
    wait_for_app(page)  # the page has finished drawing, as a presenter sees it, before the next key
    page.keyboard.press("ArrowRight")
    expect(page.locator("h1")).to_have_text("Nhiệm vụ đã qua hạn", timeout=STEP)
    wait_for_app(page)  # the page has finished drawing, as a presenter sees it, before the next key
    page.keyboard.press("ArrowRight")
    expect(page.locator("h1")).to_have_text("Thôn, bản chưa có sóng", timeout=STEP)
    wait_for_app(page)
    page.screenshot(path=tmp_path / "che-do-hop-4.png")
    page.keyboard.press("ArrowLeft")
    expect(page.locator("h1")).to_have_text("Nhiệm vụ đã qua hạn", timeout=STEP)
    # The two counts in meeting mode's large type (the page's own rule for paragraphs must not shrink them).
    numbers = page.locator(".nq-side .nq-big")
    expect(numbers).to_have_count(2)
    assert all(numbers.nth(i).bounding_box()["height"] > 40 for i in range(2))
    assert numbers.first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 40
    expect(page.get_by_test_id("stException")).to_have_count(0)
