"""The daily reminder digests: what each OPD must act on, e-mailed once.

Each OPD gets the agreements of its cooperations that expire within 180, 90
or 30 days, its follow-ups due within 7 days or overdue, and its meetings and
delegation visits of the next 14 days; the cooperation division gets the same
for the whole city. An item is e-mailed once per threshold it crosses, so the
command can run daily (or twice) without repeating itself. The command
queues the sending as a background job (``send_reminders_job``), or sends
at once with ``--now``.

Which OPD an item belongs to: an agreement to its cooperation's lead and
supporting departments (all of them take part in a renewal); a follow-up to
its responsible department; a meeting to its owner and its attending
departments; a visit to its hosting department.

The same items, computed once per run by ``pending_digests``, also become
the notifications under the bell of each OPD's staff and of the cooperation
division (``bandung_coop.notifications.reminders``): the e-mail and the
bell never disagree on what is due.
"""

import datetime
import logging
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.utils import format_datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import StaffProfile
from accounts.roles import Role
from bandung_coop.models import ReminderKind, ReminderSent
from bandung_coop.notifications.reminders import notify_digests
from coop_lib.admin import admin_change_url
from coop_lib.jobs import JobFailed, RunningJob, job_task
from meetings.models import FollowUp, Meeting, Visit
from partnerships.models import EXPIRY_WARNING_DAYS, Department, Document, Stage

logger = logging.getLogger(__name__)

# The first reminder comes when the agreement enters the expiry window.
AGREEMENT_THRESHOLDS = (30, 90, EXPIRY_WARNING_DAYS)
FOLLOW_UP_DAYS = 7
UPCOMING_DAYS = 14
OVERDUE = 0


@dataclass(frozen=True)
class Item:
    """One thing to remind about, and the OPDs it belongs to."""

    kind: ReminderKind
    record: models.Model
    threshold_days: int
    due_on: datetime.date
    days: int  # days left, or days overdue for an overdue follow-up
    url: str
    department_ids: frozenset[int]
    # The hour of a meeting, in WIB: moved within its day, it is reminded again.
    due_time: datetime.time = datetime.time.min

    @property
    def key(self) -> tuple[str, int, int, datetime.date, datetime.time]:
        return (str(self.kind), self.record.pk, self.threshold_days, self.due_on, self.due_time)


@dataclass
class Digest:
    department: Department | None  # None: the city-wide digest
    items: list[Item]
    recipients: list[str] = field(default_factory=list)

    @property
    def audience(self) -> str:
        return self.department.acronym if self.department else _("Bandung City (all OPD)")

    def section(self, kind: ReminderKind) -> list[Item]:
        return [item for item in self.items if item.kind == kind]


def agreement_threshold(days_left: int) -> int:
    """The tightest threshold reached: 100 days left is the 180-day reminder."""
    return next(threshold for threshold in AGREEMENT_THRESHOLDS if days_left <= threshold)


def _agreement_items(today: datetime.date) -> Iterable[Item]:
    # An ended cooperation's agreements are meant to lapse: nothing to remind.
    documents = (
        Document.objects.expiring_within(days=max(AGREEMENT_THRESHOLDS), on=today)
        .exclude(cooperation__stage=Stage.ENDED)
        .select_related("cooperation")
        .prefetch_related("cooperation__supporting_departments")
        .order_by("valid_until", "pk")
    )
    for document in documents:
        cooperation = document.cooperation
        days_left = (document.valid_until - today).days
        yield Item(
            kind=ReminderKind.AGREEMENT_EXPIRING,
            record=document,
            threshold_days=agreement_threshold(days_left),
            due_on=document.valid_until,
            days=days_left,
            url=admin_change_url(document, absolute=True),
            department_ids=frozenset(
                {cooperation.lead_department_id, *(d.pk for d in cooperation.supporting_departments.all())}
            ),
        )


def _follow_up_items(today: datetime.date) -> Iterable[Item]:
    soon = FollowUp.objects.pending().filter(
        due_on__gte=today, due_on__lte=today + datetime.timedelta(days=FOLLOW_UP_DAYS)
    )
    overdue = FollowUp.objects.overdue(on=today)
    for queryset, kind, threshold in (
        (overdue, ReminderKind.FOLLOW_UP_OVERDUE, OVERDUE),
        (soon, ReminderKind.FOLLOW_UP_DUE, FOLLOW_UP_DAYS),
    ):
        for follow_up in queryset.select_related("meeting").order_by("due_on", "pk"):
            yield Item(
                kind=kind,
                record=follow_up,
                threshold_days=threshold,
                due_on=follow_up.due_on,
                days=abs((follow_up.due_on - today).days),
                url=admin_change_url(follow_up, absolute=True),
                department_ids=frozenset({follow_up.owner_department_id}),
            )


