"""A user's place in the city's cooperation work: the department they work
for, and their own preferences (language, e-mail digests, CSV separator,
calendar link). Their role is a group (``accounts.roles``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coop_lib.constraints import choices_constraint


class CsvDelimiter(models.TextChoices):
    SEMICOLON = ";", _("Semicolon (;), for Excel in Indonesian")
    COMMA = ",", _("Comma (,)")


class StaffProfile(models.Model):
    """The department a user works for, and their personal preferences."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="staff_profile", verbose_name=_("user")
    )
    department = models.ForeignKey(
        "partnerships.Department",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_profiles",
        verbose_name=_("department"),
        help_text=_("Required for OPD staff: they change only their own department's records."),
    )
    email_reminders = models.BooleanField(
        _("e-mail reminders"), default=True, help_text=_("Receive the daily digest of what is due.")
    )
    csv_delimiter = models.CharField(
        _("CSV separator"), max_length=1, choices=CsvDelimiter.choices, default=CsvDelimiter.SEMICOLON
    )
    calendar_token = models.CharField(_("calendar token"), max_length=64, blank=True, editable=False)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    # The tables keep the names they had when profiles lived in partnerships.
    history = HistoricalRecords(table_name="partnerships_historicalstaffprofile")

    class Meta:
        db_table = "partnerships_staffprofile"
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        constraints = [
            choices_constraint("staff_profile", "csv_delimiter", CsvDelimiter),
            models.UniqueConstraint(
                fields=["calendar_token"],
                condition=~models.Q(calendar_token=""),
                name="staff_profile_calendar_token_unique",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)
