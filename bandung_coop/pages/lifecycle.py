"""Printable pages of a cooperation's lifecycle: the yearly implementation
report (also as CSV) and the briefing for leadership before a meeting; what
they show is read by ``dossiers``."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bandung_coop.pages.dossiers import briefing_for, cooperation_year
from coop_lib.csv_export import delimiter_for
from coop_lib.csv_spec import BOM, cell
from coop_lib.validators import FIRST_YEAR, LAST_YEAR
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
    return render(request, "lifecycle/implementation_report.html", context)


def _report_csv(request, context: dict) -> HttpResponse:
    cooperation, year = context["cooperation"], context["year"]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"laporan-pelaksanaan-{cooperation.pk}-{year}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(BOM)  # Excel reads the file as UTF-8 only with the BOM.
    writer = csv.writer(response, delimiter=delimiter_for(request))

    def row(*cells) -> None:  # the export's cells: ISO dates, formulas neutralised
        writer.writerow([cell(value) for value in cells])

    row(_("Implementation report"), cooperation.title, year)
    row(_("Stage"), cooperation.get_stage_display())
    row(_("Missing evidence"), ", ".join(str(evidence) for evidence in context["missing"]))
    row()
    row(_("Documents"))
    row(_("Kind"), _("Number"), _("Title"), _("Signed on"), _("Valid from"), _("Valid until"), _("Status"))
    for item in context["documents"]:
        document = item.document
        row(
            document.get_kind_display(),
            document.number,
            document.title,
            document.signed_on,
            document.valid_from,
            document.valid_until,
            item.status,
        )
    row()
    row(_("Plan of action"))
    row(_("Activity"), _("Department"), _("Indicator"), _("Unit"), _("Target"), _("Achieved"), _("Evidence"))
    for target in context["targets"]:
        item = target.item
        row(
            item.activity,
            item.owner_department,
            item.indicator,
            item.unit,
            target.target,
            target.achieved,
            target.evidence,
        )
    row()
    row(_("Meetings"))
    row(_("Date"), _("Title"), _("Place"), _("Department"))
    for meeting in context["meetings"]:
        row(
            timezone.localtime(meeting.starts_at).date(),
            meeting.title,
            meeting.place,
            meeting.owner_department,
        )
    row()
    row(_("Visits"))
    row(_("Start"), _("End"), _("Partner"), _("Direction"), _("Purpose"))
    for visit in context["visits"]:
        row(visit.starts_on, visit.ends_on, visit.partner, visit.get_direction_display(), visit.purpose)
    row()
    row(_("Follow-ups"))
    row(_("Follow-up"), _("Department"), _("Due"), _("Status"), _("Done on"))
    for follow_up in [*context["open_follow_ups"], *context["done_follow_ups"]]:
        row(
            follow_up.description,
            follow_up.owner_department,
            follow_up.due_on,
            follow_up.get_status_display(),
            follow_up.done_on,
        )
    return response


@login_required
def briefing(request, pk: int):
    user = request.user
    meeting = get_object_or_404(
        Meeting.objects.visible_to(user).select_related("owner_department", "visit"), pk=pk
    )
    return render(request, "lifecycle/briefing.html", briefing_for(meeting, user))
