"""Calendar feeds by secret URL, and single meetings and visits as .ics files.

Calendar apps cannot log in, so a feed is opened by the personal token on the
user's profile page; regenerating or revoking the token cuts off every app
that has the old URL. The feed answers with what its owner may see today: a
user who loses their role, or is deactivated, loses the feed too.

Whose events: a user who reads everything gets the whole city, OPD staff get
their own department; ``?opd=<acronym>`` picks one department's calendar.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.views.decorators.http import require_GET

from accounts.models import StaffProfile
from accounts.roles import has_any_role, reads_everything
from bandung_coop.agenda import ical
from meetings.models import Meeting, Visit
from partnerships.models import Department


def _ics_response(cal, filename: str, *, download: bool) -> HttpResponse:
    response = HttpResponse(cal.to_ical(), content_type=ical.CONTENT_TYPE)
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def calendar_feed(request, token: str):
    profile = (
        StaffProfile.objects.select_related("user", "department")
        .filter(calendar_token=token, user__is_active=True)
        .exclude(calendar_token="")
        .first()
    )
    if profile is None or not has_any_role(profile.user):
        raise Http404("Unknown or revoked calendar link.")
    user = profile.user
    if acronym := request.GET.get("opd"):
        department = get_object_or_404(Department, acronym__iexact=acronym)
    elif reads_everything(user):
        department = None
    else:
        department = profile.department
    name = department.acronym if department else "kota-bandung"
    # Calendar apps send their own Accept-Language; the feed speaks the UI's language.
    with translation.override(settings.LANGUAGE_CODE):
        cal = ical.feed_calendar(user, department)
    return _ics_response(cal, f"kerjasama-{name}.ics", download=False)


@login_required
@require_GET
def meeting_ics(request, pk: int):
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user).defer("minutes"), pk=pk)
    cal = ical.calendar(meeting.title, [ical.meeting_event(meeting)])
    return _ics_response(cal, f"pertemuan-{meeting.pk}.ics", download=True)


@login_required
@require_GET
def visit_ics(request, pk: int):
    visit = get_object_or_404(Visit.objects.visible_to(request.user).select_related("partner"), pk=pk)
    event = ical.visit_event(visit)
    cal = ical.calendar(str(event["summary"]), [event])
    return _ics_response(cal, f"kunjungan-{visit.pk}.ics", download=True)