def _meeting_items(today: datetime.date) -> Iterable[Item]:
    zone = timezone.get_default_timezone()
    start = datetime.datetime.combine(today, datetime.time.min, tzinfo=zone)
    meetings = (
        Meeting.objects.upcoming(now=start)
        .filter(starts_at__lt=start + datetime.timedelta(days=UPCOMING_DAYS + 1))
        .prefetch_related("attending_departments")
        .order_by("starts_at", "pk")
    )
    for meeting in meetings:
        starts_at = timezone.localtime(meeting.starts_at, zone)
        day = starts_at.date()
        yield Item(
            kind=ReminderKind.MEETING,
            record=meeting,
            threshold_days=UPCOMING_DAYS,
            due_on=day,
            due_time=starts_at.time(),
            days=(day - today).days,
            url=admin_change_url(meeting, absolute=True),
            department_ids=frozenset(
                {meeting.owner_department_id, *(d.pk for d in meeting.attending_departments.all())}
            ),
        )


def _visit_items(today: datetime.date) -> Iterable[Item]:
    visits = (
        Visit.objects.upcoming(on=today)
        .filter(starts_on__lte=today + datetime.timedelta(days=UPCOMING_DAYS))
        .select_related("partner")
        .order_by("starts_on", "pk")
    )
    for visit in visits:
        yield Item(
            kind=ReminderKind.VISIT,
            record=visit,
            threshold_days=UPCOMING_DAYS,
            due_on=visit.starts_on,
            days=(visit.starts_on - today).days,
            url=admin_change_url(visit, absolute=True),
            department_ids=frozenset({visit.host_department_id}),
        )


def due_items(today: datetime.date) -> list[Item]:
    """Everything due on ``today``, whether reminded already or not."""
    return [
        *_agreement_items(today),
        *_follow_up_items(today),
        *_meeting_items(today),
        *_visit_items(today),
    ]


def _sent_keys(items: list[Item]) -> set[tuple]:
    """The (department id, kind, record, threshold, date, time) already e-mailed, in one query."""
    rows = ReminderSent.objects.filter(
        kind__in={item.kind for item in items}, object_id__in={item.record.pk for item in items}
    ).values_list("department_id", "kind", "object_id", "threshold_days", "due_on", "due_time")
    return set(rows)


def _unique(addresses: Iterable[str]) -> list[str]:
    seen, unique = set(), []
    for address in addresses:
        if address and address.lower() not in seen:
            seen.add(address.lower())
            unique.append(address)
    return unique


