"""Printable pages of a cooperation's lifecycle: the yearly implementation
report (also as CSV and as a workbook) and the briefing for leadership before a meeting; what
they show is read by ``dossiers``."""

import csv
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bandung_coop.pages.dossiers import briefing_for, cooperation_year
from coop_lib.csv_export import delimiter_for
from coop_lib.csv_spec import BOM, cell
from coop_lib.validators import FIRST_YEAR, LAST_YEAR
from coop_lib.xlsx_export import report_workbook_response
from meetings.models import Meeting
from partnerships.models import Cooperation


@login_required
def implementation_report(request, pk: int, year: int):
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("No report for that year.")
    user = request.user
    cooperation = get_object_or_404(
        Cooperation.objects.visible_to(user)
        .select_related("lead_department")
        .prefetch_related("partners", "supporting_departments"),
        pk=pk,
    )
    context = cooperation_year(cooperation, year, user)
    if request.GET.get("format") == "csv":
        return _report_csv(request, context)
    if request.GET.get("format") == "xlsx":
        return _report_workbook(context)
    return render(request, "lifecycle/implementation_report.html", context)


def _report_csv(request, context: dict) -> HttpResponse:
    cooperation, year = context["cooperation"], context["year"]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"{_report_name(cooperation, year)}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(BOM)  # Excel reads the file as UTF-8 only with the BOM.
    writer = csv.writer(response, delimiter=delimiter_for(request))
    for line in _report_lines(context):  # the export's cells: ISO dates, formulas neutralised
        writer.writerow([cell(value) for value in line])
    return response


def _report_workbook(context: dict):
    cooperation, year = context["cooperation"], context["year"]
    return report_workbook_response(
        _report_lines(context),
        title=_("Implementation report"),
        filename=f"{_report_name(cooperation, year)}.xlsx",
    )


def _report_name(cooperation: Cooperation, year: int) -> str:
    return f"laporan-pelaksanaan-{cooperation.pk}-{year}"


def _report_lines(context: dict) -> Iterator[tuple]:
    """The report's lines, for its CSV and its workbook alike."""
    cooperation, year = context["cooperation"], context["year"]
    yield (_("Implementation report"), cooperation.title, year)
    yield (_("Stage"), cooperation.get_stage_display())
    yield (_("Missing evidence"), ", ".join(str(evidence) for evidence in context["missing"]))
    yield ()
    yield (_("Documents"),)
    yield (_("Kind"), _("Number"), _("Title"), _("Signed on"), _("Valid from"), _("Valid until"), _("Status"))
    for item in context["documents"]:
        document = item.document
        yield (
            document.get_kind_display(),
            document.number,
            document.title,
            document.signed_on,
            document.valid_from,
            document.valid_until,
            item.status,
        )
    yield ()
    yield (_("Plan of action"),)
    yield (
        _("Activity"),
        _("Department"),
        _("Indicator"),
        _("Unit"),
        _("Target"),
        _("Achieved"),
        _("Evidence"),
    )
    for target in context["targets"]:
        item = target.item
        yield (
            item.activity,
            item.owner_department,
            item.indicator,
            item.unit,
            target.target,
            target.achieved,
            target.evidence,
        )
    yield ()
    yield (_("Meetings"),)
    yield (_("Date"), _("Title"), _("Place"), _("Department"))
    for meeting in context["meetings"]:
        yield (
            timezone.localtime(meeting.starts_at).date(),
            meeting.title,
            meeting.place,
            meeting.owner_department,
        )
    yield ()
    yield (_("Visits"),)
    yield (_("Start"), _("End"), _("Partner"), _("Direction"), _("Purpose"))
    for visit in context["visits"]:
        yield (visit.starts_on, visit.ends_on, visit.partner, visit.get_direction_display(), visit.purpose)
    yield ()
    yield (_("Follow-ups"),)
    yield (_("Follow-up"), _("Department"), _("Due"), _("Status"), _("Done on"))
    for follow_up in [*context["open_follow_ups"], *context["done_follow_ups"]]:
        yield (
            follow_up.description,
            follow_up.owner_department,
            follow_up.due_on,
            follow_up.get_status_display(),
            follow_up.done_on,
        )


@login_required
def briefing(request, pk: int):
    user = request.user
    meeting = get_object_or_404(
        Meeting.objects.visible_to(user).select_related("owner_department", "visit"), pk=pk
    )
    return render(request, "lifecycle/briefing.html", briefing_for(meeting, user))
