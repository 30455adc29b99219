"""What happened with the partners: meetings, delegation visits and the
follow-ups promised in meetings."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import connection, models
from django.db.models import F
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.querysets import RoleScopedQuerySet
from accounts.roles import department_id_of, is_cooperation_admin, reads_everything
from coop_lib.constraints import choices_constraint
from coop_lib.models import VersionedRecord
from coop_lib.validators import validate_upload_size
from meetings.choices import (
    PENDING_STATUSES,
    FollowUpStatus,
    FundingSource,
    MeetingKind,
    MeetingMode,
    ParticipantRole,
    VisitDirection,
)
from partnerships.models import DOCUMENT_EXTENSIONS, Cooperation, Department, Partner, Person

DEFAULT_PLACE = "Balaikota Bandung"


def city_time(moment: datetime.datetime) -> datetime.datetime:
    """``moment`` on the city's clock (WIB), whatever time zone is active."""
    return timezone.localtime(moment, timezone.get_default_timezone())


def city_day(moment: datetime.datetime) -> datetime.date:
    """The day of ``moment`` in the city (WIB)."""
    return city_time(moment).date()


def city_midnight(day: datetime.date, *, days_later: int = 0) -> datetime.datetime:
    """The start of ``day`` (plus ``days_later``) in the city's time zone."""
    return datetime.datetime.combine(
        day + datetime.timedelta(days=days_later), datetime.time(), timezone.get_default_timezone()
    )


END_BEFORE_START = _("The end cannot be before the start.")


class VisitQuerySet(RoleScopedQuerySet):
    owner_field = "host_department"

    def in_period(self, start: datetime.date, end: datetime.date):
        """Visits that began between the two dates, both included."""
        return self.filter(starts_on__gte=start, starts_on__lte=end)

    def count_per_year(self):
        return (
            self.order_by()
            .annotate(year=ExtractYear("starts_on"))
            .values("year")
            .annotate(count=models.Count("pk"))
            .order_by("year")
        )

    def upcoming(self, on: datetime.date | None = None):
        return self.filter(starts_on__gte=on or timezone.localdate())


