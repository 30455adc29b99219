"""The city's side and the partner's side of a foreign cooperation.

Departments (OPD), foreign partners, sectors with their focus areas, people,
and the cooperations with their signed documents. Meetings and visits live in
the ``meetings`` app, which refers to these models and never the reverse.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from partnerships.constraints import choices_constraint
from partnerships.validators import validate_upload_size

ALIASES_HELP_TEXT = _("Other names or spellings used in letters and news, one per line.")
DOCUMENT_EXTENSIONS = ["pdf", "doc", "docx", "odt", "jpg", "jpeg", "png"]
VALIDITY_ORDER = _("“Valid until” cannot be before “valid from”.")
SINGLE_ORGANISATION = _("A person belongs to a department or to a partner, not both.")


def split_aliases(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class DepartmentKind(models.TextChoices):
    DINAS = "dinas", _("Dinas (service)")
    BADAN = "badan", _("Badan (agency)")
    BAGIAN = "bagian", _("Bagian of the Secretariat")
    KECAMATAN = "kecamatan", _("Kecamatan (district)")
    BUMD = "bumd", _("BUMD (regional enterprise)")


class DepartmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Department(models.Model):
    """An OPD of the City of Bandung, or a city-owned enterprise such as PDAM."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30)
    kind = models.CharField(_("kind"), max_length=20, choices=DepartmentKind.choices)
    is_active = models.BooleanField(_("active"), default=True)
    aliases = models.TextField(_("alternative names"), blank=True, help_text=ALIASES_HELP_TEXT)
    email = models.EmailField(_("contact e-mail"), blank=True)

    objects = DepartmentQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("department (OPD)")
        verbose_name_plural = _("departments (OPD)")
        ordering = ["acronym"]
        constraints = [
            models.UniqueConstraint(
                Lower("acronym"),
                name="department_acronym_unique",
                violation_error_message=_("Another department already uses this acronym."),
            ),
            choices_constraint("department", "kind", DepartmentKind),
        ]

    def __str__(self) -> str:
        return self.acronym

    def alias_list(self) -> list[str]:
        return split_aliases(self.aliases)


class PartnerKind(models.TextChoices):
    LOCAL_GOVERNMENT = "local_government", _("Foreign local government")
    EMBASSY = "embassy", _("Embassy or consulate")
    CHAMBER = "chamber", _("Chamber of commerce or business association")
    AGENCY = "agency", _("Government agency")
    UNIVERSITY = "university", _("University or research institute")
    COMPANY = "company", _("Company")
    ORGANISATION = "organisation", _("Other organisation")


class CsvDelimiter(models.TextChoices):
    SEMICOLON = ";", _("Semicolon (;), for Excel in Indonesian")
    COMMA = ",", _("Comma (,)")


