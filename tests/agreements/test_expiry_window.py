"""An agreement expires soon when it ends within 180 days of today, and not
one day later: the dashboard, the browsing list, the admin's filter and
colour and the first reminder all draw the line at the same day."""

import datetime
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from bandung_coop.models import ReminderKind, ReminderSent
from tests import factories
from tests.admin.helpers import make_superuser

TODAY = datetime.date(2026, 3, 2)
WINDOW = 180
_real_localdate = timezone.localdate


def localdate_on_fixed_day(value=None, timezone=None):
    """``timezone.localdate()`` is TODAY; the local date of a given moment is untouched."""
    return TODAY if value is None else _real_localdate(value, timezone)


class ExpiryWindowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.department = factories.make_department(acronym="DLHK", email="dlhk@example.org")
        cls.documents = {}
        for days_left in (WINDOW - 1, WINDOW, WINDOW + 1):
            cooperation = factories.make_cooperation(
                lead_department=cls.department, title=f"Kerja sama sisa {days_left} hari"
            )
            cls.documents[days_left] = factories.make_document(
                cooperation=cooperation,
                number=f"MOU/SISA-{days_left}",
                valid_from=datetime.date(2024, 1, 1),
                valid_until=TODAY + datetime.timedelta(days=days_left),
            )
        cls.leader = factories.make_user(role=Role.LEADERSHIP)

    def setUp(self):
        patcher = mock.patch("django.utils.timezone.localdate", localdate_on_fixed_day)
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_the_dashboard_counts_agreements_ending_in_180_days_and_not_181(self):
        self.client.force_login(self.leader)
        response = self.client.get(reverse("pages:dashboard"))
        figure = next(f for f in response.context["agreements"] if "agreement=expiring" in f["url"])
        self.assertEqual(str(figure["label"]), "Berakhir dalam 180 hari")
        self.assertEqual(figure["count"], 2)

    def test_the_browsing_list_holds_agreements_ending_in_180_days_and_not_181(self):
        self.client.force_login(self.leader)
        response = self.client.get(reverse("pages:cooperation_list"), {"agreement": "expiring"})
        titles = {cooperation.title for cooperation in response.context["page"]}
        self.assertEqual(titles, {"Kerja sama sisa 179 hari", "Kerja sama sisa 180 hari"})
        self.assertContains(response, "Dengan perjanjian yang berakhir dalam 180 hari")

    def test_the_admin_filter_holds_documents_ending_in_180_days_and_not_181(self):
        self.client.force_login(make_superuser())
        url = reverse("admin:partnerships_document_changelist")
        response = self.client.get(url, {"validity": "expiring"})
        numbers = {document.number for document in response.context["cl"].result_list}
        self.assertEqual(numbers, {"MOU/SISA-179", "MOU/SISA-180"})

    def test_the_admin_colours_180_days_left_as_soon_and_181_as_ok(self):
        self.client.force_login(make_superuser())
        response = self.client.get(reverse("admin:partnerships_document_changelist"))
        self.assertContains(response, '<span class="expiry-soon">179 hari</span>', html=True)
        self.assertContains(response, '<span class="expiry-soon">180 hari</span>', html=True)
        self.assertContains(response, '<span class="expiry-ok">181 hari</span>', html=True)

    def sent_thresholds(self) -> dict[int, int]:
        """Days left of each reminded document, and the threshold it was reminded at."""
        reminders = ReminderSent.objects.filter(
            kind=ReminderKind.AGREEMENT_EXPIRING, department=self.department
        ).values_list("object_id", "threshold_days")
        days_left_of = {document.pk: days_left for days_left, document in self.documents.items()}
        return {days_left_of[object_id]: threshold for object_id, threshold in reminders}

    def test_the_first_reminder_goes_out_at_180_days_left_and_not_at_181(self):
        call_command("send_reminders", "--today", TODAY.isoformat(), stdout=StringIO(), stderr=StringIO())
        self.assertEqual(self.sent_thresholds(), {179: 180, 180: 180})
        tomorrow = TODAY + datetime.timedelta(days=1)
        call_command("send_reminders", "--today", tomorrow.isoformat(), stdout=StringIO(), stderr=StringIO())
        self.assertEqual(self.sent_thresholds(), {179: 180, 180: 180, 181: 180})
