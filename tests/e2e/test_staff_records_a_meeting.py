"""An OPD staff member records a meeting in the admin, with autocomplete
widgets, inline participants and a follow-up, and cannot edit another OPD's
meeting; the form fits a laptop's and a phone's width, every input on it has
a name, and logging a meeting takes a few clicks and no popup. The meeting
just logged is then found with the search box, its follow-up is in Tugas
saya, the meeting on the calendar, and a change by another user reaches the
staff member's notifications."""

import re

import pytest

from meetings.models import Meeting
from partnerships.models import Department, Person
from tests.e2e.conftest import log_in, screenshot

# Waits for the page's scripts: the assertion is tried again until it holds or times out.
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

# The controls of the meeting form a screen reader would announce without a
# name: the select2 elements are named by script, so they are read after it ran.
UNNAMED_CONTROLS = """() => {
    const textOf = (ids) => ids.split(/\\s+/).map((id) => {
        const element = document.getElementById(id);
        return element ? element.textContent : '';
    }).join(' ').trim();
    const nameOf = (element) => {
        if (element.getAttribute('aria-labelledby')) {
            return textOf(element.getAttribute('aria-labelledby'));
        }
        if (element.getAttribute('aria-label')) {
            return element.getAttribute('aria-label').trim();
        }
        const label = element.id && document.querySelector(`label[for="${element.id}"]`);
        if (label) {
            return label.textContent.trim();
        }
        return (element.closest('label') || {textContent: element.title || ''}).textContent.trim();
    };
    const controls = document.querySelectorAll(
        '#meeting_form input, #meeting_form select, #meeting_form textarea, '
        + '#meeting_form [role=combobox], .select2-search__field');
    return [...controls].filter((element) => {
        if (['hidden', 'submit', 'button'].includes(element.type)) return false;
        if (element.closest('.empty-form') || element.closest('[aria-hidden=true]')) return false;
        if (element.getAttribute('aria-hidden') === 'true') return false;
        const search = element.classList.contains('select2-search__field');
        if (element.offsetParent === null && !search) return false;
        return !nameOf(element);
    }).map((element) => element.outerHTML.slice(0, 160));
}"""
FITS_THE_WINDOW = "document.documentElement.scrollWidth <= window.innerWidth"


def choose(page, select_id: str, term: str, option: str) -> None:
    """Pick a value in a select2 autocomplete widget, as a person does."""
    page.click(f"#{select_id} + .select2 .select2-selection")
    page.keyboard.type(term)
    page.locator(".select2-results__option", has_text=option).first.click()


class Clicks:
    """Counts the clicks of a test: every ``page.click`` and ``locator.click``
    goes through ``click``; typing and the keyboard are not clicks."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, target) -> None:
        self.count += 1
        if isinstance(target, str):
            self.page.click(target)
        else:
            target.click()

    def choose(self, select_id: str, term: str, option: str) -> None:
        """Open a select2 widget with a click, type, and take the option with Enter."""
        self.click(f"#{select_id} + .select2 .select2-selection")
        self.page.keyboard.type(term)
        self.page.locator(".select2-results__option--highlighted", has_text=option).wait_for()
        self.page.keyboard.press("Enter")


def tab_to(page, selector: str, *, most: int = 15) -> None:
    """Press Tab until the element ``selector`` has the focus, as a keyboard user does."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement === document.querySelector({selector!r})"):
            return
    raise AssertionError(f"{selector} is not reached with the Tab key")