class Visit(VersionedRecord):
    """A delegation visit, inbound to Bandung or outbound from it."""

    direction = models.CharField(_("direction"), max_length=10, choices=VisitDirection.choices)
    partner = models.ForeignKey(Partner, models.PROTECT, related_name="visits", verbose_name=_("partner"))
    leader = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="led_visits",
        verbose_name=_("delegation leader"),
    )
    member_count = models.PositiveIntegerField(
        _("number of members"), default=1, validators=[MinValueValidator(1)]
    )
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    places = models.CharField(_("places visited"), max_length=300, blank=True)
    purpose = models.TextField(_("purpose"))
    host_department = models.ForeignKey(
        Department,
        models.PROTECT,
        related_name="hosted_visits",
        verbose_name=_("hosting department"),
    )
    funding_source = models.CharField(
        _("funding source"), max_length=10, choices=FundingSource.choices, default=FundingSource.APBD
    )
    outcome = models.TextField(_("outcome"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = VisitQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta(VersionedRecord.Meta):
        verbose_name = _("delegation visit")
        verbose_name_plural = _("delegation visits")
        ordering = ["-starts_on"]
        indexes = [models.Index(F("starts_on").desc(), F("id").desc(), name="visit_recent_first")]
        constraints = [
            choices_constraint("visit", "direction", VisitDirection),
            choices_constraint("visit", "funding_source", FundingSource),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="visit_ends_after_start",
                violation_error_message=END_BEFORE_START,
            ),
            models.CheckConstraint(
                condition=models.Q(member_count__gte=1),
                name="visit_has_members",
                violation_error_message=_("A delegation has at least one member."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} ({self.starts_on:%d/%m/%Y})"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": END_BEFORE_START})


def minutes_readable(user) -> models.Q | None:
    """Whose minutes ``user`` may read: all (None) for leadership and the
    cooperation division; else the open ones and their own department's.
    ``Meeting.minutes_readable_by`` is the same rule for one meeting."""
    if reads_everything(user):
        return None
    readable = models.Q(minutes_confidential=False)
    if department_id := department_id_of(user):
        readable |= models.Q(owner_department_id=department_id)
    return readable


class MeetingQuerySet(RoleScopedQuerySet):
    """Every role sees every meeting; confidential minutes are hidden separately."""

    owner_field = "owner_department"

    def minutes_readable_by(self, user):
        readable = minutes_readable(user)
        return self if readable is None else self.filter(readable)

    def with_visible_minutes(self, user):
        """Annotates ``visible_minutes``: the minutes, or "" where they are
        confidential to this user. One SQL expression, so exports stay fast."""
        readable = minutes_readable(user)
        if readable is None:
            return self.annotate(visible_minutes=models.F("minutes"))
        return self.annotate(
            visible_minutes=models.Case(
                models.When(readable, then=models.F("minutes")),
                default=models.Value(""),
                output_field=models.TextField(),
            )
        )

    def upcoming(self, now: datetime.datetime | None = None):
        return self.filter(starts_at__gte=now or timezone.now())

    def involving(self, *, partners: models.QuerySet, cooperations: models.QuerySet):
        """Meetings with one of ``partners`` at the table or about one of
        ``cooperations``: a UNION of the two link tables, each read through
        its index, rather than an OR across joins that would scan every
        meeting."""
        at_table = Meeting.partners.through.objects.filter(partner__in=partners).values("meeting_id")
        about = Meeting.cooperations.through.objects.filter(cooperation__in=cooperations).values("meeting_id")
        return self.filter(pk__in=at_table.union(about))

    def involving_partner(self, partner: Partner):
        """Meetings with the partner at the table or about its cooperations."""
        return self.involving(
            partners=Partner.objects.filter(pk=partner.pk),
            cooperations=Cooperation.objects.filter(partners=partner),
        )

    # The readings below serve the dashboard, the lists and the report alike,
    # so a figure and the list behind it always count the same rows.

    def involving_country(self, country: str):
        at_table = Meeting.partners.through.objects.filter(partner__country=country).values("meeting_id")
        about = Meeting.cooperations.through.objects.filter(cooperation__partners__country=country).values(
            "meeting_id"
        )
        return self.filter(pk__in=at_table.union(about))

    def _links_sql(self) -> tuple[str, list]:
        """(meeting, partner) pairs, at the table or through a cooperation,
        restricted to this queryset's meetings unless it is unfiltered."""
        at_table = Meeting.partners.through._meta.db_table
        about, cooperation_partners = (
            Meeting.cooperations.through._meta.db_table,
            Cooperation.partners.through._meta.db_table,
        )
        at_table_links = f'SELECT meeting_id, partner_id FROM "{at_table}"'
        cooperation_links = (
            f'SELECT mc.meeting_id, cp.partner_id FROM "{about}" mc '
            f'JOIN "{cooperation_partners}" cp ON cp.cooperation_id = mc.cooperation_id'
        )
        if not self.query.where:
            return f"{at_table_links} UNION {cooperation_links}", []
        # The restriction inside each half: the union is then of this
        # queryset's links only, not of every link in the register.
        meetings, params = self.order_by().values("pk").query.sql_with_params()
        return (
            f"{at_table_links} WHERE meeting_id IN ({meetings}) "
            f"UNION {cooperation_links} WHERE mc.meeting_id IN ({meetings})",
            [*params, *params],
        )

    def count_involving(self, partners) -> list[Partner]:
        """``partners`` with ``meeting_count`` (meetings of this queryset
        involving them, as ``involving_partner`` counts), most first."""
        links, params = self._links_sql()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT partner_id, COUNT(*) FROM ({links}) l GROUP BY partner_id", params)
            counts = dict(cursor.fetchall())
        annotated = list(partners)
        for partner in annotated:
            partner.meeting_count = counts.get(partner.pk, 0)
        return sorted(annotated, key=lambda partner: (-partner.meeting_count, partner.name))

    def count_per_country(self) -> list[tuple[str, int]]:
        """(country code, meetings involving a partner of that country), most first."""
        links, params = self._links_sql()
        partner_table = Partner._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT p.country, COUNT(DISTINCT pairs.meeting_id) FROM ({links}) pairs "
                f'JOIN "{partner_table}" p ON p.id = pairs.partner_id GROUP BY p.country ORDER BY 2 DESC, 1',
                params,
            )
            return cursor.fetchall()

    def in_sector(self, sector):
        return self.filter(pk__in=Meeting.objects.filter(cooperations__sectors=sector).values("pk"))

    def matching_text(self, text: str):
        contains = models.Q(title__icontains=text) | models.Q(place__icontains=text)
        return self.filter(contains | models.Q(summary__icontains=text))

    def in_period(self, start: datetime.date, end: datetime.date):
        """Meetings starting between the two dates, both included (WIB). A
        range of the start, so the index on it serves."""
        return self.filter(
            starts_at__gte=city_midnight(start), starts_at__lt=city_midnight(end, days_later=1)
        )

    def in_year(self, year: int):
        return self.in_period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    def count_per_year(self):
        return (
            self.order_by()
            .annotate(year=ExtractYear("starts_at"))
            .values("year")
            .annotate(count=models.Count("pk"))
            .order_by("year")
        )

    def count_per_owner(self):
        return (
            self.order_by()
            .values("owner_department", "owner_department__acronym")
            .annotate(count=models.Count("pk"))
            .order_by("-count", "owner_department__acronym")
        )