def department_recipients() -> dict[int, list[str]]:
    """The OPD's contact address and its active staff who have not opted out."""
    recipients: dict[int, list[str]] = {}
    for department in Department.objects.active().exclude(email=""):
        recipients.setdefault(department.pk, []).append(department.email)
    profiles = (
        StaffProfile.objects.filter(department__isnull=False, email_reminders=True, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__username")
    )
    for profile in profiles:
        recipients.setdefault(profile.department_id, []).append(profile.user.email)
    return {department_id: _unique(addresses) for department_id, addresses in recipients.items()}


def city_wide_recipients() -> list[str]:
    """The cooperation division (and superusers), less those who opted out."""
    users = (
        get_user_model()
        .objects.filter(models.Q(is_superuser=True) | models.Q(groups__name=Role.COOPERATION_ADMIN))
        .filter(is_active=True)
        .exclude(email="")
        .exclude(staff_profile__email_reminders=False)
        .distinct()
        .order_by("username")
    )
    return _unique(user.email for user in users)


def pending_digests(today: datetime.date) -> list[Digest]:
    """The digests to send on ``today``: only items not e-mailed before."""
    items = due_items(today)
    if not items:
        return []
    sent = _sent_keys(items)
    recipients = department_recipients()
    digests = []
    for department in Department.objects.active().order_by("acronym"):
        new = [
            item
            for item in items
            if department.pk in item.department_ids and (department.pk, *item.key) not in sent
        ]
        if new:
            digests.append(Digest(department, new, recipients.get(department.pk, [])))
    city_wide = [item for item in items if (None, *item.key) not in sent]
    if city_wide:
        digests.append(Digest(None, city_wide, city_wide_recipients()))
    return digests


def render_digest(digest: Digest, today: datetime.date) -> EmailMultiAlternatives:
    context = {
        "digest": digest,
        "today": today,
        "profile_url": settings.SITE_URL + reverse("profile"),
        "notifications_url": settings.SITE_URL + reverse("notifications:list"),
        "agreements": digest.section(ReminderKind.AGREEMENT_EXPIRING),
        "overdue_follow_ups": digest.section(ReminderKind.FOLLOW_UP_OVERDUE),
        "follow_ups_due": digest.section(ReminderKind.FOLLOW_UP_DUE),
        "meetings": digest.section(ReminderKind.MEETING),
        "visits": digest.section(ReminderKind.VISIT),
    }
    subject = ngettext(
        "Cooperation reminders for %(audience)s: %(count)d item",
        "Cooperation reminders for %(audience)s: %(count)d items",
        len(digest.items),
    ) % {
        "audience": digest.audience,
        "count": len(digest.items),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("email/reminder_digest.txt", context),
        to=digest.recipients,
        headers=automatic_mail_headers(),
    )
    message.attach_alternative(render_to_string("email/reminder_digest.html", context), "text/html")
    return message


def automatic_mail_headers() -> dict[str, str]:
    """Headers that say the digest was written by a program.

    ``Auto-Submitted`` (RFC 3834) keeps out-of-office replies and other
    autoresponders from answering it, and ``X-Auto-Response-Suppress`` asks
    the same of Exchange, which reads only its own header. The ``Date`` is
    on the city's clock (WIB, +0700) rather than the server's UTC, so a
    mail client that shows the header as written shows the hour staff know.
    """
    return {
        "Auto-Submitted": "auto-generated",
        "X-Auto-Response-Suppress": "All",
        "Date": format_datetime(timezone.localtime(timezone.now(), timezone.get_default_timezone())),
    }


def send_digest(digest: Digest, today: datetime.date, connection=None) -> bool:
    """Record the digest's reminders and send it, as one unit.

    The rows are written first and the mail sent inside the same transaction:
    if sending fails, or the process dies before the commit, the rows roll back
    and the next run sends the digest again; once committed, no later run
    sends it. The one gap is a crash between the mail server's acceptance and
    the commit, which repeats a digest rather than losing it: a duplicate
    reminder is a nuisance, a lost one is what this feature exists to prevent.
    Two runs at once cannot both send: the second one's insert waits on the
    unique constraint and fails, and it skips the digest.
    """
    message = render_digest(digest, today)
    message.connection = connection
    try:
        with transaction.atomic():
            for item in digest.items:
                ReminderSent.objects.create(
                    department=digest.department,
                    kind=item.kind,
                    object_id=item.record.pk,
                    threshold_days=item.threshold_days,
                    due_on=item.due_on,
                    due_time=item.due_time,
                    sent_on=today,
                    recipients=", ".join(digest.recipients),
                )
            message.send()
    except IntegrityError:
        logger.warning("Digest for %s was recorded by another run; skipped.", digest.audience)
        return False
    return True


@dataclass
class RunReport:
    sent: list[Digest] = field(default_factory=list)
    without_recipients: list[Digest] = field(default_factory=list)

    def summary(self) -> dict:
        """What was sent to whom, as the job's JSON result."""
        return {
            "sent": [
                {
                    "audience": digest.audience,
                    "items": len(digest.items),
                    "recipients": ", ".join(digest.recipients),
                }
                for digest in self.sent
            ],
            "without_recipients": [
                {"audience": digest.audience, "items": len(digest.items)}
                for digest in self.without_recipients
            ],
        }


def send_reminders(
    today: datetime.date | None = None, progress: Callable[[int, int], None] | None = None
) -> RunReport:
    """Send every pending digest of ``today``, after putting its items under
    the bell of the users concerned. A digest with nobody to send it to is
    not recorded, so it goes out once the OPD has an address; its items are
    under the bell meanwhile. ``progress(digests done, digests in all)`` is
    told after each digest."""
    today = today or timezone.localdate()
    report = RunReport()
    with translation.override(settings.LANGUAGE_CODE):
        digests = pending_digests(today)
        notify_digests(digests)
        connection = get_connection()
        for number, digest in enumerate(digests, start=1):
            if not digest.recipients:
                report.without_recipients.append(digest)
            elif send_digest(digest, today, connection):
                report.sent.append(digest)
            if progress is not None:
                progress(number, len(digests))
    return report


@job_task()
def send_reminders_job(job: RunningJob, *, today: str) -> None:
    """The digests of ``today`` (YYYY-MM-DD), sent by a job worker. Each
    digest is recorded as it is sent, so a job that fails halfway is run again
    for the rest (see ``send_digest``)."""
    try:
        report = send_reminders(datetime.date.fromisoformat(today), progress=job.progress)
    except (smtplib.SMTPException, OSError) as error:
        logger.exception("Sending the reminder digests failed")
        raise JobFailed(
            _(
                "The mail server could not be reached or refused a digest. The digests sent before it are "
                "recorded and will not be sent again: run the job again to send the rest."
            )
        ) from error
    job.result.update(report.summary())
