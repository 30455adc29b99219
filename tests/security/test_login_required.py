"""Every address of the site asks an anonymous visitor to log in first.

The whole URLconf is walked, includes and the admin's generated pages too,
with path arguments filled from real records, so a page added without
``login_required`` (or losing it) fails here. Only the pages listed in
``OPEN_PAGES`` answer without a login, each with the answer written there;
the API's endpoints, read by programs, answer 401 asking for a token.

Being sent to the login page (the admin's logout, say, goes there through
the admin's index) is the only answer accepted from the rest: a view
without ``login_required`` usually answers 404 to an anonymous visitor
anyway (its ``visible_to`` shows nobody anything), which would hide the
missing decorator.
"""

import datetime
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.role_groups import ensure_role_groups
from bandung_coop.models import Notification, NotificationKind, ReminderKind, ReminderSent
from coop_lib.models import Job
from meetings.models import Attachment, FollowUp, Meeting, Visit
from partnerships.models import Cooperation, Department, Partner
from tests import factories
from tests.admin.helpers import make_superuser

# The pages an anonymous visitor may open, and what they answer to a GET.
OPEN_PAGES = {
    "admin:login": 200,  # the login page itself
    "set_language": 405,  # the language switch (POST), also offered before login
    "calendar_feed": 404,  # opened by its secret token; a wrong token is not found
    # For load balancers and monitors, which cannot log in; it shows whether
    # the database and the upload storage work, and no data (tests/operations).
    "healthz": 200,
    # Aggregate counts for the city's data portal, no personal data (tests/api).
    "api:open-data": 200,
    # The icon browsers ask for, sent on to the static file.
    "favicon": 302,
}
# The API answers a program without credentials 401, naming the scheme it
# asks for (a Bearer token), where a person's page redirects to the login;
# its documentation page is a person's page.
API_NAMESPACE = "api:"
API_PAGES_FOR_PEOPLE = {"api:docs"}
# Which record fills the ``pk`` of a page outside the admin (the admin's
# pages take the model from their address).
RECORD_OF_PAGE = {
    "meeting_ics": Meeting,
    "visit_ics": Visit,
    "pages:implementation_report": Cooperation,
    "pages:briefing": Meeting,
    "pages:meeting_detail": Meeting,
    "pages:partner_detail": Partner,
    "pages:task_update": FollowUp,
    "admin:view_on_site": Meeting,
    "api:departments-record": Department,
    "api:partners-record": Partner,
    "api:cooperations-record": Cooperation,
    "api:meetings-record": Meeting,
    "api:visits-record": Visit,
    "api:follow-ups-record": FollowUp,
    "notifications:open": Notification,
    "notifications:read": Notification,
}
ADMIN_MODEL_PAGE = re.compile(r"^admin/(?P<app_label>\w+)/(?P<model_name>\w+)/")
ROUTE_PARAMETER = re.compile(r"<(?:\w+:)?(?P<name>\w+)>")
NAMED_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<pattern>[^)]*)\)")
UNNAMED_GROUP = re.compile(r"\((?!\?)[^)]*\)")


