"""Printable pages of a cooperation's lifecycle: the yearly implementation
report (also as CSV) and the briefing for leadership before a meeting.

Everything is read through ``visible_to(user)``; minutes only through
``with_visible_minutes(user)``, so confidential minutes never reach a user
who may not read them.
"""

import csv
import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coop_lib.csv_export import delimiter_for
from coop_lib.csv_spec import BOM, cell
from coop_lib.validators import FIRST_YEAR, LAST_YEAR
from meetings.models import FollowUp, FollowUpStatus, Meeting, Participant, ParticipantRole, Visit
from partnerships.lifecycle import agreement_chains, lineage_documents, missing_for_kinds
from partnerships.models import (
    ActionPlanItem,
    ActionPlanTarget,
    Cooperation,
    Document,
    Partner,
)


@dataclass
class DocumentStatus:
    document: Document
    status: str


def _validity(document: Document, on: datetime.date) -> str:
    if document.valid_from and document.valid_from > on:
        return _("not yet in force")
    if document.valid_until and document.valid_until < on:
        return _("expired")
    if document.valid_until is None:
        return _("in force, no end date")
    return _("in force")


def _report_date(year: int) -> datetime.date:
    today = timezone.localdate()
    return today if year == today.year else datetime.date(year, 12, 31)


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
    on = _report_date(year)
    single = Cooperation.objects.filter(pk=cooperation.pk)
    partners = Partner.objects.filter(cooperations=cooperation)
    documents = list(lineage_documents(cooperation.documents.all()))
    about = Meeting.objects.involving(partners=partners, cooperations=single).values("pk")
    context = {
        "cooperation": cooperation,
        "year": year,
        "on": on,
        "documents": [DocumentStatus(document, _validity(document, on)) for document in documents],
        "chains": agreement_chains(documents),
        "missing": missing_for_kinds({document.kind for document in documents}, cooperation.stage),
        "targets": ActionPlanTarget.objects.visible_to(user)
        .filter(item__cooperation=cooperation, year=year)
        .select_related("item__owner_department")
        .order_by("item__owner_department__acronym", "item__pk"),
        "totals": ActionPlanTarget.objects.visible_to(user)
        .filter(item__cooperation=cooperation, year=year)
        .totals_by_year(),
        "meetings": Meeting.objects.visible_to(user)
        .filter(pk__in=about, starts_at__year=year)
        .select_related("owner_department")
        .order_by("starts_at"),
        "visits": Visit.objects.visible_to(user)
        .filter(partner__in=partners, starts_on__year=year)
        .select_related("partner", "host_department")
        .order_by("starts_on"),
        "open_follow_ups": FollowUp.objects.visible_to(user)
        .pending()
        .filter(meeting__in=about)
        .select_related("meeting", "owner_department"),
        "done_follow_ups": FollowUp.objects.visible_to(user)
        .filter(meeting__in=about, status=FollowUpStatus.DONE, done_on__year=year)
        .select_related("meeting", "owner_department"),
    }
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


@dataclass
class CooperationBrief:
    cooperation: Cooperation
    chains: list
    documents: list
    missing: list
    plan: list


@login_required
def briefing(request, pk: int):
    user = request.user
    meeting = get_object_or_404(
        Meeting.objects.visible_to(user).select_related("owner_department", "visit"), pk=pk
    )
    partners = (
        Partner.objects.filter(Q(meetings=meeting) | Q(cooperations__meetings=meeting))
        .distinct()
        .order_by("name")
    )
    cooperations = (
        Cooperation.objects.visible_to(user)
        .filter(Q(meetings=meeting) | Q(partners__in=partners))
        .distinct()
        .select_related("lead_department")
        .prefetch_related("partners")
        .order_by("title")
    )
    on = timezone.localdate()
    documents = lineage_documents(Document.objects.filter(cooperation__in=cooperations))
    documents_of = defaultdict(list)
    for document in documents:
        documents_of[document.cooperation_id].append(document)
    items_of = defaultdict(list)
    plan = (
        ActionPlanItem.objects.visible_to(user)
        .filter(cooperation__in=cooperations)
        .select_related("owner_department")
        .prefetch_related("targets")
    )
    for item in plan:
        items_of[item.cooperation_id].append(item)
    briefs = [
        CooperationBrief(
            cooperation=cooperation,
            chains=agreement_chains(documents_of[cooperation.pk]),
            documents=[DocumentStatus(d, _validity(d, on)) for d in documents_of[cooperation.pk]],
            missing=missing_for_kinds({d.kind for d in documents_of[cooperation.pk]}, cooperation.stage),
            plan=items_of[cooperation.pk],
        )
        for cooperation in cooperations
    ]
    about = Meeting.objects.involving(partners=partners, cooperations=cooperations).values("pk")
    earlier = (
        Meeting.objects.visible_to(user)
        .with_visible_minutes(user)
        .filter(pk__in=about, starts_at__lt=meeting.starts_at)
        .exclude(pk=meeting.pk)
        .prefetch_related("partners")
        .order_by("-starts_at")
    )
    guests = list(
        Participant.objects.visible_to(user)
        .filter(meeting=meeting, role=ParticipantRole.GUEST)
        .select_related("person__partner")
    )
    previous_of = defaultdict(list)
    for participation in (
        Participant.objects.visible_to(user)
        .filter(person__in=[guest.person_id for guest in guests], meeting__starts_at__lt=meeting.starts_at)
        .exclude(meeting=meeting)
        .select_related("meeting")
        .order_by("-meeting__starts_at")
    ):
        previous_of[participation.person_id].append(participation)
    context = {
        "meeting": meeting,
        "partners": partners,
        "briefs": briefs,
        "earlier_meetings": earlier,
        "visits": Visit.objects.visible_to(user)
        .filter(partner__in=partners, starts_on__lt=timezone.localtime(meeting.starts_at).date())
        .select_related("partner", "leader", "host_department")
        .order_by("-starts_on"),
        "open_follow_ups": FollowUp.objects.visible_to(user)
        .pending()
        .filter(meeting__in=about)
        .select_related("meeting", "owner_department"),
        "guests": [(guest, previous_of[guest.person_id]) for guest in guests],
        "printed_on": date_format(on, "j F Y"),
    }
    return render(request, "lifecycle/briefing.html", context)
