"""No cell a user typed runs as a formula in a spreadsheet, whichever export
it leaves by: a cell starting with =, +, -, @, tab, carriage return or NUL
gets a leading apostrophe (OWASP CSV injection), and an import of the file
takes the apostrophe off again."""

import csv
import datetime
import io

from django.db import connection
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from accounts.role_groups import ensure_role_groups
from accounts.roles import Role
from coop_lib.csv_spec import neutralise
from coop_lib.import_fields import strip_neutraliser
from meetings.models import FollowUpStatus
from tests import factories
from tests.admin.helpers import make_superuser
from tests.csv_import.helpers import ImportSteps

# The README's list, written out here so that dropping one from the code fails.
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
REPORT_YEAR = 2024


def formula(trigger: str, what: str) -> str:
    return f"{trigger}SUM(A1:A9) {what}"


def cells_of(content: bytes, delimiter: str = ";") -> set[str]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff"), "no UTF-8 byte-order mark"
    return {
        cell for row in csv.reader(io.StringIO(text[1:], newline=""), delimiter=delimiter) for cell in row
    }


def storable_triggers() -> tuple[str, ...]:
    # PostgreSQL cannot store NUL in text, so no record there can start with one.
    return tuple(t for t in TRIGGERS if t != "\0" or connection.vendor != "postgresql")


class NeutraliseTests(SimpleTestCase):
    def test_every_trigger_gets_an_apostrophe_and_the_text_is_otherwise_the_same(self):
        for trigger in TRIGGERS:
            with self.subTest(trigger=repr(trigger)):
                self.assertEqual(neutralise(formula(trigger, "x")), "'" + formula(trigger, "x"))

    def test_ordinary_text_is_left_alone(self):
        for text in ("Kota Hamamatsu 浜松市", "'kutipan", " =spasi di depan", "2026-03-02"):
            with self.subTest(text=text):
                self.assertEqual(neutralise(text), text)

    def test_reading_a_file_takes_the_apostrophe_off_every_trigger_and_nothing_else(self):
        for trigger in TRIGGERS:
            with self.subTest(trigger=repr(trigger)):
                self.assertEqual(strip_neutraliser("'" + formula(trigger, "x")), formula(trigger, "x"))
        self.assertEqual(strip_neutraliser("'kutipan"), "'kutipan")


