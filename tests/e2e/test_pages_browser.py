"""In a real browser every page opens without error, shows its title and key figure, and the top navigation works."""

import pytest
from playwright.sync_api import expect

from tests.accounts import ADMIN
from tests.e2e.server import running_app, sign_in, wait_for_app

PAGES = [
    pytest.param("/", "Tổng quan", {"Nhiệm vụ đã hoàn thành": "137/240"}, (), id="tong-quan"),
    pytest.param("/che-do-hop", "Tổng quan", {"Bản chưa có băng rộng di động": "8"}, (), id="che-do-hop"),
    pytest.param("/chi-tieu", "Chỉ tiêu", {}, ("Tỷ lệ phủ sóng 5G trên địa bàn", "≥ 45%"), id="chi-tieu"),
    pytest.param("/nhiem-vu", "Nhiệm vụ", {"Sổ nhiệm vụ: đã hoàn thành": "0/62", "Quá hạn": "0"}, (), id="nhiem-vu"),
    pytest.param("/ban-do", "Bản đồ phủ sóng", {"Bản chưa có băng rộng di động": "8"}, (), id="ban-do"),
]


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def metric_value(page, label: str):
    """The value of the card whose label is exactly `label`: a st.metric card, or a headline card of the board
    (components.cards, one HTML block)."""
    labelled = page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    metric = page.get_by_test_id("stMetric").filter(has=labelled).get_by_test_id("stMetricValue")
    headline = page.locator(".nq-card").filter(has=page.locator(".nq-label", has_text=label)).locator(".nq-value")
    return metric.or_(headline)


def first_visible_table_cells(page, texts: tuple[str, ...]) -> list:
    """Cells holding these texts in the first table currently shown (tables in hidden tabs are skipped)."""
    table = page.locator('[data-testid="stDataFrame"]:visible').first
    return [table.get_by_text(text, exact=True).first for text in texts]


def first_table_cells(page, texts: tuple[str, ...]) -> list:
    """Cells of the page's first dataframe holding exactly these texts.

    The grid paints on a canvas and mirrors only the rows in view as hidden accessible cells, so it is
    scrolled a few rows first to bring the rows of interest into that mirror.
    """
    table = page.get_by_test_id("stDataFrame").first
    table.hover()
    page.mouse.wheel(0, 300)
    return [table.get_by_text(text, exact=True).first for text in texts]


@pytest.mark.parametrize(("path", "title", "metrics", "cells"), PAGES)
def test_page_shows_title_and_key_figure(page, app_url, path, title, metrics, cells):
    open_page(page, app_url + path)
    expect(page.locator("h1")).to_have_text(title)
    for label, value in metrics.items():
        expect(metric_value(page, label)).to_be_visible()
        expect(metric_value(page, label)).to_have_text(value)
    if cells:
        for cell in first_table_cells(page, cells):
            expect(cell).to_be_attached()


def test_coverage_map_draws_offline(page, app_url):
    """With every request beyond localhost refused, the map still draws and nothing tries to go out."""
    outside = []

    def refuse(route):
        outside.append(route.request.url)
        route.abort()

    page.route(lambda url: not url.startswith(app_url), refuse)
    open_page(page, app_url + "/ban-do")
    expect(page.locator('[data-testid="stDeckGlJsonChart"] canvas').first).to_be_attached()
    expect(page.get_by_text("Danh sách thôn, bản (8)")).to_be_visible()
    assert outside == []


def test_top_navigation_goes_from_overview_to_tasks(page, app_url):
    open_page(page, app_url + "/")
    expect(page.locator("h1")).to_have_text("Tổng quan")
    page.get_by_role("link", name="Nhiệm vụ", exact=True).click()
    expect(page.locator("h1")).to_have_text("Nhiệm vụ")
    expect(page).to_have_url(app_url + "/nhiem-vu")
    wait_for_app(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_a_bookmarked_page_opens_first_on_a_fresh_server(browser, tmp_path):
    """The first visit after a restart may be a deep link: it opens that page with no 'Page not found' dialog."""
    with running_app(tmp_path) as url:
        context = browser.new_context(viewport={"width": 1600, "height": 900}, locale="vi-VN")
        page = context.new_page()
        try:
            open_page(page, url + "/ban-do")
            expect(page.locator("h1")).to_have_text("Bản đồ phủ sóng")
            expect(page.get_by_text("Page not found")).to_have_count(0)
        finally:
            context.close()


def test_returns_page_history_lists_the_baseline_to_an_administrator(page, app_url):
    # A clerk's history lists only their unit's files (tests/test_returns_page.py); an administrator's, every file.
    sign_in(page, app_url, ADMIN.username)
    page.get_by_role("link", name="Nộp báo cáo", exact=True).click()
    wait_for_app(page)
    expect(page.locator("h1")).to_have_text("Nộp báo cáo")
    expect(page.get_by_role("button", name="Tải mẫu (.xlsx)")).to_be_visible()
    page.get_by_role("tab", name="Lịch sử tải lên").click()
    for cell in first_visible_table_cells(page, ("nq57_baseline.xlsx", "Dữ liệu gốc")):
        expect(cell).to_be_attached()


def test_task_register_tabs_in_the_browser(page, app_url, tmp_path):
    open_page(page, app_url + "/nhiem-vu")
    expect(page.get_by_text("nhiệm vụ đã qua hạn chưa có báo cáo (lâu nhất trước", exact=False)).to_be_visible()
    page.get_by_role("tab", name="Theo cơ quan").click()
    expect(page.get_by_text("Cơ quan phối hợp", exact=True).first).to_be_visible()
    page.get_by_role("tab", name="Chi tiết nhiệm vụ").click()
    expect(page.get_by_text("Chưa có báo cáo tiến độ nào cho nhiệm vụ này.")).to_be_visible()
    shot = tmp_path / "nhiem-vu.png"
    page.screenshot(path=shot, full_page=True)
    assert shot.stat().st_size > 20_000
    expect(page.get_by_test_id("stException")).to_have_count(0)
