"""The browsing lists. Each list's rows come from one function, so the page
and its export (``?format=csv`` where offered) hold exactly the same rows;
an export too long for a request is a background job that calls the same
function with the same address as the same user."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.roles import has_any_role
from bandung_coop.pages.access import role_required
from bandung_coop.pages.filters import CooperationFilter, FollowUpFilter, MeetingFilter, VisitFilter
from coop_lib.csv_export import csv_response, delimiter_for
from coop_lib.export_jobs import (
    EXPORT_RESULT_TEMPLATE,
    start_export,
    too_large_for_request,
    write_export,
    write_workbook_export,
)
from coop_lib.jobs import JobFailed, RunningJob, job_task
from coop_lib.paginator import BoundedCountPaginator
from coop_lib.xlsx_export import About, workbook_response
from meetings.csv_columns import follow_up_spec, meeting_spec, visit_spec
from meetings.models import FollowUp, Meeting, Visit
from partnerships.csv_columns import cooperation_spec
from partnerships.models import Cooperation, Document

PER_PAGE = 50


def meeting_rows(request):
    meetings = (
        Meeting.objects.visible_to(request.user)
        .select_related("owner_department")
        .prefetch_related("partners")
        .order_by("-starts_at", "-pk")
    )
    filterset = MeetingFilter(request.GET, queryset=meetings)
    return filterset, filterset.qs


def visit_rows(request):
    visits = (
        Visit.objects.visible_to(request.user)
        .select_related("partner", "host_department", "leader")
        .order_by("-starts_on", "-pk")
    )
    filterset = VisitFilter(request.GET, queryset=visits)
    return filterset, filterset.qs


def cooperation_rows(request):
    cooperations = (
        Cooperation.objects.visible_to(request.user)
        .select_related("lead_department")
        .prefetch_related(
            "partners", "sectors", Prefetch("documents", queryset=Document.objects.order_by("-signed_on"))
        )
        .order_by("title", "pk")
    )
    filterset = CooperationFilter(request.GET, queryset=cooperations)
    return filterset, filterset.qs


def follow_up_rows(request):
    follow_ups = (
        FollowUp.objects.visible_to(request.user)
        .select_related("meeting", "owner_department")
        .order_by("due_on", "pk")
    )
    filterset = FollowUpFilter(request.GET, queryset=follow_ups)
    return filterset, filterset.qs


@dataclass(frozen=True)
class BrowsingList:
    rows: object  # rows(request) -> (filterset, queryset)
    spec: object  # spec() -> CsvSpec, in the current language
    template: str
    title: Promise
    url_name: str
    # Read for the rows of a page only, not for its export.
    page_prefetch: tuple[str, ...] = ()


LISTS = {
    "meetings": BrowsingList(
        meeting_rows,
        meeting_spec,
        "pages/meeting_list.html",
        _("Meetings"),
        "pages:meeting_list",
        # Why a meeting without the filtered partner at the table is listed.
        page_prefetch=("cooperations__partners",),
    ),
    "visits": BrowsingList(
        visit_rows, visit_spec, "pages/visit_list.html", _("Delegation visits"), "pages:visit_list"
    ),
    "cooperations": BrowsingList(
        cooperation_rows,
        cooperation_spec,
        "pages/cooperation_list.html",
        _("Cooperations"),
        "pages:cooperation_list",
    ),
    "follow_ups": BrowsingList(
        follow_up_rows, follow_up_spec, "pages/follow_up_list.html", _("Follow-ups"), "pages:follow_up_list"
    ),
}


def _list_page(request, name: str):
    listed = LISTS[name]
    filterset, queryset = listed.rows(request)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    kind = request.GET.get("format")
    if kind in ("csv", "xlsx"):
        if too_large_for_request(queryset):
            query.pop("sep", None)
            title = gettext("Excel export: %(list)s") if kind == "xlsx" else gettext("CSV export: %(list)s")
            return start_export(
                export_list,
                request=request,
                title=title % {"list": listed.title},
                params={"name": name, "query": request.GET.urlencode(), "delimiter": delimiter_for(request)},
                return_url=reverse(listed.url_name) + (f"?{query.urlencode()}" if query else ""),
            )
        if kind == "xlsx":
            return workbook_response(
                queryset=queryset, request=request, **_workbook(listed, filterset, request)
            )
        return csv_response(queryset=queryset, spec=listed.spec(), request=request)
    # Counted up to a bound, as in the admin: a million rows are never counted one by one.
    page = BoundedCountPaginator(queryset.prefetch_related(*listed.page_prefetch), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "filter": filterset,
        "active_filters": sum(1 for name in filterset.filters if request.GET.get(name)),
        "page": page,
        "title": listed.title,
        "query": query.urlencode(),
    }
    return render(request, listed.template, context)


@job_task(result_template=EXPORT_RESULT_TEMPLATE)
def export_list(job: RunningJob, *, name: str, query: str, delimiter: str) -> None:
    """The export of a browsing list too long for a request: the same rows
    from the same address, as the same user."""
    listed = LISTS[name]
    request = job.request(reverse(listed.url_name), query, csv_delimiter=delimiter)
    if not has_any_role(request.user):
        raise JobFailed(gettext("You may no longer read this list, so it was not exported."))
    filterset, queryset = listed.rows(request)
    if request.GET.get("format") == "xlsx":
        write_workbook_export(job, queryset, **_workbook(listed, filterset, request))
        return
    write_export(job, csv_response(queryset=queryset, spec=listed.spec(), request=request), queryset)


def _workbook(listed: BrowsingList, filterset, request) -> dict:
    """What a list's workbook is made of besides its rows: the columns, the
    first sheet (each filter with its value as the form shows it), the link
    to each record's page."""
    filters = []
    if filterset.is_valid():
        for name, value in filterset.form.cleaned_data.items():
            if value not in (None, "", [], False):
                shown = value.isoformat() if isinstance(value, datetime.date) else value
                filters.append((str(filterset.form.fields[name].label or name), str(shown)))
    model = filterset.queryset.model
    return {
        "spec": listed.spec(),
        "about": About(title=str(listed.title), user=request.user.get_username(), filters=filters),
        "link": _page_link(model),
    }


def _page_link(model):
    """The address of a row's page, where the list's records have one."""
    if not hasattr(model, "get_absolute_url"):
        return None
    return lambda pk: settings.SITE_URL + model(pk=pk).get_absolute_url()


@role_required
def meeting_list(request):
    return _list_page(request, "meetings")


@role_required
def visit_list(request):
    return _list_page(request, "visits")


@role_required
def cooperation_list(request):
    return _list_page(request, "cooperations")


@role_required
def follow_up_list(request):
    return _list_page(request, "follow_ups")
