"""A clerk's month in a real browser: download the template, fill it, upload it, preview, confirm, see the figure."""

import contextlib
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from nq57.workbook_format import OBSERVATIONS
from tests.accounts import ADMIN, CLERK, COMMUNE_CLERK, LEADER
from tests.e2e.server import running_app, sign_in, wait_for_app


@contextlib.contextmanager
def signed_in(browser, url: str, username: str, downloads: bool = False):
    """A page of a browser context of its own, signed in as the given account; the context is closed afterwards."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="vi-VN", accept_downloads=downloads)
    try:
        page = context.new_page()
        sign_in(page, url, username)
        yield page
    finally:
        context.close()


def fill_template(path, values: dict[str, object]) -> bytes:
    """The template with the value cell of each listed indicator filled, as a clerk would type it."""
    wb = load_workbook(io.BytesIO(path.read_bytes()))  # the download has no .xlsx suffix on disk
    ws = wb["Số liệu"]
    header = [c.value for c in ws[1]]
    code_col, value_col = header.index("Mã chỉ tiêu"), header.index("Giá trị")
    for row in ws.iter_rows(min_row=2):
        if row[code_col].value in values:
            row[value_col].value = values[row[code_col].value]
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(page, name: str, data: bytes) -> None:
    """Put a file in the returns page's picker and wait for its check."""
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        {"name": name, "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "buffer": data}
    )
    wait_for_app(page)


def confirm(page, rows: int, upload_id: int = 2) -> None:
    """Confirm the previewed return in its dialog and wait for the page to say it landed (the baseline is upload 1)."""
    page.get_by_role("button", name="Xác nhận nhập báo cáo").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(f"Nhập {rows} dòng")
    dialog.get_by_role("button", name="Nhập", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text(f"Đã nhập lần số {upload_id}")).to_be_visible()


def overview_card(page, code: str):
    """The headline card of an indicator on the overview (components.cards: it carries its code)."""
    page.get_by_role("link", name="Tổng quan", exact=True).first.click()
    wait_for_app(page)
    return page.locator(f'.nq-card[data-code="{code}"]')


def test_clerk_sends_a_return_and_sees_it_on_the_overview(browser, tmp_path):
    # A server of its own: this journey writes to the database.
    with running_app(tmp_path) as url:
        with signed_in(browser, url, CLERK.username, downloads=True) as page:
            page.get_by_role("link", name="Nộp báo cáo", exact=True).click()
            wait_for_app(page)
            # A clerk reports for their own unit: the only one offered.
            page.get_by_test_id("stSelectbox").filter(has_text="Đơn vị báo cáo").click()
            expect(page.get_by_role("option")).to_have_count(1)
            page.get_by_role("option", name="Sở Khoa học và Công nghệ", exact=True).click()
            wait_for_app(page)
            with page.expect_download() as download:
                page.get_by_role("button", name="Tải mẫu (.xlsx)").click()
            filled = fill_template(download.value.path(), {"BAN_CHUA_BRDD": "5"})

            expect(page.get_by_text(f"Người nộp: {CLERK.full_name}")).to_be_visible()
            upload(page, "bao_cao_skhcn.xlsx", filled)
            expect(page.get_by_text("Tệp hợp lệ: báo cáo của")).to_be_visible()
            expect(page.get_by_test_id("stMetric").filter(has_text="Mới").get_by_test_id("stMetricValue")).to_have_text(
                "1"
            )
            confirm(page, rows=1)
            card = overview_card(page, "BAN_CHUA_BRDD")
            expect(card.locator(".nq-value")).to_have_text("5")
            expect(card).to_contain_text("báo cáo tải lên “bao_cao_skhcn.xlsx”")


def test_a_commune_sends_its_template_saved_by_libreoffice(browser, tmp_path):
    """The month most communes send: the template as downloaded, only the indicator values typed in, the village rows
    untouched (fibre and grid power blank), saved once by LibreOffice; previewed, confirmed, on the board."""
    from tests.office import resave

    with running_app(tmp_path) as url:
        with signed_in(browser, url, COMMUNE_CLERK.username, downloads=True) as page:
            page.get_by_role("link", name="Nộp báo cáo", exact=True).click()
            wait_for_app(page)
            with page.expect_download() as download:
                page.get_by_role("button", name="Tải mẫu (.xlsx)").click()
            values = {code: "62,5" for code in ("TTHC_TRUCTUYEN", "VNEID", "HT_4G_THON", "CBX_MAYTINH_CKS")}
            filled = resave(fill_template(download.value.path(), values | {"NL_CBCCXA_KNS": 70}), tmp_path / "lo")
            upload(page, "bao_cao_ta_tong.xlsx", filled)
            expect(page.get_by_text("Tệp hợp lệ: báo cáo của")).to_be_visible()
            expect(page.get_by_text("Đã có lỗi ngoài dự kiến")).to_have_count(0)
            new = page.get_by_test_id("stMetric").filter(has_text="Mới").get_by_test_id("stMetricValue")
            expect(new).to_have_text("5")
            expect(page.get_by_text("Thôn, bản (1 dòng)")).to_be_visible()  # the village row, unchanged
            confirm(page, rows=6)
            # One commune of 38: the province's VNeID is a provisional sum and says so on its card.
            card = overview_card(page, "VNEID")
            expect(card.locator(".nq-value")).to_have_text("62,5%")
            expect(card).to_contain_text("Tạm tính, 1/38 xã, phường")


