"""No URL answers a server error, whatever its address and query string hold.

The crawl walks the URLconf (every pattern, its arguments replaced by hostile
values wherever the converter accepts them), the query parameters of the
browsing pages (every filter of their FilterSets, plus page, format and sep)
and, from the admin registry, every changelist's list filters, date
drill-down, page, ordering and search, its CSV export and the add form's
initial values, as each role. A wrong value must give the page with a
message, a redirect, a 400, 403 or 404: every URL that answers 500 is listed
in one failure, with its pattern and exception. The second class checks what
the reader gets instead.
"""

import datetime
import re
from collections.abc import Iterator
from urllib.parse import quote, unquote, urlencode, urlsplit

from django.contrib import admin
from django.test import Client, RequestFactory, TestCase
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RoutePattern

from accounts.models import StaffProfile
from accounts.roles import Role
from accounts.views import renew_calendar_token
from bandung_coop.demo import load_demo_data
from bandung_coop.pages.filters import (
    CooperationFilter,
    FollowUpFilter,
    ListFilter,
    MeetingFilter,
    VisitFilter,
)
from partnerships.models import Cooperation, Department
from tests import factories
from tests.access.fixtures import make_user
from tests.admin.helpers import make_superuser

HUGE = "99999999999999999999"
LONG_TEXT = "東京都との姉妹都市協力" + "é" * 3000
# One value per family of mistakes and attacks: negative, zero, beyond any
# integer column, not a number, SQL injection, long text in two scripts.
HOSTILE = ("-1", "0", HUGE, "abc", "1' OR '1'='1", LONG_TEXT)
# Path arguments may also try to climb out of their place.
HOSTILE_PATHS = (*HOSTILE, "../")
# An admin list takes one request per parameter and value, most of them a
# whole page, so there the families are folded. Where a key, a number or a
# choice is read, two can break: a number no column holds, and text that is
# no number (this one quoted, and longer than any field, 500); -1 and 0 read
# as any key that no row has. Page and ordering read -1 in their own way, so
# they get it too. The text is shorter than LONG_TEXT because every filter
# link of the page repeats it.
HOSTILE_TEXT = "1' OR '1'='1 東京都との姉妹都市協力" + "é" * 600
HOSTILE_ADMIN = (HUGE, HOSTILE_TEXT)
# The date drill-down's own edges: the first year a date holds, and the last
# years, which Django's next-year and next-month arithmetic overflows.
HOSTILE_YEARS = (*HOSTILE, "1", "9999")

LIST_FILTERS = {
    "pages:meeting_list": MeetingFilter,
    "pages:visit_list": VisitFilter,
    "pages:cooperation_list": CooperationFilter,
    "pages:follow_up_list": FollowUpFilter,
}
LIST_PARAMETERS = ("page", "format", "sep")
# Pages that read their parameters without a FilterSet.
PAGE_PARAMETERS = {"pages:report": ("periode", "tahun", "bulan", "semester")}

ROUTE_ARGUMENT = re.compile(r"<(?:[^>:]+:)?(?P<name>[^>]+)>")
# A regular expression's group, named or not, holding at most one nested group.
REGEX_GROUP = re.compile(r"\((?:\?P<(?P<name>\w+)>)?(?P<body>(?:[^()\\]|\\.|\([^()]*\))*)\)")


