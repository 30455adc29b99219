"""Every admin page answers for a superuser, and no changelist issues more
queries as it shows more rows."""

from django.contrib import admin
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bandung_coop.demo import load_demo_data
from meetings.models import Attachment, FollowUp, Meeting, Participant, Visit
from partnerships.models import (
    ActionPlanItem,
    Cooperation,
    Department,
    Document,
    FocusArea,
    Partner,
    Person,
    Sector,
)
from tests import factories
from tests.access.fixtures import AccessFixture
from tests.admin.helpers import make_superuser

# Every model of both apps, each with a page in the admin.
PROJECT_MODELS = {
    Department,
    Partner,
    Sector,
    FocusArea,
    Person,
    Cooperation,
    Document,
    Meeting,
    Visit,
    FollowUp,
    Participant,
    Attachment,
    ActionPlanItem,
}


PROJECT_APPS = ("partnerships", "meetings")


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


class AdminPagesTests(TestCase):
    def setUp(self):
        self.client.force_login(make_superuser())

    def test_every_model_of_both_apps_is_registered(self):
        registered = {model for model in admin.site._registry if model._meta.app_label in PROJECT_APPS}
        self.assertEqual(registered, PROJECT_MODELS)

    def test_every_changelist_search_add_and_change_page_answers(self):
        load_demo_data()
        factories.make_attachment()
        for model, model_admin in admin.site._registry.items():
            if model._meta.app_label not in PROJECT_APPS:
                continue
            instance = model._default_manager.first()
            urls = [admin_url(model, "changelist"), admin_url(model, "add")]
            if model_admin.search_fields:
                urls.append(admin_url(model, "changelist") + "?q=Bandung")
            if instance is not None:
                urls.append(admin_url(model, "change", instance.pk))
            for url in urls:
                with self.subTest(url=url):
                    self.assertEqual(self.client.get(url).status_code, 200)

    def test_the_admin_is_titled_for_the_city(self):
        response = self.client.get(reverse("admin:index"))
        self.assertContains(response, "Kerja Sama Luar Negeri — Pemerintah Kota Bandung")


class ChangelistQueryCountTests(TestCase):
    def setUp(self):
        self.client.force_login(make_superuser())

    def count_queries(self, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_no_changelist_issues_more_queries_for_more_rows(self):
        for _ in range(3):
            factories.make_linked_rows()
        changelists = {model: admin_url(model, "changelist") for model in PROJECT_MODELS}
        with_few_rows = {model: self.count_queries(url) for model, url in changelists.items()}
        for _ in range(12):
            factories.make_linked_rows()
        for model, url in changelists.items():
            with self.subTest(model=model.__name__):
                self.assertEqual(self.count_queries(url), with_few_rows[model])


class MeetingChangelistBudgetTests(TestCase):
    """The page staff open most stays within 9 queries, whoever asks: 8 for
    the list, one for the notification bell's count."""

    def test_the_meeting_changelist_needs_at_most_nine_queries(self):
        fixture = AccessFixture()
        for _ in range(20):
            factories.make_linked_rows()
        for user in (fixture.staff, fixture.leader, fixture.cooperation_admin):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                with CaptureQueriesContext(connection) as queries:
                    response = self.client.get(admin_url(Meeting, "changelist") + "?q=Pertemuan")
                self.assertEqual(response.status_code, 200)
                self.assertLessEqual(len(queries), 9)
                self.assertFalse(any("DISTINCT" in query["sql"] for query in queries))