class Meeting(VersionedRecord):
    title = models.CharField(_("title"), max_length=250)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, default=DEFAULT_PLACE)
    kind = models.CharField(
        _("kind"), max_length=15, choices=MeetingKind.choices, default=MeetingKind.AUDIENCE
    )
    mode = models.CharField(
        _("mode"), max_length=10, choices=MeetingMode.choices, default=MeetingMode.IN_PERSON
    )
    owner_department = models.ForeignKey(
        Department,
        models.PROTECT,
        db_index=False,  # the lead column of meeting_owner_recent_first
        related_name="owned_meetings",
        verbose_name=_("owner department"),
        help_text=_("The department that keeps this record."),
    )
    attending_departments = models.ManyToManyField(
        Department,
        blank=True,
        related_name="attended_meetings",
        verbose_name=_("attending departments"),
    )
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="meetings", verbose_name=_("partners")
    )
    cooperations = models.ManyToManyField(
        Cooperation, blank=True, related_name="meetings", verbose_name=_("related cooperations")
    )
    visit = models.ForeignKey(
        Visit,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("during visit"),
    )
    summary = models.TextField(_("summary"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_confidential = models.BooleanField(
        _("confidential minutes"),
        default=False,
        help_text=_("Only the owner department, the cooperation division and leadership may read them."),
    )
    source_url = models.URLField(_("source link"), blank=True, max_length=500)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=[attending_departments, partners, cooperations])

    class Meta(VersionedRecord.Meta):
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        indexes = [
            # The admin orders by start, newest first, then by id; officials
            # most often look at one department's meetings.
            models.Index(F("starts_at").desc(), F("id").desc(), name="meeting_recent_first"),
            models.Index(
                F("owner_department"),
                F("starts_at").desc(),
                F("id").desc(),
                name="meeting_owner_recent_first",
            ),
        ]
        constraints = [
            choices_constraint("meeting", "kind", MeetingKind),
            choices_constraint("meeting", "mode", MeetingMode),
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gte=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=END_BEFORE_START,
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("pages:meeting_detail", args=[self.pk])

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": END_BEFORE_START})

    def partners_through_cooperations(self) -> list[tuple[Cooperation, list[Partner]]]:
        """The partners the meeting involves only through the cooperations it
        is about, with each cooperation: the reason a list filtered by a
        partner shows a meeting without that partner at the table. Reads the
        prefetched ``partners`` and ``cooperations__partners``."""
        at_table = {partner.pk for partner in self.partners.all()}
        pairs = []
        for cooperation in self.cooperations.all():
            absent = [partner for partner in cooperation.partners.all() if partner.pk not in at_table]
            if absent:
                pairs.append((cooperation, absent))
        return pairs

    def minutes_readable_by(self, user) -> bool:
        """``minutes_readable`` in Python, for a meeting at hand (or a past
        version of one, which is in no table to query)."""
        if reads_everything(user) or not self.minutes_confidential:
            return True
        return department_id_of(user) is not None and department_id_of(user) == self.owner_department_id


class ParticipantQuerySet(RoleScopedQuerySet):
    def editable_by(self, user):
        return self.filter(meeting__in=Meeting.objects.editable_by(user))


class Participant(VersionedRecord):
    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="participants", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        Person, models.PROTECT, related_name="participations", verbose_name=_("person")
    )
    role = models.CharField(
        _("role"), max_length=10, choices=ParticipantRole.choices, default=ParticipantRole.ATTENDEE
    )
    position_held = models.CharField(
        _("position held"),
        max_length=200,
        blank=True,
        help_text=_("The position at the time of the meeting, e.g. “Plt. Wali Kota Bandung”."),
    )

    objects = ParticipantQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta(VersionedRecord.Meta):
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["role", "person__full_name"]
        constraints = [
            choices_constraint("participant", "role", ParticipantRole),
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="participant_once_per_meeting",
                violation_error_message=_("This person is already listed for this meeting."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class AttachmentQuerySet(RoleScopedQuerySet):
    def visible_to(self, user):
        """Attachments often are the minutes: they follow the minutes' confidentiality."""
        return self.filter(meeting__in=Meeting.objects.visible_to(user).minutes_readable_by(user))

    def editable_by(self, user):
        return self.filter(meeting__in=Meeting.objects.editable_by(user))


class Attachment(VersionedRecord):
    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="attachments", verbose_name=_("meeting")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to="meetings/%Y/",
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS), validate_upload_size],
    )

    objects = AttachmentQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta(VersionedRecord.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


# What the responsible department may update on a follow-up of another
# department's meeting.
FOLLOW_UP_PROGRESS_FIELDS = frozenset({"status", "done_on", "note"})
DONE_WITHOUT_DATE = _("A follow-up marked done needs the date it was done.")


class FollowUpQuerySet(RoleScopedQuerySet):
    def editable_by(self, user):
        """The meeting's owner changes a follow-up; the responsible department
        may update its progress (status, date done, note) too."""
        if is_cooperation_admin(user):
            return self
        department_id = department_id_of(user)
        if department_id is None:
            return self.none()
        return self.filter(
            models.Q(meeting__owner_department_id=department_id) | models.Q(owner_department_id=department_id)
        )

    def tasks_in_parts(self, user) -> list:
        """``editable_by(user)`` as disjoint parts that each read through an
        index: for a department, the follow-ups it answers for, and those of
        its meetings that another answers for. An OR across the join to
        meetings reads every follow-up when the department has few."""
        if is_cooperation_admin(user):
            return [self]
        department_id = department_id_of(user)
        if department_id is None:
            return []
        return [
            self.filter(owner_department_id=department_id),
            self.filter(meeting__owner_department_id=department_id).exclude(
                owner_department_id=department_id
            ),
        ]

    def managed_by(self, user):
        """Adding and deleting a follow-up is for whoever may change its meeting."""
        return self.filter(meeting__in=Meeting.objects.editable_by(user))

    def pending(self):
        return self.filter(status__in=PENDING_STATUSES)

    def finished(self):
        """Done or cancelled: nothing left to do."""
        return self.exclude(status__in=PENDING_STATUSES)

    def overdue(self, on: datetime.date | None = None):
        return self.pending().filter(due_on__lt=on or timezone.localdate())

    def count_per_owner(self):
        return (
            self.order_by()
            .values("owner_department", "owner_department__acronym")
            .annotate(count=models.Count("pk"))
            .order_by("-count", "owner_department__acronym")
        )


class FollowUp(VersionedRecord):
    """A follow-up (tindak lanjut) agreed in a meeting."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="follow_ups", verbose_name=_("meeting"))
    description = models.TextField(_("what"))
    owner_department = models.ForeignKey(
        Department,
        models.PROTECT,
        db_index=False,  # the lead column of follow_up_owner_due_first
        related_name="follow_ups",
        verbose_name=_("responsible department"),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    done_on = models.DateField(_("date done"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = FollowUpQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta(VersionedRecord.Meta):
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["due_on", "id"], name="follow_up_due_first"),
            models.Index(fields=["owner_department", "due_on", "id"], name="follow_up_owner_due_first"),
            # A cooperation's year lists what was done in it: the year's done
            # follow-ups are read here, then matched to the partner's meetings.
            models.Index(
                fields=["done_on", "id"],
                include=["meeting"],
                name="follow_up_done_in_order",
                condition=models.Q(status=FollowUpStatus.DONE),
            ),
        ]
        constraints = [
            choices_constraint("follow_up", "status", FollowUpStatus),
            models.CheckConstraint(
                condition=~models.Q(status=FollowUpStatus.DONE) | models.Q(done_on__isnull=False),
                name="follow_up_done_has_date",
                violation_error_message=DONE_WITHOUT_DATE,
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def clean(self) -> None:
        if self.status == FollowUpStatus.DONE and not self.done_on:
            raise ValidationError({"done_on": DONE_WITHOUT_DATE})

    def fields_editable_by(self, user) -> frozenset[str] | None:
        """All fields for the meeting's keepers; only the progress for the
        responsible department of another department's meeting."""
        if Meeting.objects.editable_by(user).filter(pk=self.meeting_id).exists():
            return None
        return FOLLOW_UP_PROGRESS_FIELDS

    def is_overdue(self, on: datetime.date | None = None) -> bool:
        return (
            self.status in PENDING_STATUSES
            and self.due_on is not None
            and self.due_on < (on or timezone.localdate())
        )