def url_templates(patterns=None, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, list]]:
    """(name, template, slots) for every URL pattern: the template holds
    ``{slot}`` where an argument goes, and each slot is (name, regex)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        template, slots = _template(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_templates(pattern.url_patterns, prefix + template, inner)
        else:
            yield f"{namespace}{pattern.name or ''}", prefix + template, slots


def _template(pattern) -> tuple[str, list[tuple[str, str]]]:
    slots = []
    text = str(pattern).replace("{", "{{").replace("}", "}}")
    if isinstance(pattern, RoutePattern):

        def route_slot(match):
            slots.append((match["name"], pattern.converters[match["name"]].regex))
            return f"{{{match['name']}}}"

        return ROUTE_ARGUMENT.sub(route_slot, text), slots

    def regex_slot(match):
        name = match["name"] or f"group{len(slots)}"
        slots.append((name, match["body"]))
        return f"{{{name}}}"

    return REGEX_GROUP.sub(regex_slot, text.removeprefix("^").removesuffix("$")), slots


def _fill(template: str, values: dict[str, str]) -> str:
    return "/" + template.format(**{name: quote(value, safe="") for name, value in values.items()})


def _route(url: str) -> str:
    """The pattern a URL reached, to name it in a failure."""
    return resolve(unquote(urlsplit(url).path)).route


class HostileInputTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_data()
        factories.make_attachment()
        factories.make_participant()
        cls.users = {
            "superuser": make_superuser("hostile-root"),
            Role.COOPERATION_ADMIN: make_user("hostile-kerjasama", Role.COOPERATION_ADMIN),
            Role.DEPARTMENT_STAFF: make_user(
                "hostile-staf", Role.DEPARTMENT_STAFF, Department.objects.get(acronym="DLHK")
            ),
            Role.LEADERSHIP: make_user("hostile-pimpinan", Role.LEADERSHIP),
        }
        cls.feed_tokens = {
            role: renew_calendar_token(profile=StaffProfile.objects.get_or_create(user=user)[0])
            for role, user in cls.users.items()
        }
        cls.cooperation = Cooperation.objects.order_by("pk").first()

    def assert_no_server_error(self, urls_for):
        for role, user in self.users.items():
            with self.subTest(role=str(role)):
                failures = self.crawl(user, urls_for(role))
                self.assertFalse(
                    failures, f"{len(failures)} URLs answered a server error:\n" + "\n".join(failures)
                )

    def crawl(self, user, urls: list[str]) -> list[str]:
        """The URLs that answer a server error, each with its pattern and error."""
        client = Client(raise_request_exception=False)
        client.force_login(user)
        failures = []
        for url in urls:
            try:
                response = client.get(url)
                if response.streaming:
                    b"".join(response.streaming_content)
            except Exception as error:  # A download fails while it is read, outside the handler.
                failures.append(f"{_route(url)}  {url[:160]} raised {error!r}"[:400])
                continue
            if response.status_code >= 500:
                error = response.exc_info[1] if response.exc_info else None
                status = response.status_code
                failures.append(f"{_route(url)}  {url[:160]} answered {status}: {error!r}"[:400])
        return failures

    def request_as(self, role):
        request = RequestFactory().get("/")
        request.user = self.users[role]
        return request

    # Path arguments

    def real_arguments(self, role) -> dict[str, dict[str, str]]:
        """A real value for each argument of the patterns with two, so that
        each argument is tried on its own with the other one right."""
        real = {"pages:implementation_report": {"pk": str(self.cooperation.pk), "year": "2024"}}
        request = self.request_as(role)
        for model, model_admin in admin.site._registry.items():
            obj = model_admin.get_queryset(request).order_by("pk").first()
            record = obj.history.order_by("history_id").first() if hasattr(obj, "history") else None
            if record:
                name = f"admin:{model._meta.app_label}_{model._meta.model_name}_simple_history"
                real[name] = {"group0": str(obj.pk), "group1": str(record.history_id)}
        return real

    def path_urls(self, role) -> list[str]:
        real, urls = self.real_arguments(role), []
        for name, template, slots in url_templates():
            for slot, _regex in slots:
                for value in HOSTILE_PATHS:
                    values = {other: real.get(name, {}).get(other, value) for other, _ in slots}
                    values[slot] = value
                    # Only what the converters let through reaches a view.
                    if all(re.fullmatch(regex, values[other]) for other, regex in slots):
                        urls.append(_fill(template, values))
        return list(dict.fromkeys(urls))

    def test_no_url_pattern_answers_a_server_error_on_hostile_arguments(self):
        self.assert_no_server_error(self.path_urls)

    # Query parameters of the browsing pages

    def page_urls(self, role) -> list[str]:
        """Each value in every parameter of a page at once: django-filter
        checks each field on its own, so one wrong value does not keep the
        others from being used."""
        urls = []
        for name, filterset in LIST_FILTERS.items():
            url, parameters = reverse(name), [*filterset.base_filters, *LIST_PARAMETERS]
            for value in HOSTILE:
                urls.append(f"{url}?{urlencode(dict.fromkeys(parameters, value))}")
                # The download reads the same filters.
                urls.append(f"{url}?{urlencode(dict.fromkeys(parameters, value) | {'format': 'csv'})}")
        for name, parameters in PAGE_PARAMETERS.items():
            urls += [f"{reverse(name)}?{urlencode(dict.fromkeys(parameters, value))}" for value in HOSTILE]
        report = reverse("pages:implementation_report", args=[self.cooperation.pk, 2024])
        feed = reverse("calendar_feed", args=[self.feed_tokens[role]])
        for value in HOSTILE:
            urls += [
                f"{report}?{urlencode({'format': value})}",
                f"{report}?{urlencode({'format': 'csv', 'sep': value})}",
                f"{feed}?{urlencode({'opd': value})}",
            ]
        return urls

    def test_no_browsing_page_answers_a_server_error_on_hostile_parameters(self):
        self.assert_no_server_error(self.page_urls)

    def test_the_crawl_knows_every_filterset_of_the_browsing_lists(self):
        self.assertEqual(set(ListFilter.__subclasses__()), set(LIST_FILTERS.values()))

    # Admin changelists and their exports

    def changelist_queries(self, model_admin) -> list[dict[str, str]]:
        """Every list filter's parameters, the bare field path of a field
        filter (``?lead_department=``, which the admin takes as a lookup),
        and page, ordering and search."""
        changelist = model_admin.get_changelist_instance(self.request_as("superuser"))
        parameters = [p for spec in changelist.filter_specs for p in spec.expected_parameters()]
        for path in model_admin.list_filter:
            if isinstance(path, str) and f"{path}__exact" not in parameters:
                parameters.append(path)
        queries = []
        for parameter in dict.fromkeys(parameters):
            # __isnull reads any text as true or false: one value is enough.
            values = [HOSTILE_TEXT] if parameter.endswith("__isnull") else HOSTILE_ADMIN
            queries += [{parameter: value} for value in values]
        # Page, ordering and search refuse no value on lists of one page, so
        # asked together each is still tried.
        return queries + [{"p": value, "o": value, "q": value} for value in ("-1", *HOSTILE_ADMIN)]

    def drilldown_queries(self, field: str | None) -> list[dict[str, str]]:
        if not field:
            return []
        year, month, day = f"{field}__year", f"{field}__month", f"{field}__day"
        return [
            *({year: value} for value in HOSTILE_YEARS),
            *({year: "2024", month: value} for value in ("0", "13", *HOSTILE_ADMIN)),
            *({year: "2024", month: "2", day: value} for value in ("0", "30", *HOSTILE_ADMIN)),
            {year: "9999", month: "12"},
            {year: "9999", month: "12", day: "31"},
            {month: HUGE},
        ]

    def admin_urls(self, role) -> list[str]:
        urls, request = [], self.request_as(role)
        for model, model_admin in admin.site._registry.items():
            info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
            changelist = reverse(f"{info}_changelist")
            if not model_admin.has_view_or_change_permission(request):
                # Refused before any parameter is read.
                urls.append(f"{changelist}?{urlencode({'q': LONG_TEXT})}")
                continue
            queries = self.changelist_queries(model_admin)
            drilldown = self.drilldown_queries(model_admin.date_hierarchy)
            urls += [f"{changelist}?{urlencode(query)}" for query in [*queries, *drilldown]]
            if hasattr(model_admin, "export_filtered_view"):
                # The download reads the list's own rows through the same
                # checks: each parameter once, with the value that gets
                # furthest (a number, too large for any column), and its sep.
                export = reverse(f"{info}_export")
                queries = [query for query in queries if HUGE in query.values()]
                urls += [f"{export}?{urlencode(query)}" for query in [*queries, *drilldown]]
                urls += [f"{export}?{urlencode({'sep': value})}" for value in HOSTILE_ADMIN]
        return urls

    def test_no_admin_changelist_answers_a_server_error_on_hostile_parameters(self):
        self.assert_no_server_error(self.admin_urls)

    # Admin add forms, which take their initial values from the query string

    def add_form_urls(self, role) -> list[str]:
        """Every field of the model at once with each value: a field's
        initial value never stops the form from reading the others'."""
        urls, request = [], self.request_as(role)
        for model, model_admin in admin.site._registry.items():
            if not model_admin.has_add_permission(request):
                continue
            fields = [f.name for f in model._meta.get_fields() if getattr(f, "editable", False)]
            add = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
            urls += [f"{add}?{urlencode(dict.fromkeys(fields, value))}" for value in HOSTILE_ADMIN]
        return urls

    def test_no_admin_add_form_answers_a_server_error_on_hostile_initial_values(self):
        self.assert_no_server_error(self.add_form_urls)


