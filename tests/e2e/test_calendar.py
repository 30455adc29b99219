"""An official opens the calendar on a laptop and on a phone: the demo's
planned audience with Hamamatsu on its day, the month, week and agenda
views, the filters kept while moving on, and no page wider than the screen."""

from bandung_coop.demo import PLANNED_VISIT_TITLE
from tests.e2e.conftest import LAPTOP, PHONE, accessibility_problems, horizontal_overflow, log_in, screenshot


def assert_reads_well(page) -> None:
    """No sideways scrolling (``scrollWidth <= innerWidth``), no serious WCAG 2.1 AA violation."""
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, horizontal_overflow(page)
    assert accessibility_problems(page) == []


def test_an_official_reads_the_calendar_on_a_laptop(page):
    log_in(page, "pimpinan")
    page.set_viewport_size(LAPTOP)
    page.goto("/")
    page.get_by_role("link", name="Kalender", exact=True).click()
    page.wait_for_url("**/kalender/")
    assert page.locator("[aria-current=date]").count() >= 1
    assert_reads_well(page)

    page.goto("/kalender/?view=month&date=2027-02-01")
    assert page.locator("h2#period-title").inner_text() == "Februari 2027"
    grid = page.locator("table.calendar-grid")
    assert grid.is_visible()
    assert grid.locator("thead th").all_inner_texts()[:2] == ["Senin", "Selasa"]
    day = grid.locator("td", has=page.locator("time[datetime='2027-02-15']"))
    meeting = day.get_by_role("link", name=PLANNED_VISIT_TITLE)
    assert meeting.is_visible()
    assert "Pertemuan" in meeting.inner_text()
    assert "10.00" in meeting.inner_text()
    assert page.locator(".calendar-list--narrow").is_hidden()
    assert page.locator("[data-print]").is_visible()
    assert_reads_well(page)
    screenshot(page, "calendar-month-laptop")

    # Printed: the grid alone, without the navigation, the filters and the buttons.
    page.emulate_media(media="print")
    assert grid.is_visible()
    assert page.locator("nav.navbar").is_hidden()
    assert page.locator("form.filter-form").is_hidden()
    assert page.locator("[data-print]").is_hidden()
    page.emulate_media(media="screen")

    # The filter stays while moving to the next month and to the week view.
    page.select_option("#id_partner", label="Kota Hamamatsu")
    page.get_by_role("button", name="Saring").click()
    page.wait_for_url("**partner=*")
    assert "date=2027-02-01" in page.url
    assert meeting.is_visible()
    page.get_by_role("link", name="Bulan berikutnya").click()
    page.wait_for_url("**date=2027-03-01**")
    assert "partner=" in page.url
    assert page.locator("#id_partner option:checked").inner_text() == "Kota Hamamatsu"
    page.get_by_role("link", name="Bulan sebelumnya").click()
    page.wait_for_url("**date=2027-02-01**")
    page.get_by_role("link", name="Mingguan").click()
    page.wait_for_url("**view=week&date=2027-02-01**")
    for monday in ("2027-02-08", "2027-02-15"):
        page.get_by_role("link", name="Minggu berikutnya").click()
        page.wait_for_url(f"**date={monday}**")
    assert "partner=" in page.url
    week = page.locator("table.calendar-grid--week")
    assert week.is_visible()
    assert week.get_by_role("link", name=PLANNED_VISIT_TITLE).count() == 1
    assert_reads_well(page)
    screenshot(page, "calendar-week-laptop")

    week.get_by_role("link", name=PLANNED_VISIT_TITLE).click()
    page.wait_for_url("**/pertemuan/*/")
    assert page.locator("h1").inner_text() == PLANNED_VISIT_TITLE

    # A follow-up of the demo, due on the last day of 2026.
    page.goto("/kalender/?view=agenda&date=2026-12-01")
    agenda = page.locator(".calendar-list")
    assert agenda.locator("time[datetime='2026-12-31']").count() == 1
    assert "Tindak lanjut jatuh tempo" in agenda.inner_text()
    screenshot(page, "calendar-agenda-laptop")


def test_an_official_reads_the_calendar_on_a_phone(page):
    log_in(page, "pimpinan")
    page.set_viewport_size(PHONE)
    for view in ("month", "week", "agenda"):
        page.goto(f"/kalender/?view={view}&date=2027-02-15")
        # The seven columns do not fit a phone: its days are listed instead.
        assert page.locator("table.calendar-grid").count() == (0 if view == "agenda" else 1)
        assert page.locator("table.calendar-grid").is_hidden()
        listed = page.locator(".calendar-list")
        assert listed.is_visible()
        assert listed.get_by_role("link", name=PLANNED_VISIT_TITLE).is_visible()
        assert_reads_well(page)
        screenshot(page, f"calendar-{view}-phone")
