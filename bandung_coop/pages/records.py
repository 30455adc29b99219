"""One partner, and one meeting, on a page of their own."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from bandung_coop.pages.access import role_required
from figures import counts
from meetings.models import Attachment, FollowUp, Meeting, Participant, Visit
from partnerships.lifecycle import agreement_chains, lineage_documents
from partnerships.models import Cooperation, Document, Partner

# Rows of a partner's history shown on its page, newest first.
TIMELINE = 100


@role_required
def partner_list(request):
    partners = counts.meetings_per_partner(Meeting.objects.visible_to(request.user), Partner.objects.all())
    return render(request, "pages/partner_list.html", {"partners": partners})


@role_required
def partner_detail(request, pk: int):
    user = request.user
    partner = get_object_or_404(Partner, pk=pk)
    visible = Meeting.objects.visible_to(user).select_related("owner_department").prefetch_related("partners")
    meetings = list(counts.latest_meetings_involving(visible, [partner], limit=TIMELINE))
    visits = (
        Visit.objects.visible_to(user)
        .filter(partner=partner)
        .select_related("host_department", "leader")
        .order_by("-starts_on", "-pk")[:TIMELINE]
    )
    timeline = sorted(
        [("meeting", timezone.localdate(meeting.starts_at), meeting) for meeting in meetings]
        + [("visit", visit.starts_on, visit) for visit in visits],
        key=lambda entry: entry[1],
        reverse=True,
    )[:TIMELINE]
    cooperations = (
        Cooperation.objects.visible_to(user)
        .filter(partners=partner)
        .select_related("lead_department")
        .prefetch_related("sectors", Prefetch("documents", queryset=Document.objects.order_by("-signed_on")))
    )
    context = {
        "partner": partner,
        "cooperations": cooperations,
        "chains": agreement_chains(lineage_documents(Document.objects.filter(cooperation__in=cooperations))),
        "timeline": timeline,
        # Still to do from the meetings shown, the longest overdue first;
        # the list has them all.
        "follow_ups": FollowUp.objects.visible_to(user)
        .pending()
        .filter(meeting__in=[meeting.pk for meeting in meetings])
        .select_related("owner_department", "meeting")
        .order_by("due_on", "pk")[:TIMELINE],
        "follow_ups_url": reverse("pages:follow_up_list") + f"?partner={partner.pk}",
        "people_met": Participant.objects.filter(meeting__in=[meeting.pk for meeting in meetings])
        .select_related("person", "meeting")
        .order_by("-meeting__starts_at", "person__full_name")[:TIMELINE],
        "meeting_count": counts.meetings_involving_count(Meeting.objects.visible_to(user), partner),
        "meetings_url": reverse("pages:meeting_list") + f"?partner={partner.pk}",
        "today": timezone.localdate(),
    }
    return render(request, "pages/partner_detail.html", context)


@role_required
def meeting_detail(request, pk: int):
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user)
        .select_related("owner_department", "visit")
        .prefetch_related("partners", "attending_departments", "cooperations"),
        pk=pk,
    )
    context = {
        "meeting": meeting,
        "minutes_readable": meeting.minutes_readable_by(request.user),
        "participants": meeting.participants.select_related("person").order_by("role", "person__full_name"),
        "follow_ups": meeting.follow_ups.select_related("owner_department"),
        "attachments": Attachment.objects.visible_to(request.user)
        .filter(meeting=meeting)
        .order_by("title", "pk"),
    }
    return render(request, "pages/meeting_detail.html", context)
