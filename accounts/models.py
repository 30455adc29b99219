"""A user's place in the city's cooperation work: the department they work
for, their own preferences (language, e-mail digests, CSV separator,
calendar link) and their personal API tokens. Their role is a group
(``accounts.roles``)."""

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


class ApiToken(models.Model):
    """A personal token for the read API (``bandung_coop.api``): it reads what
    its user reads, no more. Only the SHA-256 hash of the secret is kept, and
    its first characters to tell tokens apart; the secret itself is shown
    once, when the token is made (``accounts.tokens``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. “data portal”.")
    )
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    secret_hash = models.CharField(_("secret hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    # Who made and revoked which token, when; each use is in the log instead.
    history = HistoricalRecords(excluded_fields=["last_used_at"])

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True)
                | models.Q(revoked_at__gte=models.F("created_at")),
                name="api_token_revoked_after_created",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