class WrongValuesAreExplainedTests(TestCase):
    """What a reader gets instead of the server error: the page with a
    message saying what was wrong, or a 404 for a record that cannot exist."""

    @classmethod
    def setUpTestData(cls):
        cls.user = make_superuser()
        cls.meeting = factories.make_meeting()
        cls.cooperation = factories.make_cooperation()

    def setUp(self):
        self.client.force_login(self.user)

    def test_a_list_refuses_a_year_outside_the_register_in_its_filter_form(self):
        for year in ("0", "-1", HUGE):
            with self.subTest(year=year):
                response = self.client.get(reverse("pages:meeting_list"), {"year": year})
                self.assertContains(response, "Tahun harus antara 1900 dan 2100.")
                # The wrong filter is left out, not the rows.
                self.assertContains(response, self.meeting.title)

    def test_a_list_still_filters_by_a_year_inside_the_register(self):
        url = reverse("pages:meeting_list")
        self.assertContains(self.client.get(url, {"year": "2024"}), self.meeting.title)
        self.assertNotContains(self.client.get(url, {"year": "2023"}), self.meeting.title)

    def test_an_implementation_report_of_a_year_outside_the_register_is_not_found(self):
        for year in (0, 1899, 2101, int(HUGE)):
            with self.subTest(year=year):
                url = reverse("pages:implementation_report", args=[self.cooperation.pk, year])
                self.assertEqual(self.client.get(url).status_code, 404)

    def assert_list_refuses(self, url: str, query: dict, message: str):
        response = self.client.get(url, query, follow=True)
        self.assertEqual(response.redirect_chain, [(f"{url}?e=1", 302)])
        self.assertContains(response, message)

    def test_the_admin_date_drilldown_refuses_a_year_outside_the_register(self):
        url = reverse("admin:meetings_meeting_changelist")
        for year in (HUGE, "9999", "1", "abc"):
            with self.subTest(year=year):
                self.assert_list_refuses(url, {"starts_at__year": year}, "Tahun harus antara 1900 dan 2100.")

    def test_the_admin_date_drilldown_refuses_a_month_or_day_that_does_not_exist(self):
        url = reverse("admin:meetings_meeting_changelist")
        self.assert_list_refuses(
            url, {"starts_at__year": "2024", "starts_at__month": "13"}, "Bulan harus antara 1 dan 12."
        )
        self.assert_list_refuses(
            url,
            {"starts_at__year": "2024", "starts_at__month": "2", "starts_at__day": "30"},
            "Tanggal harus ada pada bulan yang dipilih.",
        )

    def test_the_admin_date_drilldown_still_narrows_to_a_real_day(self):
        day = self.meeting.starts_at.astimezone(factories.WIB)
        query = {"starts_at__year": day.year, "starts_at__month": day.month, "starts_at__day": day.day}
        response = self.client.get(reverse("admin:meetings_meeting_changelist"), query)
        self.assertContains(response, self.meeting.title)

    def test_the_admin_date_drilldown_offers_only_the_years_it_accepts(self):
        factories.make_document(valid_until=datetime.date(2029, 1, 1))
        factories.make_document(valid_until=datetime.date(2150, 1, 1))
        response = self.client.get(reverse("admin:partnerships_document_changelist"))
        self.assertContains(response, "valid_until__year=2100")
        self.assertNotContains(response, "valid_until__year=2101")

    def test_the_admin_refuses_a_related_record_number_beyond_any_key(self):
        url = reverse("admin:partnerships_cooperation_changelist")
        message = "Angka untuk “Perangkat daerah pengampu” di luar jangkauan."
        self.assert_list_refuses(url, {"lead_department": HUGE}, message)
        self.assert_list_refuses(url, {"lead_department__in": f"1,{HUGE}"}, message)

    def test_the_admin_explains_a_filter_that_django_refuses(self):
        url = reverse("admin:partnerships_cooperation_changelist")
        self.assert_list_refuses(
            url, {"lead_department__id__exact": "abc"}, "Alamat ini memuat filter atau halaman yang tidak ada"
        )

    def test_the_export_of_a_refused_filter_returns_to_the_list_with_the_reason(self):
        response = self.client.get(
            reverse("admin:meetings_meeting_export"), {"starts_at__year": "0"}, follow=True
        )
        self.assertEqual(
            response.redirect_chain, [(f"{reverse('admin:meetings_meeting_changelist')}?e=1", 302)]
        )
        self.assertContains(response, "Tahun harus antara 1900 dan 2100.")

    def test_a_history_page_of_an_id_that_cannot_exist_is_not_found(self):
        for id_ in ("abc", HUGE, "1' OR '1'='1"):
            with self.subTest(id=id_):
                self.assertEqual(
                    self.client.get(reverse("admin:meetings_meeting_history", args=[id_])).status_code, 404
                )
                version = reverse("admin:meetings_meeting_simple_history", args=[self.meeting.pk, id_])
                self.assertEqual(self.client.get(version).status_code, 404)

    def test_a_history_page_of_a_real_version_still_opens(self):
        record = self.meeting.history.get()
        url = reverse("admin:meetings_meeting_simple_history", args=[self.meeting.pk, record.history_id])
        self.assertEqual(self.client.get(url).status_code, 200)
