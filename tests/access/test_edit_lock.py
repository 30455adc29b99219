"""Every record people edit has an edit lock: two people open it, the first
save wins, the second is refused with who saved, and a form that does not
say which version it was opened at is refused too."""

from django.test import TestCase
from django.urls import reverse

from accounts.role_groups import ensure_role_groups
from accounts.roles import Role
from tests import factories
from tests.access.fixtures import make_user
from tests.admin.helpers import submitted_form


def _cases():
    """(admin URL name, a record, a text field of its form, its verbose name in Indonesian)."""
    meeting = factories.make_meeting()
    item = factories.make_action_plan_item()
    return [
        ("partnerships_department", factories.make_department(), "name", "nama"),
        ("partnerships_partner", factories.make_partner(), "region", "wilayah"),
        ("partnerships_sector", factories.make_sector(), "name", "nama"),
        ("partnerships_focusarea", factories.make_focus_area(), "name", "nama"),
        ("partnerships_person", factories.make_person(), "current_position", "jabatan sekarang"),
        ("partnerships_cooperation", factories.make_cooperation(), "description", "uraian"),
        ("partnerships_document", factories.make_document(), "title", "judul"),
        ("partnerships_actionplanitem", item, "indicator", "indikator"),
        ("meetings_meeting", meeting, "summary", "ringkasan"),
        ("meetings_participant", factories.make_participant(meeting=meeting), "position_held", "jabatan"),
        ("meetings_attachment", factories.make_attachment(meeting=meeting), "title", "judul"),
        ("meetings_followup", factories.make_follow_up(meeting=meeting), "note", "catatan"),
        ("meetings_visit", factories.make_visit(), "places", "tempat"),
    ]


class EditLockTests(TestCase):
    def setUp(self):
        ensure_role_groups()
        self.first = make_user("kerjasama.satu", Role.COOPERATION_ADMIN)
        self.second = make_user("kerjasama.dua", Role.COOPERATION_ADMIN)

    def open(self, user, url) -> dict:
        self.client.force_login(user)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return submitted_form(response)

    def test_the_second_of_two_stale_saves_is_refused_on_every_model(self):
        for url_name, record, field, label in _cases():
            with self.subTest(model=type(record).__name__):
                url = reverse(f"admin:{url_name}_change", args=[record.pk])
                first, second = self.open(self.first, url), self.open(self.second, url)
                self.client.force_login(self.first)
                saved = self.client.post(url, first | {field: ["Disimpan pertama"]})
                self.assertEqual(saved.status_code, 302, saved.context and saved.context["errors"])

                self.client.force_login(self.second)
                refused = self.client.post(url, second | {field: ["Disimpan kedua"]})
                self.assertEqual(refused.status_code, 200)
                self.assertContains(refused, "kerjasama.satu")
                self.assertContains(refused, label)
                self.assertContains(refused, "Buka versi terbaru di tab baru")
                record.refresh_from_db()
                self.assertEqual(getattr(record, field), "Disimpan pertama")

    def test_a_form_without_its_version_is_refused_not_saved_over_the_record(self):
        for url_name, record, field, _label in _cases():
            url = reverse(f"admin:{url_name}_change", args=[record.pk])
            opened = self.open(self.first, url)
            for version in (None, [""]):
                with self.subTest(model=type(record).__name__, version=version):
                    data = {name: values for name, values in opened.items() if name != "opened_version"}
                    if version is not None:
                        data["opened_version"] = version
                    response = self.client.post(url, data | {field: ["Tanpa versi"]})
                    self.assertEqual(response.status_code, 200)
                    self.assertContains(response, "tidak menyebut versi")
                    record.refresh_from_db()
                    self.assertNotEqual(getattr(record, field), "Tanpa versi")

    def test_a_stale_row_of_an_inline_is_refused_with_the_whole_page(self):
        follow_up = factories.make_follow_up(note="Awal")
        meeting_url = reverse("admin:meetings_meeting_change", args=[follow_up.meeting_id])
        stale_page = self.open(self.second, meeting_url)

        follow_up_url = reverse("admin:meetings_followup_change", args=[follow_up.pk])
        saved = self.client.post(
            follow_up_url, self.open(self.first, follow_up_url) | {"note": ["Dari halaman"]}
        )
        self.assertEqual(saved.status_code, 302)

        self.client.force_login(self.second)
        refused = self.client.post(
            meeting_url, stale_page | {"follow_ups-0-note": ["Dari rapat"], "summary": ["Ringkasan baru"]}
        )
        self.assertEqual(refused.status_code, 200)
        self.assertContains(refused, "kerjasama.satu")
        follow_up.refresh_from_db()
        follow_up.meeting.refresh_from_db()
        self.assertEqual(follow_up.note, "Dari halaman")
        self.assertNotEqual(follow_up.meeting.summary, "Ringkasan baru")
        # What the second person typed is still on the form.
        self.assertContains(refused, "Ringkasan baru")
        self.assertContains(refused, "Dari rapat")

    def test_a_stale_yearly_target_is_refused(self):
        target = factories.make_action_plan_target(evidence="Awal")
        url = reverse("admin:partnerships_actionplanitem_change", args=[target.item_id])
        first, second = self.open(self.first, url), self.open(self.second, url)
        self.client.force_login(self.first)
        self.assertEqual(
            self.client.post(url, first | {"targets-0-evidence": ["Laporan A"]}).status_code, 302
        )
        self.client.force_login(self.second)
        refused = self.client.post(url, second | {"targets-0-evidence": ["Laporan B"]})
        self.assertEqual(refused.status_code, 200)
        target.refresh_from_db()
        self.assertEqual(target.evidence, "Laporan A")
