"""An official searches the register from the navigation bar of the pages
and from the admin's header, on a laptop and on a phone."""

import pytest

from tests.e2e.conftest import log_in, screenshot

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def assert_no_horizontal_overflow(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"


@pytest.mark.parametrize("size, name", [(LAPTOP, "laptop"), (PHONE, "phone")])
def test_an_official_searches_a_misspelt_partner_from_the_navigation_bar(page, size, name):
    page.set_viewport_size(size)
    log_in(page, "pimpinan")
    page.goto("/")
    if size is PHONE:
        page.get_by_role("button", name="Menu").click()
    box = page.get_by_role("searchbox", name="Cari di register")
    box.fill("Hamamatsu")
    box.press("Enter")
    page.wait_for_url("**/cari/?q=Hamamatsu")
    partners = page.get_by_role("region", name="Mitra")
    assert partners.get_by_role("link", name="Kota Hamamatsu").count() == 1
    assert page.get_by_role("region", name="Pertemuan").get_by_role("link").count() >= 2
    screenshot(page, f"search-{name}")
    assert_no_horizontal_overflow(page)

    partners.get_by_role("link", name="Kota Hamamatsu").click()
    page.wait_for_url("**/mitra/*/")
    assert page.locator("h1", has_text="Kota Hamamatsu").count() == 1


@pytest.mark.parametrize("size, name", [(LAPTOP, "laptop"), (PHONE, "phone")])
def test_a_staff_member_searches_from_the_admin_header(page, size, name):
    page.set_viewport_size(size)
    log_in(page, "staf.dlhk")
    page.goto("/admin/")
    box = page.get_by_role("searchbox", name="Cari di register")
    assert box.is_visible()
    screenshot(page, f"admin-search-box-{name}")
    assert_no_horizontal_overflow(page)
    box.fill("Kanasugi")
    page.get_by_role("search").get_by_role("button", name="Cari").click()
    page.wait_for_url("**/cari/?q=Kanasugi")
    people = page.get_by_role("region", name="Orang")
    assert people.get_by_text("Kenji Kanasugi").count() == 1
    screenshot(page, f"admin-search-{name}")
    assert_no_horizontal_overflow(page)


def test_a_too_short_search_says_so(page):
    log_in(page, "pimpinan")
    page.goto("/cari/?q=a")
    assert page.get_by_role("status").filter(has_text="Ketik paling sedikit 2 huruf atau angka").count() == 1
