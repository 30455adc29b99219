"""What leadership reads about a partnership, gathered across both apps: a
cooperation's year (the implementation report) and everything before an
audience (the briefing). Everything is read through ``visible_to(user)``;
minutes only through ``with_visible_minutes(user)``, so confidential minutes
never reach a user who may not read them. A long history is cut to its
latest entries (``LATEST``), with the count of all and the list that holds
them; the meetings involving a partner are found through ``figures.counts``."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from figures import counts
from meetings.models import FollowUp, FollowUpStatus, Meeting, Participant, ParticipantRole, Visit
from partnerships.lifecycle import agreement_chains, lineage_documents, missing_for_kinds
from partnerships.models import ActionPlanItem, ActionPlanTarget, Cooperation, Document, Partner

# Entries of a long history a page shows, newest first.
LATEST = 20
# Meetings whose open follow-ups a briefing lists.
RECENT = 100
# Rows of a year a printed report lists: two printed pages of each list, as
# many as a browsing list's page; the lists linked from it hold them all.
LISTED = 50


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
    partners = list(Partner.objects.filter(cooperations=cooperation))
    documents = list(lineage_documents(cooperation.documents.all()))
    visible = Meeting.objects.visible_to(user)
    if partners:
        about = counts.meeting_keys_involving(*partners)
        meetings = counts.meetings_of_year_involving(visible, partners, year)
    else:
        about = Meeting.objects.filter(cooperations=cooperation).values("pk")
        meetings = visible.filter(pk__in=about).in_year(year)
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
        "meetings": meetings.select_related("owner_department").order_by("starts_at", "pk")[:LISTED],
        "meeting_count": meetings.count(),
        "listed": LISTED,
        "visits": Visit.objects.visible_to(user)
        .filter(partner__in=partners, starts_on__year=year)
        .select_related("partner", "host_department")
        .order_by("starts_on", "pk")[:LISTED],
        "open_follow_ups": FollowUp.objects.visible_to(user)
        .pending()
        .filter(meeting__in=meetings.values("pk"))
        .select_related("meeting", "owner_department")
        .order_by("due_on", "pk")[:LISTED],
        "done_follow_ups": _first_done(
            FollowUp.objects.visible_to(user).filter(
                meeting__in=about, status=FollowUpStatus.DONE, done_on__year=year
            )
        ),
    }


def _first_done(follow_ups):
    """The first done follow-ups, their keys chosen first from the index of
    done ones (date, key and meeting, no row read), then their rows: the
    year's done follow-ups of a busy partner are found without reading each."""
    first = follow_ups.order_by("done_on", "pk").values("pk")[:LISTED]
    return (
        FollowUp.objects.filter(pk__in=first)
        .select_related("meeting", "owner_department")
        .order_by("done_on", "pk")
    )


def briefing_for(meeting: Meeting, user) -> dict:
    """Everything before an audience: the partners, each cooperation's stage,
    agreements and plan, the latest earlier meetings and visits, open
    follow-ups, and the latest meetings of each expected guest; all as
    ``user`` may see them."""
    at_table = Meeting.partners.through.objects.filter(meeting=meeting).values("partner")
    through_cooperations = Cooperation.partners.through.objects.filter(cooperation__meetings=meeting)
    partners = list(
        Partner.objects.filter(
            Q(pk__in=at_table) | Q(pk__in=through_cooperations.values("partner"))
        ).order_by("name")
    )
    cooperations = (
        Cooperation.objects.visible_to(user)
        .filter(
            Q(pk__in=Meeting.cooperations.through.objects.filter(meeting=meeting).values("cooperation"))
            | Q(
                pk__in=Cooperation.partners.through.objects.filter(partner__in=partners).values("cooperation")
            )
        )
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
    visible = Meeting.objects.visible_to(user)
    earlier = (
        counts.latest_meetings_involving(
            visible.with_visible_minutes(user).prefetch_related("partners"),
            partners,
            LATEST,
            before=meeting.starts_at,
        )
        if partners
        else Meeting.objects.none()
    )
    # Open follow-ups of the latest meetings with these partners.
    recent = counts.latest_meetings_involving(Meeting.objects.all(), partners, RECENT)
    open_follow_ups = (
        FollowUp.objects.visible_to(user)
        .pending()
        .filter(meeting__in=recent.values("pk"))
        .select_related("meeting", "owner_department")
    )
    guests = list(
        Participant.objects.visible_to(user)
        .filter(meeting=meeting, role=ParticipantRole.GUEST)
        .select_related("person__partner")
    )
    previous_of = defaultdict(list)
    latest_of_each = Window(RowNumber(), partition_by=F("person"), order_by=F("meeting__starts_at").desc())
    for participation in (
        Participant.objects.visible_to(user)
        .filter(person__in=[guest.person_id for guest in guests], meeting__starts_at__lt=meeting.starts_at)
        .exclude(meeting=meeting)
        .annotate(latest=latest_of_each)
        .filter(latest__lte=LATEST)
        .select_related("meeting")
        .order_by("-meeting__starts_at")
    ):
        previous_of[participation.person_id].append(participation)
    return {
        "meeting": meeting,
        "partners": partners,
        "briefs": briefs,
        "earlier_meetings": earlier,
        "latest": LATEST,
        "recent": RECENT,
        "visits": Visit.objects.visible_to(user)
        .filter(partner__in=partners, starts_on__lt=timezone.localtime(meeting.starts_at).date())
        .select_related("partner", "leader", "host_department")
        .order_by("-starts_on", "-pk")[:LATEST],
        "open_follow_ups": open_follow_ups.select_related("meeting", "owner_department").order_by(
            "due_on", "pk"
        )[:LATEST],
        "open_follow_up_count": open_follow_ups.count(),
        "follow_ups_url": _follow_ups_url(partners),
        "guests": [(guest, previous_of[guest.person_id]) for guest in guests],
        "printed_on": date_format(on, "j F Y"),
    }


def _follow_ups_url(partners: list[Partner]) -> str:
    """The follow-up list of the meeting's first partner (one list per partner)."""
    if not partners:
        return ""
    return reverse("pages:follow_up_list") + f"?partner={partners[0].pk}&status=open"
