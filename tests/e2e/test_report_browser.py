"""The quarterly report draft in a real browser: a leader picks Quý I/2026 on the overview, drafts the report, watches
it build and downloads the Word file; the public board offers no such button."""

from playwright.sync_api import expect

from tests.accounts import LEADER
from tests.e2e.server import open_documents, sign_in, wait_for_app
from tests.report_docx import paragraphs

# The draft queries every indicator and task of the quarter and writes a .docx: on a loaded machine (the whole suite
# at once) that takes longer than the default 15 s of conftest.py.
BUILD = 90_000


def has_size(locator) -> None:
    """The element is on screen and laid out: a real width and height, not a placeholder of zero size."""
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box is not None and box["width"] > 20 and box["height"] > 10, box


def choose_quarter(page, label: str) -> None:
    """Pick a quarter in the overview's 'Kỳ xem': quarters are the default kind of period; the selectbox beside it
    shows no label of its own on screen."""
    expect(page.get_by_role("radiogroup", name="Kỳ xem").get_by_role("radio", name="Quý", exact=True)).to_be_checked()
    box = page.get_by_role("combobox", name="Kỳ", exact=True)
    box.click()
    # Typing opens the list even when the click lands while the page is still settling (seen once on a busy machine).
    box.press_sequentially(label)
    page.get_by_role("option", name=label, exact=True).click()
    # The caption names the new period once the rerun has begun; then wait for that run to finish.
    expect(page.get_by_text(f"Kỳ xem: {label},", exact=False)).to_be_visible()
    wait_for_app(page)


def test_a_leader_drafts_the_first_quarter_of_2026_and_downloads_it(browser, app_url):
    # The draft only reads the database: the session's server will do.
    context = browser.new_context(viewport={"width": 1600, "height": 900}, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    try:
        sign_in(page, app_url, LEADER.username)
        page.get_by_role("link", name="Tổng quan", exact=True).first.click()
        wait_for_app(page)
        expect(page.locator("h1")).to_have_text("Tổng quan")
        choose_quarter(page, "Quý I/2026")
        open_documents(page)

        expect(page.get_by_text("Dự thảo báo cáo quý", exact=True)).to_be_visible()
        expect(page.get_by_label("Nhóm phụ lục chỉ tiêu theo bộ chỉ tiêu quốc gia")).not_to_be_checked()
        build = page.locator(".st-key-report-build").get_by_role("button")
        expect(build).to_contain_text("Soạn dự thảo báo cáo Quý I/2026")
        expect(page.locator(".st-key-report-download")).to_have_count(0)  # nothing to download before the draft
        build.click()

        # The status box says the draft is done and the download button appears once the file is built.
        download_button = page.locator(".st-key-report-download").get_by_role("button")
        expect(download_button).to_be_visible(timeout=BUILD)
        wait_for_app(page, timeout=BUILD)
        # The status box, inside the box of documents (which holds its text too): the innermost one.
        status = page.get_by_test_id("stExpander").filter(has_text="Đã soạn xong dự thảo báo cáo Quý I/2026").last
        expect(status).to_be_visible()
        status.locator("summary").click()  # the box folds itself when done; its progress bar reads "Đã xong"
        expect(status.get_by_test_id("stProgress")).to_contain_text("Đã xong")
        has_size(status.get_by_test_id("stProgress"))
        expect(download_button).to_contain_text("Tải dự thảo báo cáo (Word)")
        has_size(download_button)
        expect(page.get_by_test_id("stException")).to_have_count(0)

        with page.expect_download() as download:
            download_button.click()
        assert download.value.suggested_filename == "du_thao_bao_cao_NQ57_2026-Q1.docx"
        data = open(download.value.path(), "rb").read()
        assert data[:2] == b"PK"  # a .docx is a zip
        text = "\n".join(paragraphs(data))
        assert "Hoàn thành 137/240 nhiệm vụ được giao" in text
        assert "Tốc độ tăng trưởng GRDP: 9,6% (Quý I/2026)" in text
    finally:
        context.close()


def test_the_public_board_offers_no_report_draft(page, app_url):
    page.goto(app_url + "/")
    wait_for_app(page)
    expect(page.locator("h1")).to_have_text("Tổng quan")
    # The end of the page is drawn (the meeting pack is public), and the draft is not there.
    expect(page.get_by_text("Tài liệu cho cuộc họp", exact=True)).to_be_visible()
    expect(page.locator(".st-key-pack-pdf")).to_have_count(0)  # folded: not built until opened
    open_documents(page)
    has_size(page.locator(".st-key-pack-pdf").get_by_role("button"))
    expect(page.get_by_text("Dự thảo báo cáo quý", exact=True)).to_have_count(0)
    expect(page.get_by_label("Nhóm phụ lục chỉ tiêu theo bộ chỉ tiêu quốc gia")).to_have_count(0)
    expect(page.locator(".st-key-report-build")).to_have_count(0)
    expect(page.get_by_role("button", name="Soạn dự thảo báo cáo", exact=False)).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)
