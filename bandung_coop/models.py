"""What the project's cross-app features must remember: the reminders sent."""

import datetime

from django.db import models
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
                fields=["department", "kind", "object_id", "threshold_days", "due_on"],
                condition=models.Q(department__isnull=False),
                name="reminder_sent_once_per_department",
            ),
            models.UniqueConstraint(
                fields=["kind", "object_id", "threshold_days", "due_on"],
                condition=models.Q(department__isnull=True),
                name="reminder_sent_once_city_wide",
            ),
        ]

    def __str__(self) -> str:
        audience = self.department or _("city-wide")
        return f"{self.get_kind_display()} #{self.object_id} ({audience}, {self.threshold_days})"

    @property
    def key(self) -> tuple[str, int, int, datetime.date]:
        return (self.kind, self.object_id, self.threshold_days, self.due_on)