def test_a_later_return_supersedes_and_its_rollback_brings_the_earlier_figure_back(browser, tmp_path):
    """A commune sends its month twice (the second corrects the first); the administrator rolls the correction back
    and the board shows the first figure again, with its own file as the source."""

    def send(page, value: str, name: str, upload_id: int) -> None:
        page.get_by_role("link", name="Nộp báo cáo", exact=True).click()
        wait_for_app(page)
        with page.expect_download() as download:
            page.get_by_role("button", name="Tải mẫu (.xlsx)").click()
        upload(page, name, fill_template(download.value.path(), {"VNEID": value}))
        expect(page.get_by_text("Tệp hợp lệ: báo cáo của")).to_be_visible()
        confirm(page, rows=2, upload_id=upload_id)  # the figure and the template's village row

    with running_app(tmp_path) as url:
        with signed_in(browser, url, COMMUNE_CLERK.username, downloads=True) as page:
            send(page, "62,5", "lan_dau.xlsx", 2)
            send(page, "70", "sua_lai.xlsx", 3)
            card = overview_card(page, "VNEID")
            expect(card.locator(".nq-value")).to_have_text("70%")
            expect(card).to_contain_text("“sua_lai.xlsx”")
        with signed_in(browser, url, ADMIN.username) as page:
            page.get_by_role("link", name="Nộp báo cáo", exact=True).click()
            wait_for_app(page)
            page.get_by_role("tab", name="Lịch sử tải lên").click()
            page.get_by_role("button", name="Hoàn tác", exact=True).click()
            dialog = page.get_by_role("dialog")
            expect(dialog).to_contain_text("Lần 3: sua_lai.xlsx")  # the newest load, chosen first
            dialog.get_by_role("button", name="Hoàn tác", exact=True).click()
            wait_for_app(page)
            card = overview_card(page, "VNEID")
            expect(card.locator(".nq-value")).to_have_text("62,5%")
            expect(card).to_contain_text("“lan_dau.xlsx”")


def test_a_hostile_file_gets_a_message_and_the_server_keeps_answering(browser, tmp_path):
    """A 6 kB sheet with one cell at XFD60000 once made calamine abort the process; now it is refused up front."""
    from tests import hostile
    from tests.workbooks import return_workbook

    labels = [c.label for c in OBSERVATIONS.columns]
    corner = b'<row r="60000"><c r="XFD60000"><v>1</v></c></row>'
    part = hostile.Part("", [hostile.SHEET_HEAD, hostile.header_row(labels), corner], tail=hostile.SHEET_TAIL)
    valid = return_workbook(
        "SKHCN", "2026-05", observations=[{"indicator_code": "HT_5G", "unit_code": "12", "value": 1}]
    )
    data = hostile.with_sheet(valid, "Số liệu", part)
    with running_app(tmp_path) as url:
        with signed_in(browser, url, CLERK.username) as page:
            # A new page load is a new session (signed out): go by the navigation.
            page.get_by_role("link", name="Nộp báo cáo", exact=True).click()
            wait_for_app(page)
            page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
                {"name": "goc_xa.xlsx", "mimeType": "application/octet-stream", "buffer": data}
            )
            expect(page.get_by_text("bị từ chối, chưa có gì được ghi")).to_be_visible()
            expect(page.get_by_role("alert")).to_contain_text("Có 1 lỗi cần sửa")
            # the grid mirrors its cells for assistive technology: the message is there in full
            expect(page.get_by_text("vượt quá cỡ của một báo cáo", exact=False).first).to_be_attached()
            page.get_by_role("link", name="Tổng quan", exact=True).first.click()
            wait_for_app(page)
            expect(page.locator("h1")).to_have_text("Tổng quan")


@pytest.mark.parametrize(
    ("user", "offered", "hidden"),
    [
        (LEADER, ["Tổng quan", "Chỉ tiêu"], ["Nộp báo cáo", "Quản trị"]),
        (CLERK, ["Tổng quan", "Nộp báo cáo"], ["Quản trị"]),
        (ADMIN, ["Tổng quan", "Nộp báo cáo", "Quản trị"], []),
    ],
    ids=["lanh-dao", "can-bo", "quan-tri"],
)
def test_each_role_signs_in_and_sees_only_what_it_may(browser, app_url, user, offered, hidden):
    context = browser.new_context(viewport={"width": 1600, "height": 900}, locale="vi-VN")
    page = context.new_page()
    try:
        page.goto(app_url + "/")
        wait_for_app(page)
        # Public board mode: the read-only pages without signing in, but no returns and no administration.
        for name in ("Nộp báo cáo", "Quản trị"):
            expect(page.get_by_role("link", name=name, exact=True)).to_have_count(0)
        sign_in(page, app_url, user.username)
        for name in offered:
            expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()
        for name in hidden:
            expect(page.get_by_role("link", name=name, exact=True)).to_have_count(0)
        expect(page.get_by_role("link", name=user.full_name, exact=True)).to_be_visible()
    finally:
        context.close()
