"""A user's own account in a real browser: change the password, sign out, sign in only with the new one."""

from playwright.sync_api import expect

from tests.accounts import LEADER, PASSWORD
from tests.e2e.server import running_app, sign_in, wait_for_app

NEW_PASSWORD = "mat-khau-moi-cua-lanh-dao"


def test_a_user_changes_their_password_signs_out_and_signs_in_with_the_new_one(browser, tmp_path):
    # A server of its own: this journey writes to the database.
    with running_app(tmp_path) as url:
        context = browser.new_context(viewport={"width": 1600, "height": 900}, locale="vi-VN")
        page = context.new_page()
        try:
            sign_in(page, url, LEADER.username)
            page.get_by_role("link", name=LEADER.full_name, exact=True).click()
            wait_for_app(page)
            expect(page.locator("h1")).to_have_text("Tài khoản")
            page.get_by_label("Mật khẩu hiện tại").fill(PASSWORD)
            page.get_by_label("Mật khẩu mới (ít nhất 10 ký tự)").fill(NEW_PASSWORD)
            page.get_by_label("Nhập lại mật khẩu mới").fill(NEW_PASSWORD)
            page.get_by_role("button", name="Đổi mật khẩu", exact=True).click()
            wait_for_app(page)
            expect(page.get_by_text("Đã đổi mật khẩu.")).to_be_visible()
            page.get_by_role("button", name="Đăng xuất", exact=True).click()
            wait_for_app(page)
            expect(page.get_by_role("link", name="Đăng nhập", exact=True)).to_be_visible()
            # The old password no longer opens the account; the new one does.
            page.goto(url + "/dang-nhap")
            wait_for_app(page)
            page.get_by_label("Tên đăng nhập").fill(LEADER.username)
            page.get_by_label("Mật khẩu").fill(PASSWORD)
            page.get_by_role("button", name="Đăng nhập", exact=True).click()
            wait_for_app(page)
            expect(page.get_by_text("Sai tên đăng nhập hoặc mật khẩu.")).to_be_visible()
            sign_in(page, url, LEADER.username, NEW_PASSWORD)
            expect(page.get_by_role("link", name=LEADER.full_name, exact=True)).to_be_visible()
        finally:
            context.close()
