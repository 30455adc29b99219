"""What the project's cross-app features must remember: the reminders
e-mailed, and each user's notifications.

The notifications live here, beside the reminders, rather than in an app of
their own: they are made from both apps' records (a meeting, an agreement),
from the digests' items and from the audit trail, which only this top layer
sees, and they have no rules of their own besides being read or not.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coop_lib.constraints import choices_constraint
from partnerships.models import Department


class ReminderKind(models.TextChoices):
    AGREEMENT_EXPIRING = "agreement", _("Agreement expiring")
    FOLLOW_UP_DUE = "follow_up_due", _("Follow-up due soon")
    FOLLOW_UP_OVERDUE = "follow_up_overdue", _("Follow-up overdue")
    MEETING = "meeting", _("Upcoming meeting")
    VISIT = "visit", _("Upcoming visit")


class ReminderSent(models.Model):
    """One item of one digest, recorded so that it is e-mailed only once.

    The key is the audience, the kind, the record, the threshold crossed and
    the date reminded about: a meeting moved to another day or an agreement
    given a new end date is a new reminder.
    """

    department = models.ForeignKey(
        Department,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders_sent",
        verbose_name=_("department"),
        help_text=_("Empty for the city-wide digest of the cooperation division."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    object_id = models.PositiveBigIntegerField(_("record"))
    threshold_days = models.PositiveSmallIntegerField(_("threshold (days)"))
    due_on = models.DateField(_("date reminded about"))
    # A meeting moved to another hour of the same day is a new reminder too;
    # midnight for the items that have a date only.
    due_time = models.TimeField(_("time reminded about"), default=datetime.time.min)
    sent_on = models.DateField(_("digest date"))
    recipients = models.TextField(_("recipients"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_on", "kind"]
        constraints = [
            choices_constraint("reminder_sent", "kind", ReminderKind),
            # NULL never equals NULL in a unique index, so the city-wide digest
            # (no department) needs a constraint of its own.
            models.UniqueConstraint(
                fields=["department", "kind", "object_id", "threshold_days", "due_on", "due_time"],
                condition=models.Q(department__isnull=False),
                name="reminder_sent_once_per_department",
            ),
            models.UniqueConstraint(
                fields=["kind", "object_id", "threshold_days", "due_on", "due_time"],
                condition=models.Q(department__isnull=True),
                name="reminder_sent_once_city_wide",
            ),
        ]

    def __str__(self) -> str:
        audience = self.department or _("city-wide")
        return f"{self.get_kind_display()} #{self.object_id} ({audience}, {self.threshold_days})"

    @property
    def key(self) -> tuple[str, int, int, datetime.date, datetime.time]:
        return (self.kind, self.object_id, self.threshold_days, self.due_on, self.due_time)


class NotificationKind(models.TextChoices):
    # The digests' items, under the same values as ReminderKind.
    AGREEMENT_EXPIRING = ReminderKind.AGREEMENT_EXPIRING.value, ReminderKind.AGREEMENT_EXPIRING.label
    FOLLOW_UP_DUE = ReminderKind.FOLLOW_UP_DUE.value, ReminderKind.FOLLOW_UP_DUE.label
    FOLLOW_UP_OVERDUE = ReminderKind.FOLLOW_UP_OVERDUE.value, ReminderKind.FOLLOW_UP_OVERDUE.label
    MEETING = ReminderKind.MEETING.value, ReminderKind.MEETING.label
    VISIT = ReminderKind.VISIT.value, ReminderKind.VISIT.label
    CHANGE = "change", _("Changed by someone else")
    # Made by the approval workflow once there is one; nothing makes it yet.
    APPROVAL_WAITING = "approval", _("Approval waiting")


class NotificationQuerySet(models.QuerySet):
    def of(self, user) -> "NotificationQuerySet":
        return self.filter(user=user) if user.is_authenticated else self.none()

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)

    def read_before(self, moment: datetime.datetime) -> "NotificationQuerySet":
        return self.filter(read_at__lt=moment)


class Notification(models.Model):
    """Something that concerns one user, shown under the bell until read.

    A bookkeeping row like a job, not a record of the register: made by the
    reminder run and from the audit trail (``bandung_coop.notifications``),
    changed only by its user marking it read. ``key`` says what it is about,
    so the same event never reaches the same user twice.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    record_type = models.ForeignKey(
        ContentType, models.CASCADE, related_name="+", verbose_name=_("kind of record")
    )
    record_id = models.PositiveBigIntegerField(_("record"))
    # As the record was named then: it still reads after the record is deleted.
    title = models.CharField(_("title"), max_length=255)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    change_type = models.CharField(_("change"), max_length=1, blank=True)  # the audit trail's +, ~ or -
    changed_fields = models.JSONField(_("fields changed"), default=list, blank=True)
    due_on = models.DateField(_("date"), null=True, blank=True)
    due_time = models.TimeField(_("time"), null=True, blank=True)
    key = models.CharField(_("event"), max_length=120)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at", "-id"], name="notification_newest_first"),
            # The bell counts these on every page.
            models.Index(
                fields=["user"], condition=models.Q(read_at__isnull=True), name="notification_unread"
            ),
        ]
        constraints = [
            choices_constraint("notification", "kind", NotificationKind),
            models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("notifications:open", args=[self.pk])

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    def message(self) -> str:
        """What happened, in the language of the page that shows it."""
        day = date_format(self.due_on) if self.due_on else ""
        if self.kind == NotificationKind.CHANGE:
            return self._change_message()
        if self.kind == NotificationKind.MEETING and self.due_time:
            return _("Meeting on %(date)s at %(time)s WIB") % {
                "date": day,
                "time": self.due_time.strftime("%H:%M"),
            }
        messages = {
            NotificationKind.AGREEMENT_EXPIRING: _("Agreement valid until %(date)s"),
            NotificationKind.FOLLOW_UP_DUE: _("Follow-up due on %(date)s"),
            NotificationKind.FOLLOW_UP_OVERDUE: _("Follow-up overdue since %(date)s"),
            NotificationKind.MEETING: _("Meeting on %(date)s"),
            NotificationKind.VISIT: _("Delegation visit from %(date)s"),
            NotificationKind.APPROVAL_WAITING: _("Waiting for your approval"),
        }
        return messages[NotificationKind(self.kind)] % {"date": day}

    def _change_message(self) -> str:
        who = self.actor.get_username() if self.actor else _("another user")
        kind = self.record_type.model_class()
        kind_name = kind._meta.verbose_name if kind else self.record_type.model
        if self.change_type == "+":
            return _("%(who)s added this %(kind)s") % {"who": who, "kind": kind_name}
        if self.change_type == "-":
            return _("%(who)s deleted this %(kind)s") % {"who": who, "kind": kind_name}
        fields = [_field_name(kind, name) for name in self.changed_fields] or [_("related rows")]
        return _("%(who)s changed this %(kind)s: %(fields)s") % {
            "who": who,
            "kind": kind_name,
            "fields": ", ".join(str(name) for name in fields),
        }


def _field_name(model: type[models.Model] | None, name: str) -> str:
    """A field's verbose name; the bare name of one removed from the model since."""
    try:
        return str(model._meta.get_field(name).verbose_name) if model else name
    except FieldDoesNotExist:
        return name
