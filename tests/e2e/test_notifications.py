"""One user changes a DLHK meeting in the admin; DLHK's staff member sees the
bell's count and the notification, on a laptop and on a phone, and opening
it leads to the meeting."""

import re

import pytest

from meetings.models import Meeting
from tests.e2e.conftest import log_in, screenshot


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)])
def test_a_change_by_the_cooperation_division_reaches_the_department_s_bell(page, width, height):
    page.set_viewport_size({"width": width, "height": height})
    meeting = Meeting.objects.filter(owner_department__acronym="DLHK").order_by("pk").first()

    log_in(page, "kerjasama")
    page.goto(f"/admin/meetings/meeting/{meeting.pk}/change/")
    page.fill("#id_place", "Pendopo Kota Bandung")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r".*/admin/meetings/meeting/$"))
    # The writer is not told of their own change.
    assert page.locator(".notification-count").count() == 0

    page.context.clear_cookies()
    log_in(page, "staf.dlhk")
    assert page.locator("#user-tools .notification-count").inner_text() == "1"
    page.goto("/")
    bell = page.locator("a.notification-bell")
    assert bell.is_visible()
    assert bell.get_attribute("aria-label") == "Notifikasi: 1 belum dibaca"
    assert page.locator(".notification-count").inner_text() == "1"
    screenshot(page, f"notification-bell-{width}x{height}")

    bell.click()
    page.wait_for_url("**/notifikasi/")
    item = page.locator(".notification-unread")
    assert item.count() == 1
    assert meeting.title in item.inner_text()
    assert "kerjasama mengubah pertemuan ini: tempat" in item.inner_text()
    screenshot(page, f"notifications-{width}x{height}")

    item.locator("a.notification-link").click()
    page.wait_for_url(f"**/pertemuan/{meeting.pk}/")
    assert page.locator(".notification-count").count() == 0
    page.goto("/notifikasi/")
    assert page.locator(".notification-unread").count() == 0