def test_staff_log_a_meeting_with_a_new_participant_in_a_few_clicks_without_a_popup(page):
    popups = []
    page.on("popup", lambda popup: popups.append(popup.url))
    page.context.on("page", lambda new_page: popups.append(new_page.url))
    disnaker = Department.objects.get(acronym="Disnaker")
    log_in(page, "staf.disnaker")
    page.goto("/admin/meetings/meeting/add/")
    clicks = Clicks(page)

    page.fill("#id_title", "Rapat pelatihan perawat untuk Hamamatsu")
    page.fill("#id_starts_at_0", "12/03/2026")
    page.fill("#id_starts_at_1", "10:00")
    # The partner by keyboard alone: Tab into the widget, type, Enter.
    page.focus("#id_mode")
    tab_to(page, "#id_partners + .select2 .select2-search__field")
    page.keyboard.type("Hama")
    page.locator(".select2-results__option--highlighted", has_text="Kota Hamamatsu").wait_for()
    page.keyboard.press("Enter")

    add_participant = page.locator("#participants-group .add-row a")
    expect(add_participant).to_have_text("Tambahkan Peserta")
    clicks.click(add_participant)
    expect(add_participant).to_have_text("Tambahkan Peserta lagi")
    # A person of the city, not yet in the register, typed on the row: the
    # first participant, so the host.
    page.fill("#id_participants-0-new_person_name", "Asep Sunandar")
    page.fill("#id_participants-0-position_held", "Kepala Bidang Pelatihan Kerja, Disnaker")
    # A single choice by keyboard alone: Tab to it, Enter opens it, type, Enter.
    page.focus("#id_participants-0-new_person_name")
    tab_to(page, "#id_participants-0-new_person_department + .select2 .select2-selection")
    page.keyboard.press("Enter")
    page.keyboard.type("Disnaker")
    page.locator(".select2-results__option--highlighted", has_text="Disnaker").wait_for()
    page.keyboard.press("Enter")
    expect(page.locator("#id_participants-0-new_person_department")).to_have_value(str(disnaker.pk))
    expect(page.locator("#id_participants-0-role")).to_have_value("host")

    clicks.click(add_participant)
    # Found by the city of the partner, not by the name.
    clicks.choose("id_participants-1-person", "Hamamatsu", "Yusuke Nakano")
    assert page.input_value("#id_participants-1-role") == "attendee"
    page.fill("#id_participants-1-position_held", "Wali Kota Hamamatsu")

    add_follow_up = page.locator("#follow_ups-group .add-row a")
    expect(add_follow_up).to_have_text("Tambahkan Tindak lanjut")
    clicks.click(add_follow_up)
    page.fill("#id_follow_ups-0-description", "Kirim profil calon perawat")
    page.fill("#id_follow_ups-0-due_on", "31/03/2026")

    assert page.evaluate(FITS_THE_WINDOW), page.evaluate("document.documentElement.scrollWidth")
    assert page.evaluate(UNNAMED_CONTROLS) == []
    screenshot(page, "meeting-form-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate(FITS_THE_WINDOW), page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, "meeting-form-390")
    page.set_viewport_size({"width": 1366, "height": 768})

    clicks.click("input[name=_save]")
    page.wait_for_url(re.compile(r".*/admin/meetings/meeting/$"))

    # At most twelve; today five: add a participant twice, choose one
    # person, add a follow-up, save.
    assert clicks.count <= 12, f"{clicks.count} clicks"
    assert clicks.count == 5, f"{clicks.count} clicks"
    assert popups == []
    meeting = Meeting.objects.get(title="Rapat pelatihan perawat untuk Hamamatsu")
    assert meeting.owner_department.acronym == "Disnaker"
    assert list(meeting.partners.values_list("name", flat=True)) == ["Kota Hamamatsu"]
    roles = dict(meeting.participants.values_list("person__full_name", "role"))
    assert roles == {"Asep Sunandar": "host", "Yusuke Nakano": "attendee"}
    new_person = Person.objects.get(full_name="Asep Sunandar")
    assert new_person.department.acronym == "Disnaker"
    assert new_person.current_position == "Kepala Bidang Pelatihan Kerja, Disnaker"
    follow_up = meeting.follow_ups.get()
    assert (follow_up.owner_department.acronym, str(follow_up.due_on)) == ("Disnaker", "2026-03-31")

    the_day_after(page, meeting)


def the_day_after(page, meeting) -> None:
    """The meeting just logged, through the staff member's day: found with the
    search box, its follow-up in Tugas saya, the meeting on the calendar, and
    a notification when somebody else changes it."""
    page.goto("/")
    page.fill("#navbar-search-q", "perawat Hamamatsu")
    page.keyboard.press("Enter")
    page.wait_for_url("**/cari/?q=*")
    expect(page.locator(f'a[href="/pertemuan/{meeting.pk}/"]').first).to_be_visible()

    page.click("a[href='/tugas/']")
    expect(page.locator(".task-list", has_text="Kirim profil calon perawat")).to_be_visible()

    page.goto("/kalender/?view=month&date=2026-03-01")
    expect(page.locator(f'a[href="/pertemuan/{meeting.pk}/"]').first).to_be_visible()
    screenshot(page, "the-day-after-calendar")

    # The cooperation division moves the meeting's place, in a browser of its own.
    other = page.context.browser.new_context(base_url=page.url.split("/kalender")[0])
    colleague = other.new_page()
    log_in(colleague, "kerjasama")
    colleague.goto(f"/admin/meetings/meeting/{meeting.pk}/change/")
    colleague.fill("#id_place", "Pendopo Kota Bandung")
    colleague.click("input[name=_save]")
    colleague.wait_for_url(re.compile(r".*/admin/meetings/meeting/$"))
    other.close()

    page.goto("/")
    expect(page.locator("a.notification-bell .notification-count")).to_have_text("1")
    page.goto("/notifikasi/")
    change = page.locator(".notification-unread")
    expect(change).to_contain_text("Rapat pelatihan perawat untuk Hamamatsu")
    expect(change).to_contain_text("kerjasama mengubah pertemuan ini: tempat")
    screenshot(page, "the-day-after-notification")


def test_the_follow_up_list_shows_due_date_status_and_overdue_mark_at_1366(page):
    log_in(page, "staf.disnaker")
    page.goto("/admin/meetings/followup/")
    assert page.evaluate(FITS_THE_WINDOW)
    results = page.locator("#changelist .results")
    assert results.evaluate("element => element.scrollWidth <= element.clientWidth")
    for column in ("Tenggat", "Status", "Terlambat"):
        assert page.locator("#result_list thead th", has_text=column).is_visible()
        box = page.locator("#result_list thead th", has_text=column).bounding_box()
        assert box["x"] + box["width"] <= 1366
    screenshot(page, "follow-up-list-1366")


def test_staff_log_a_meeting_with_partners_participants_and_a_follow_up(page):
    log_in(page, "staf.disnaker")
    page.goto("/admin/meetings/meeting/add/")
    page.fill("#id_title", "Rapat teknis pelatihan tenaga terampil")
    page.fill("#id_starts_at_0", "10/03/2026")
    page.fill("#id_starts_at_1", "09:30")
    choose(page, "id_partners", "Hama", "Kota Hamamatsu")
    choose(page, "id_partners", "Toyo", "Kota Toyota")

    for index, (person, position) in enumerate(
        [
            ("Yana", "Plt. Wali Kota Bandung"),
            ("Kanasugi", "Duta Besar Jepang untuk Indonesia"),
            ("Nakano", "Wali Kota Hamamatsu"),
        ]
    ):
        page.locator("#participants-group .add-row a").click()
        choose(page, f"id_participants-{index}-person", person, person)
        page.fill(f"#id_participants-{index}-position_held", position)

    page.locator("#follow_ups-group .add-row a").click()
    page.fill("#id_follow_ups-0-description", "Kirim daftar peserta pelatihan")
    choose(page, "id_follow_ups-0-owner_department", "Disnaker", "Disnaker")
    page.fill("#id_follow_ups-0-due_on", "31/03/2026")
    screenshot(page, "meeting-form")
    page.click("input[name=_save]")

    page.wait_for_url(re.compile(r".*/admin/meetings/meeting/$"))
    assert page.locator("#result_list", has_text="Rapat teknis pelatihan tenaga terampil").count() == 1
    meeting = Meeting.objects.get(title="Rapat teknis pelatihan tenaga terampil")
    assert meeting.owner_department.acronym == "Disnaker"
    assert set(meeting.partners.values_list("name", flat=True)) == {"Kota Hamamatsu", "Kota Toyota"}
    assert meeting.participants.count() == 3
    assert meeting.follow_ups.get().owner_department.acronym == "Disnaker"
    screenshot(page, "meeting-list")


def test_staff_cannot_edit_another_departments_meeting_and_are_told_why(page):
    log_in(page, "staf.disnaker")
    other = Meeting.objects.exclude(owner_department__acronym="Disnaker").first()
    page.goto(f"/admin/meetings/meeting/{other.pk}/change/")
    assert page.locator("input[name=_save]").count() == 0
    assert page.locator("#id_title").count() == 0
    reason = page.locator(".readonly-reason").inner_text()
    owner = other.owner_department.acronym
    assert reason.startswith(f"Pertemuan ini milik {owner}; Anda hanya dapat melihatnya."), reason