def every_pattern(resolver=None, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, str]]:
    """(route, name with namespace, view) of every page, includes walked."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        # A regex route is anchored; the anchors are not part of the address.
        route = prefix + str(pattern.pattern).removeprefix("^").removesuffix("$")
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from every_pattern(pattern, route, inner)
        else:
            assert isinstance(pattern, URLPattern)
            name = f"{namespace}{pattern.name}" if pattern.name else ""
            yield route, name, pattern.lookup_str


def make_one_of_everything() -> None:
    """A row in every table a page can name, so every address points at a real record."""
    ensure_role_groups()
    meeting = factories.make_meeting(partners=[factories.make_partner()])
    meeting.cooperations.add(factories.make_cooperation())
    factories.make_document(cooperation=meeting.cooperations.get())
    factories.make_participant(meeting=meeting, person=factories.make_person())
    factories.make_follow_up(meeting=meeting)
    factories.make_attachment(meeting=meeting)
    factories.make_visit()
    factories.make_focus_area()
    factories.make_action_plan_target()
    user = make_superuser()
    ReminderSent.objects.create(
        kind=ReminderKind.MEETING,
        object_id=meeting.pk,
        threshold_days=14,
        due_on=datetime.date(2024, 5, 1),
        sent_on=datetime.date(2024, 4, 17),
        recipients=user.email,
    )
    Notification.objects.create(
        user=user,
        kind=NotificationKind.MEETING,
        record_type=ContentType.objects.get_for_model(meeting),
        record_id=meeting.pk,
        title=meeting.title,
        key="meeting:1:14:2024-05-01:0900",
    )
    Job.objects.create(
        task="coop_lib.admin_csv.export_changelist", title="Ekspor CSV", user=user, language="id"
    )
    seen = {"username": "tamu", "ip_address": "127.0.0.1", "user_agent": "uji", "path_info": "/admin/login/"}
    AccessAttempt.objects.create(**seen, failures_since_start=1)
    AccessFailureLog.objects.create(**seen)
    AccessLog.objects.create(**seen)


class AnonymousVisitorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_one_of_everything()

    def record_for(self, route: str, name: str):
        if match := ADMIN_MODEL_PAGE.match(route):
            try:
                model = apps.get_model(match["app_label"], match["model_name"])
            except LookupError:
                model = None
            if model is not None:
                return model.objects.order_by("pk").first()
        model = RECORD_OF_PAGE.get(name)
        return model.objects.order_by("pk").first() if model else None

    def value(self, parameter: str, record, route: str, name: str) -> str:
        if parameter in ("pk", "object_id", "id"):
            self.assertIsNotNone(record, f"{route} ({name}): say in RECORD_OF_PAGE which record fills it")
            return str(record.pk)
        if parameter == "content_type_id":
            return str(ContentType.objects.get_for_model(record).pk)
        if parameter == "history_id":
            return str(record.history.order_by("history_id").first().history_id)
        if parameter == "year":
            return "2024"
        if parameter == "path":
            return Attachment.objects.order_by("pk").first().file.name
        if parameter == "job_id":
            return str(Job.objects.get().pk)
        if parameter == "token":
            return "bukan-tautan-yang-sah"
        if parameter == "url":
            return "tidak-ada/"
        raise AssertionError(f"{route} ({name}): no sample value for the parameter {parameter!r}")

    def addresses(self, route: str, name: str) -> list[str]:
        """The route with every parameter filled; one address per admin app."""
        record = self.record_for(route, name)
        # simple_history's unnamed groups: the record, then one of its past versions.
        positional = iter(["object_id", "history_id"])
        route = UNNAMED_GROUP.sub(lambda _group: f"<{next(positional)}>", route)
        choices = [route]
        if match := NAMED_GROUP.search(route):
            options = match["pattern"].split("|") if match["name"] == "app_label" else [f"<{match['name']}>"]
            choices = [NAMED_GROUP.sub(option, route, count=1) for option in options]
        return [
            "/" + ROUTE_PARAMETER.sub(lambda p: self.value(p["name"], record, route, name), choice)
            for choice in choices
        ]

    def test_every_page_but_the_open_ones_redirects_to_the_login_page(self):
        login = reverse("admin:login")
        pages = list(every_pattern())
        self.assertGreater(len(pages), 100, "the walk missed the admin's pages")
        for route, name, view in pages:
            for address in self.addresses(route, name):
                with self.subTest(address=address, name=name, view=view):
                    if name in OPEN_PAGES:
                        self.assertEqual(self.client.get(address).status_code, OPEN_PAGES[name])
                        continue
                    if name.startswith(API_NAMESPACE) and name not in API_PAGES_FOR_PEOPLE:
                        response = self.client.get(address)
                        self.assertEqual(response.status_code, 401)
                        self.assertEqual(response["WWW-Authenticate"], 'Bearer realm="api"')
                        continue
                    response = self.client.get(address, follow=True)
                    if response.status_code == 405:
                        # A form's target: the login must come before the method check.
                        response = self.client.post(address, follow=True)
                    self.assertTrue(response.redirect_chain, "answered without asking to log in")
                    self.assertEqual(urlsplit(response.redirect_chain[-1][0]).path, login)

    def test_the_open_pages_are_still_in_the_urlconf(self):
        names = {name for _route, name, _view in every_pattern()}
        self.assertLessEqual(set(OPEN_PAGES), names)
        self.assertLessEqual(set(RECORD_OF_PAGE), names)

    def test_every_admin_model_has_a_record_to_point_at(self):
        for model in admin.site._registry:
            with self.subTest(model=model._meta.label):
                self.assertTrue(model.objects.exists())
