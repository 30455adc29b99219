"""An OPD staff member records a meeting in the admin, with autocomplete
widgets, inline participants and a follow-up, and cannot edit another OPD's
meeting."""

import re

from meetings.models import Meeting
from tests.e2e.conftest import log_in, screenshot


def choose(page, select_id: str, term: str, option: str) -> None:
    """Pick a value in a select2 autocomplete widget, as a person does."""
    page.click(f"#{select_id} + .select2 .select2-selection")
    page.keyboard.type(term)
    page.locator(".select2-results__option", has_text=option).first.click()


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


def test_staff_cannot_edit_another_departments_meeting(page):
    log_in(page, "staf.disnaker")
    other = Meeting.objects.exclude(owner_department__acronym="Disnaker").first()
    page.goto(f"/admin/meetings/meeting/{other.pk}/change/")
    assert page.locator("input[name=_save]").count() == 0
    assert page.locator("#id_title").count() == 0