class EveryExportNeutralisesTests(ImportSteps, TestCase):
    """One record per trigger of each kind, its typed text starting with the trigger."""

    @classmethod
    def setUpTestData(cls):
        cls.triggers = storable_triggers()
        cls.typed = {
            "meeting": [],
            "visit": [],
            "follow_up": [],
            "cooperation": [],
            "partner": [],
            "report": [],
        }
        department = factories.make_department(acronym="DLHK")
        cls.cooperation = factories.make_cooperation(lead_department=department)
        for n, trigger in enumerate(cls.triggers):
            partner = factories.make_partner(
                name=formula(trigger, f"mitra {n}"), region=formula(trigger, "prefektur")
            )
            cls.typed["partner"] += [partner.name, partner.region]
            cls.cooperation.partners.add(partner)
            cooperation = factories.make_cooperation(
                lead_department=department,
                partners=[partner],
                title=formula(trigger, f"kerja sama {n}"),
                description=formula(trigger, "uraian"),
            )
            cls.typed["cooperation"] += [cooperation.title, cooperation.description]
            meeting = factories.make_meeting(
                owner_department=department,
                partners=[partner],
                title=formula(trigger, f"rapat {n}"),
                summary=formula(trigger, "ringkasan"),
                place=formula(trigger, "tempat"),
            )
            meeting.cooperations.add(cls.cooperation)
            cls.typed["meeting"] += [meeting.title, meeting.summary, meeting.place, partner.name]
            visit = factories.make_visit(
                partner=partner,
                host_department=department,
                purpose=formula(trigger, f"kunjungan {n}"),
                places=formula(trigger, "tempat dikunjungi"),
                outcome=formula(trigger, "hasil"),
            )
            cls.typed["visit"] += [visit.purpose, visit.places, visit.outcome]
            follow_up = factories.make_follow_up(
                meeting=meeting,
                description=formula(trigger, f"tindak lanjut {n}"),
                note=formula(trigger, "catatan"),
            )
            cls.typed["follow_up"] += [follow_up.description, follow_up.note]
            document = factories.make_document(
                cooperation=cls.cooperation,
                number=formula(trigger, f"MOU/{n}"),
                title=formula(trigger, "judul dokumen"),
            )
            item = factories.make_action_plan_item(
                cooperation=cls.cooperation,
                owner_department=department,
                activity=formula(trigger, f"kegiatan {n}"),
                indicator=formula(trigger, "indikator"),
            )
            factories.make_action_plan_target(item=item, year=REPORT_YEAR, evidence=formula(trigger, "bukti"))
            factories.make_follow_up(
                meeting=meeting,
                description=formula(trigger, f"selesai {n}"),
                status=FollowUpStatus.DONE,
                done_on=datetime.date(REPORT_YEAR, 8, 1),
            )
            cls.typed["report"] += [
                document.number,
                document.title,
                item.activity,
                item.indicator,
                formula(trigger, "bukti"),
                meeting.title,
                meeting.place,
                visit.purpose,
                follow_up.description,
                formula(trigger, f"selesai {n}"),
            ]
        ensure_role_groups()
        cls.leader = factories.make_user(role=Role.LEADERSHIP)

    def assert_only_neutralised(self, content: bytes, kind: str) -> None:
        cells = cells_of(content)
        for typed in self.typed[kind]:
            with self.subTest(kind=kind, cell=typed):
                self.assertIn("'" + typed, cells)
                self.assertNotIn(typed, cells)

    def test_the_admin_export_link_of_every_list_neutralises_every_trigger(self):
        self.client.force_login(self.leader)
        for kind, url_name in [
            ("meeting", "admin:meetings_meeting_export"),
            ("visit", "admin:meetings_visit_export"),
            ("follow_up", "admin:meetings_followup_export"),
            ("cooperation", "admin:partnerships_cooperation_export"),
            ("partner", "admin:partnerships_partner_export"),
        ]:
            self.assert_only_neutralised(self.export(url_name), kind)

    def test_the_admin_export_action_of_every_list_neutralises_every_trigger(self):
        self.client.force_login(self.leader)
        for kind, url_name in [
            ("meeting", "admin:meetings_meeting_changelist"),
            ("visit", "admin:meetings_visit_changelist"),
            ("follow_up", "admin:meetings_followup_changelist"),
            ("cooperation", "admin:partnerships_cooperation_changelist"),
            ("partner", "admin:partnerships_partner_changelist"),
        ]:
            changelist = self.client.get(reverse(url_name))
            ids = [row.pk for row in changelist.context["cl"].queryset]
            response = self.client.post(
                reverse(url_name), {"action": "export_selected_as_csv", "_selected_action": ids}
            )
            self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
            self.assert_only_neutralised(b"".join(response.streaming_content), kind)

    def test_every_browsing_list_download_neutralises_every_trigger(self):
        self.client.force_login(self.leader)
        for kind, url_name in [
            ("meeting", "pages:meeting_list"),
            ("visit", "pages:visit_list"),
            ("follow_up", "pages:follow_up_list"),
            ("cooperation", "pages:cooperation_list"),
        ]:
            response = self.client.get(reverse(url_name), {"format": "csv"})
            self.assert_only_neutralised(b"".join(response.streaming_content), kind)

    def test_the_implementation_report_download_neutralises_every_trigger(self):
        self.client.force_login(self.leader)
        url = reverse("pages:implementation_report", args=[self.cooperation.pk, REPORT_YEAR])
        response = self.client.get(url, {"format": "csv"})
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assert_only_neutralised(response.content, "report")


class ImportRoundTripTests(ImportSteps, TestCase):
    def test_an_exported_file_imported_again_changes_nothing(self):
        # Every import refuses a file holding NUL (a binary file), so that
        # trigger cannot come back this way; NeutraliseTests reads it.
        for n, trigger in enumerate(t for t in TRIGGERS if t != "\0"):
            factories.make_partner(name=formula(trigger, f"mitra {n}"), region=formula(trigger, "prefektur"))
        self.client.force_login(make_superuser())
        exported = self.export("admin:partnerships_partner_export")
        self.assertIn("'=SUM(A1:A9) mitra 0", cells_of(exported))
        self.url = reverse("admin:partnerships_partner_import")
        response = self.upload(exported)
        self.assertEqual(self.errors(response), set())
        self.assertEqual(self.actions(response), ["unchanged"] * 6)
