"""The browsing lists. Each list's rows come from one function, so the page
and its export (``?format=csv`` where offered) hold exactly the same rows."""

from django.db.models import Prefetch
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from bandung_coop.pages.access import role_required
from bandung_coop.pages.filters import CooperationFilter, FollowUpFilter, MeetingFilter, VisitFilter
from coop_lib.csv_export import csv_response
from coop_lib.paginator import BoundedCountPaginator
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


def _list_page(request, rows, template: str, title, spec):
    filterset, queryset = rows(request)
    if request.GET.get("format") == "csv":
        return csv_response(queryset=queryset, spec=spec(), request=request)
    # Counted up to a bound, as in the admin: a million rows are never counted one by one.
    page = BoundedCountPaginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    context = {"filter": filterset, "page": page, "title": title, "query": query.urlencode()}
    return render(request, template, context)


@role_required
def meeting_list(request):
    return _list_page(request, meeting_rows, "pages/meeting_list.html", _("Meetings"), meeting_spec)


@role_required
def visit_list(request):
    return _list_page(request, visit_rows, "pages/visit_list.html", _("Delegation visits"), visit_spec)


@role_required
def cooperation_list(request):
    return _list_page(
        request, cooperation_rows, "pages/cooperation_list.html", _("Cooperations"), cooperation_spec
    )


@role_required
def follow_up_list(request):
    return _list_page(request, follow_up_rows, "pages/follow_up_list.html", _("Follow-ups"), follow_up_spec)