class StaffProfile(models.Model):
    """The department a user works for, and their personal preferences."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="staff_profile", verbose_name=_("user")
    )
    department = models.ForeignKey(
        Department,
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

    history = HistoricalRecords()

    class Meta:
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


class Partner(models.Model):
    """A foreign local government or institution the city works with."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    country = CountryField(_("country"))
    region = models.CharField(
        _("region"), max_length=100, blank=True, help_text=_("Prefecture, province or state.")
    )
    aliases = models.TextField(_("alternative names"), blank=True, help_text=ALIASES_HELP_TEXT)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("profile"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        constraints = [choices_constraint("partner", "kind", PartnerKind)]

    def __str__(self) -> str:
        return self.name

    def alias_list(self) -> list[str]:
        return split_aliases(self.aliases)


class Sector(models.Model):
    """A field of cooperation, such as environment or employment."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FocusAreaManager(models.Manager):
    def get_queryset(self):
        # A focus area is always named with its sector (see __str__).
        return super().get_queryset().select_related("sector")


class FocusArea(models.Model):
    """The second level below a sector, such as waste management."""

    sector = models.ForeignKey(Sector, models.PROTECT, related_name="focus_areas", verbose_name=_("sector"))
    name = models.CharField(_("name"), max_length=150)

    objects = FocusAreaManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["sector__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["sector", "name"],
                name="focus_area_unique_per_sector",
                violation_error_message=_("This sector already has a focus area of that name."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.sector} › {self.name}"


class Person(models.Model):
    """An official on either side. The position held at a meeting is stored
    on the participation, because positions change and records must not."""

    full_name = models.CharField(_("full name"), max_length=200)
    aliases = models.TextField(_("alternative names"), blank=True, help_text=ALIASES_HELP_TEXT)
    current_position = models.CharField(_("current position"), max_length=200, blank=True)
    department = models.ForeignKey(
        Department,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("department"),
    )
    partner = models.ForeignKey(
        Partner,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("partner"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(department__isnull=True) | models.Q(partner__isnull=True),
                name="person_single_organisation",
                violation_error_message=SINGLE_ORGANISATION,
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        if self.department_id and self.partner_id:
            raise ValidationError({"partner": SINGLE_ORGANISATION})

    def alias_list(self) -> list[str]:
        return split_aliases(self.aliases)


class CooperationKind(models.TextChoices):
    # The two forms of Permendagri 25/2020.
    SISTER_CITY = "ksdpl", _("With a foreign local government (KSDPL)")
    INSTITUTION = "ksdll", _("With a foreign institution (KSDLL)")


class Stage(models.TextChoices):
    EXPLORATION = "exploration", _("Exploration")
    LOI = "loi", _("Letter of intent")
    MOU = "mou", _("MoU")
    AGREEMENT = "agreement", _("Cooperation agreement (PKS)")
    IMPLEMENTATION = "implementation", _("Implementation")
    EVALUATION = "evaluation", _("Monitoring and evaluation")
    ENDED = "ended", _("Ended")


class CooperationQuerySet(models.QuerySet):
    def ongoing(self):
        return self.exclude(stage=Stage.ENDED)


class Cooperation(models.Model):
    """A cooperation (kerja sama) with one partner or more."""

    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(
        _("kind"), max_length=10, choices=CooperationKind.choices, default=CooperationKind.SISTER_CITY
    )
    partners = models.ManyToManyField(Partner, related_name="cooperations", verbose_name=_("partners"))
    lead_department = models.ForeignKey(
        Department,
        models.PROTECT,
        related_name="led_cooperations",
        verbose_name=_("lead department"),
    )
    supporting_departments = models.ManyToManyField(
        Department,
        blank=True,
        related_name="supported_cooperations",
        verbose_name=_("supporting departments"),
    )
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="cooperations", verbose_name=_("sectors")
    )
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="cooperations", verbose_name=_("focus areas")
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.EXPLORATION)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CooperationQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=[partners, supporting_departments, sectors, focus_areas])

    class Meta:
        verbose_name = _("cooperation")
        verbose_name_plural = _("cooperations")
        ordering = ["title"]
        constraints = [
            choices_constraint("cooperation", "kind", CooperationKind),
            choices_constraint("cooperation", "stage", Stage),
        ]

    def __str__(self) -> str:
        return self.title


class DocumentKind(models.TextChoices):
    LOI = "loi", _("Letter of intent (LoI)")
    MOU = "mou", _("Memorandum of understanding (MoU)")
    AGREEMENT = "pks", _("Cooperation agreement (PKS)")
    ADDENDUM = "addendum", _("Addendum")


class DocumentQuerySet(models.QuerySet):
    """Validity of signed documents; the admin, dashboards and exports all use
    these so they always agree on what "active" and "expiring" mean."""

    def active(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=on),
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=on),
        )

    def expiring_within(self, days: int, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.active(on).filter(valid_until__lte=on + datetime.timedelta(days=days))

    def expired(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(valid_until__lt=on)


class Document(models.Model):
    """A signed document of a cooperation: LoI, MoU, PKS or addendum."""

    cooperation = models.ForeignKey(
        Cooperation, models.CASCADE, related_name="documents", verbose_name=_("cooperation")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=250, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    file = models.FileField(
        _("file"),
        upload_to="documents/%Y/",
        blank=True,
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS), validate_upload_size],
    )

    objects = DocumentQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-signed_on", "kind"]
        constraints = [
            choices_constraint("document", "kind", DocumentKind),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="document_valid_until_after_valid_from",
                violation_error_message=VALIDITY_ORDER,
            ),
        ]

    def __str__(self) -> str:
        return " ".join(filter(None, [str(self.get_kind_display()), self.number]))

    def clean(self) -> None:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": VALIDITY_ORDER})

    def days_to_expiry(self, on: datetime.date | None = None) -> int | None:
        if self.valid_until is None:
            return None
        return (self.valid_until - (on or timezone.localdate())).days
