"""What leadership reads about a partnership, gathered across both apps: a
cooperation's year (the implementation report) and everything before an
audience (the briefing). Everything is read through ``visible_to(user)``;
minutes only through ``with_visible_minutes(user)``, so confidential minutes
never reach a user who may not read them."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from meetings.models import FollowUp, FollowUpStatus, Meeting, Participant, ParticipantRole, Visit
from partnerships.lifecycle import agreement_chains, lineage_documents, missing_for_kinds
from partnerships.models import ActionPlanItem, ActionPlanTarget, Cooperation, Document, Partner


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


@dataclass
class CooperationBrief:
    cooperation: Cooperation
    chains: list
    documents: list
    missing: list
    plan: list


def cooperation_year(cooperation: Cooperation, year: int, user) -> dict:
    """A cooperation's year: stage and missing evidence, documents and their
    validity, targets against achievements, its meetings, visits and
    follow-ups; all as ``user`` may see them."""
    on = _report_date(year)
    single = Cooperation.objects.filter(pk=cooperation.pk)
    partners = Partner.objects.filter(cooperations=cooperation)
    documents = list(lineage_documents(cooperation.documents.all()))
    about = Meeting.objects.involving(partners=partners, cooperations=single).values("pk")
    return {
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


def briefing_for(meeting: Meeting, user) -> dict:
    """Everything before an audience: the partners, each cooperation's stage,
    agreements and plan, earlier meetings and visits, open follow-ups, and
    the earlier meetings of each expected guest; all as ``user`` may see them."""
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
    return {
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
