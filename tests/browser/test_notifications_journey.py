"""Notifications clicked through in Chromium: a unit officer sees the bell's count, opens the list, marks one read,
opens another (its page opens and it is read), marks all read, and chooses e-mail at once — without a console
error or a Content-Security-Policy violation, on a computer's screen and on a phone's."""

import re

import pytest
from playwright.sync_api import expect

from thidua.accounts.domain import notifications
from thidua.accounts.models import EmailChoice, Role, User
from thidua.demo import builders as b

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", [(1366, 768), (390, 844)])
def test_the_bell_the_list_and_the_choice_of_e_mail(page, log_in, make_user, size):
    unit = b.unit("tb-a", "Sở Thử Nghiệm Thông Báo")
    officer = make_user("can-bo-thong-bao", (Role.UNIT_OFFICER, unit))
    for title, url in (("Khối thử nghiệm năm 2027: bắt đầu giai đoạn “Đăng ký thi đua”", "/cum-khoi/"),
                       ("Mở phiên bỏ phiếu: Suy tôn 2027", "/bo-phieu/"),
                       ("Hồ sơ “Đề nghị khen thưởng năm 2027” bị trả lại", "/ho-so/")):
        notifications.notify([officer], kind=notifications.PHASE, title=title, url=url,
                             body="Nội dung kèm theo thông báo.")
    log_in(page, "can-bo-thong-bao")
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.reload()
    if size[0] < 1200:  # the menu folds behind its button on a phone: wait until it has unfolded
        page.click(".navbar-toggler")
        expect(page.locator("#main-menu.show")).to_be_visible()
    expect(page.locator("#bell-count")).to_contain_text("3")
    page.click("#bell")
    page.wait_for_url("**/thong-bao/**")
    expect(page.locator("h1")).to_have_text("Thông báo")
    expect(page.locator("#notification-total")).to_have_text("Tổng: 3 thông báo")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size[0], f"the list scrolls sideways: {width} px in {size[0]} px"

    row = page.locator("#notifications tbody tr", has_text="Mở phiên bỏ phiếu")
    row.get_by_role("button", name="Đánh dấu đã đọc").click()
    expect(page.locator("#notifications tbody tr", has_text="Mở phiên bỏ phiếu")).to_contain_text("Đã đọc")
    assert notifications.unread_count(officer) == 2

    page.get_by_role("link", name="Khối thử nghiệm năm 2027: bắt đầu giai đoạn “Đăng ký thi đua”").click()
    expect(page).to_have_url(re.compile(r"/cum-khoi/$"))
    assert notifications.unread_count(officer) == 1

    page.goto("/thong-bao/")
    page.click("#notifications-read-all")
    expect(page.locator(".alert-success")).to_contain_text("Đã đánh dấu đã đọc 1 thông báo.")
    expect(page.locator("#bell-count")).to_have_count(0)

    page.click("#notification-settings")
    page.get_by_label("Gửi e-mail ngay khi có thông báo").check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu cách nhận thông báo qua e-mail.")
    assert User.objects.get(pk=officer.pk).notification_email == EmailChoice.IMMEDIATE
    assert page.problems == []
