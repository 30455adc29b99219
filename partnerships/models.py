"""The city's side and the partner's side of a foreign cooperation.

Departments (OPD), foreign partners, sectors with their focus areas, people,
and the cooperations with their signed documents. Meetings and visits live in
the ``meetings`` app, which refers to these models and never the reverse.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from accounts.querysets import RoleScopedQuerySet
from coop_lib.constraints import choices_constraint
from coop_lib.models import VersionedRecord
from coop_lib.validators import validate_upload_size

ALIASES_HELP_TEXT = _("Other names or spellings used in letters and news, one per line.")
DOCUMENT_EXTENSIONS = ["pdf", "doc", "docx", "odt", "jpg", "jpeg", "png"]
VALIDITY_ORDER = _("“Valid until” cannot be before “valid from”.")
SINGLE_ORGANISATION = _("A person belongs to a department or to a partner, not both.")
RELATION_WITH_PREVIOUS = _("Give both the previous document and how this one relates to it, or neither.")


def split_aliases(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class AliasesField(models.TextField):
    """Other names of a record, one per line: stored without blank lines or
    spaces around a name, so the database can read them as written (the
    export joins them with "; " in SQL)."""

    def to_python(self, value):
        value = super().to_python(value)
        return "\n".join(split_aliases(value)) if value else value


class DepartmentKind(models.TextChoices):
    DINAS = "dinas", _("Dinas (service)")
    BADAN = "badan", _("Badan (agency)")
    BAGIAN = "bagian", _("Bagian of the Secretariat")
    KECAMATAN = "kecamatan", _("Kecamatan (district)")
    BUMD = "bumd", _("BUMD (regional enterprise)")


class DepartmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Department(VersionedRecord):
    """An OPD of the City of Bandung, or a city-owned enterprise such as PDAM."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30)
    kind = models.CharField(_("kind"), max_length=20, choices=DepartmentKind.choices)
    is_active = models.BooleanField(_("active"), default=True)
    aliases = AliasesField(_("alternative names"), blank=True, help_text=ALIASES_HELP_TEXT)
    email = models.EmailField(_("contact e-mail"), blank=True)

    objects = DepartmentQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta(VersionedRecord.Meta):
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


class PartnerQuerySet(models.QuerySet):
    def countries(self) -> list[tuple[str, str]]:
        """(code, name) of the countries these partners are in, by name in
        the user's language: what a country filter offers."""
        codes = set(self.order_by().values_list("country", flat=True)) - {""}
        return sorted(((code, str(countries.name(code))) for code in codes), key=lambda choice: choice[1])


class Partner(VersionedRecord):
    """A foreign local government or institution the city works with."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    country = CountryField(_("country"))
    region = models.CharField(
        _("region"), max_length=100, blank=True, help_text=_("Prefecture, province or state.")
    )
    aliases = AliasesField(_("alternative names"), blank=True, help_text=ALIASES_HELP_TEXT)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("profile"), blank=True)

    objects = PartnerQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta(VersionedRecord.Meta):
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        constraints = [choices_constraint("partner", "kind", PartnerKind)]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("pages:partner_detail", args=[self.pk])

    def alias_list(self) -> list[str]:
        return split_aliases(self.aliases)


class Sector(VersionedRecord):
    """A field of cooperation, such as environment or employment."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    history = HistoricalRecords()

    class Meta(VersionedRecord.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FocusAreaManager(models.Manager):
    def get_queryset(self):
        # A focus area is always named with its sector (see __str__).
        return super().get_queryset().select_related("sector")


class FocusArea(VersionedRecord):
    """The second level below a sector, such as waste management."""

    sector = models.ForeignKey(Sector, models.PROTECT, related_name="focus_areas", verbose_name=_("sector"))
    name = models.CharField(_("name"), max_length=150)

    objects = FocusAreaManager()
    history = HistoricalRecords()

    class Meta(VersionedRecord.Meta):
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


class PersonQuerySet(models.QuerySet):
    def matching_text(self, text: str) -> "PersonQuerySet":
        """People whose name, alternative name or position holds ``text``, or
        whose organisation does: a partner by name or alternative name, a
        department by name, acronym or alternative name ("Kawasaki" finds the
        people of Kota Kawasaki). The organisations are looked up first in
        their own small tables, so that each condition on the people's table
        is one its indexes answer (a trigram index per text column, the
        foreign-key indexes for the organisations)."""
        partner_ids = list(
            Partner.objects.filter(models.Q(name__icontains=text) | models.Q(aliases__icontains=text))
            .order_by()
            .values_list("pk", flat=True)
        )
        department_ids = list(
            Department.objects.filter(
                models.Q(name__icontains=text)
                | models.Q(acronym__icontains=text)
                | models.Q(aliases__icontains=text)
            )
            .order_by()
            .values_list("pk", flat=True)
        )
        return self.filter(
            models.Q(full_name__icontains=text)
            | models.Q(aliases__icontains=text)
            | models.Q(current_position__icontains=text)
            | models.Q(partner_id__in=partner_ids)
            | models.Q(department_id__in=department_ids)
        )


class Person(VersionedRecord):
    """An official on either side. The position held at a meeting is stored
    on the participation, because positions change and records must not."""

    full_name = models.CharField(_("full name"), max_length=200)
    aliases = AliasesField(_("alternative names"), blank=True, help_text=ALIASES_HELP_TEXT)
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

    objects = PersonQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta(VersionedRecord.Meta):
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
    """The stages of PP 28/2018 and Permendagri 25/2020, in order."""

    INITIATIVE = "initiative", _("Initiative (prakarsa)")
    EXPLORATION = "exploration", _("Exploration (penjajakan)")
    LOI = "loi", _("Letter of intent")
    PLAN = "plan", _("Cooperation plan")
    DPRD_APPROVAL = "dprd_approval", _("DPRD approval")
    CENTRAL_APPROVAL = "central_approval", _("Central government approval")
    SIGNED = "signed", _("Signed (MoU / PKS)")
    IMPLEMENTATION = "implementation", _("Implementation")
    EVALUATION = "evaluation", _("Monitoring and evaluation")
    RENEWAL = "renewal", _("Renewal")
    ENDED = "ended", _("Ended")


def twelve_months_before(on: datetime.date) -> datetime.date:
    try:
        return on.replace(year=on.year - 1)
    except ValueError:  # 29 February
        return on.replace(year=on.year - 1, day=28)


class CooperationQuerySet(RoleScopedQuerySet):
    # Changed by the cooperation division; by the lead department's staff
    # only if given the permission to change cooperations.
    owner_field = "lead_department"

    def ongoing(self):
        return self.exclude(stage=Stage.ENDED)

    def with_active_agreement(self, on: datetime.date | None = None):
        """Cooperations with a signed MoU or PKS in force on ``on``."""
        agreements = Document.objects.active(on).filter(
            kind__in=AGREEMENT_KINDS, cooperation=models.OuterRef("pk")
        )
        return self.filter(models.Exists(agreements))


class Cooperation(VersionedRecord):
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
    stage = models.CharField(
        _("stage"),
        max_length=20,
        choices=Stage.choices,
        default=Stage.INITIATIVE,
        help_text=_("Documents added on this page count as evidence once saved."),
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CooperationQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=[partners, supporting_departments, sectors, focus_areas])

    class Meta(VersionedRecord.Meta):
        verbose_name = _("cooperation")
        verbose_name_plural = _("cooperations")
        ordering = ["title"]
        constraints = [
            choices_constraint("cooperation", "kind", CooperationKind),
            choices_constraint("cooperation", "stage", Stage),
        ]

    def __str__(self) -> str:
        return self.title

    def fields_editable_by(self, user) -> frozenset[str]:
        """Everything but the stage, which moves only through
        ``partnerships.services.move_to_stage`` with its evidence."""
        fields = [*self._meta.concrete_fields, *self._meta.many_to_many]
        return frozenset(field.name for field in fields if field.name != "stage")


class DocumentKind(models.TextChoices):
    LOI = "loi", _("Letter of intent (LoI)")
    MOU = "mou", _("Memorandum of understanding (MoU)")
    AGREEMENT = "pks", _("Cooperation agreement (PKS)")
    ADDENDUM = "addendum", _("Addendum")
    PLAN = "plan", _("Cooperation plan")
    DPRD_APPROVAL = "dprd", _("DPRD approval letter")
    CENTRAL_APPROVAL = "central", _("Central government approval / full-power letter")
    MONITORING_REPORT = "monitoring", _("Monitoring and evaluation report")


# The signed documents that make a cooperation binding while in force.
AGREEMENT_KINDS = (DocumentKind.MOU, DocumentKind.AGREEMENT)


class DocumentRelation(models.TextChoices):
    RENEWS = "renews", _("Renews")
    IMPLEMENTS = "implements", _("Implements")


# An agreement "expires soon" this many days ahead: the admin's filter and
# colour, the browsing list, the dashboard and the first reminder all use it.
EXPIRY_WARNING_DAYS = 180


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


class Document(VersionedRecord):
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
    previous = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("previous document"),
        help_text=_("The earlier document this one renews or implements (LoI → MoU → renewed MoU)."),
    )
    relation = models.CharField(
        _("relation to the previous document"), max_length=10, choices=DocumentRelation.choices, blank=True
    )
    # The scope as signed: a renewal may add or drop sectors, and the
    # cooperation's own fields only say what it covers today.
    sectors = models.ManyToManyField(Sector, blank=True, related_name="documents", verbose_name=_("sectors"))
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="documents", verbose_name=_("focus areas")
    )

    objects = DocumentQuerySet.as_manager()

    history = HistoricalRecords(m2m_fields=[sectors, focus_areas])

    class Meta(VersionedRecord.Meta):
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
            models.CheckConstraint(
                condition=models.Q(previous__isnull=True, relation="")
                | models.Q(previous__isnull=False, relation__in=DocumentRelation.values),
                name="document_relation_with_previous",
                violation_error_message=RELATION_WITH_PREVIOUS,
            ),
        ]

    def __str__(self) -> str:
        label = " ".join(filter(None, [str(self.get_kind_display()), self.number]))
        year = f" ({self.signed_on:%Y})" if self.signed_on else ""
        return f"{label}{year}"

    def clean(self) -> None:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": VALIDITY_ORDER})
        if bool(self.previous_id) != bool(self.relation):
            raise ValidationError({"relation": RELATION_WITH_PREVIOUS})
        if self.previous_id and self.pk and self._previous_chain_reaches_self():
            raise ValidationError({"previous": _("A document cannot renew or implement itself.")})

    def _previous_chain_reaches_self(self) -> bool:
        seen, current = set(), self.previous
        while current is not None and current.pk not in seen:
            if current.pk == self.pk:
                return True
            seen.add(current.pk)
            current = current.previous
        return False

    def days_to_expiry(self, on: datetime.date | None = None) -> int | None:
        if self.valid_until is None:
            return None
        return (self.valid_until - (on or timezone.localdate())).days


class StageChange(models.Model):
    """One step of a cooperation through the stages: who moved it, when, and
    the reason when a superuser moved it without the required evidence."""

    cooperation = models.ForeignKey(
        Cooperation, models.CASCADE, related_name="stage_changes", verbose_name=_("cooperation")
    )
    from_stage = models.CharField(_("from stage"), max_length=20, choices=Stage.choices)
    to_stage = models.CharField(_("to stage"), max_length=20, choices=Stage.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="stage_changes",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    override_reason = models.TextField(
        _("reason for moving without evidence"),
        blank=True,
        help_text=_("Given when the required documents were missing."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["-changed_at", "-pk"]
        constraints = [
            choices_constraint("stage_change", "from_stage", Stage),
            choices_constraint("stage_change", "to_stage", Stage),
        ]

    def __str__(self) -> str:
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"


class ActionPlanItemQuerySet(RoleScopedQuerySet):
    """The cooperation division, and the owner OPD for its own activities."""

    owner_field = "owner_department"


class ActionPlanItem(VersionedRecord):
    """An activity of a cooperation's plan of action, measured by one indicator."""

    cooperation = models.ForeignKey(
        Cooperation, models.CASCADE, related_name="action_plan_items", verbose_name=_("cooperation")
    )
    activity = models.CharField(_("activity"), max_length=250)
    owner_department = models.ForeignKey(
        Department,
        models.PROTECT,
        related_name="action_plan_items",
        verbose_name=_("responsible department"),
    )
    indicator = models.CharField(_("indicator"), max_length=250)
    unit = models.CharField(_("unit"), max_length=50, help_text=_("For example: people, trainings, units."))

    objects = ActionPlanItemQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta(VersionedRecord.Meta):
        verbose_name = _("plan-of-action activity")
        verbose_name_plural = _("plan of action")
        ordering = ["cooperation__title", "pk"]

    def __str__(self) -> str:
        return self.activity


ACHIEVED_WITHOUT_DATE = _("An achieved value needs the date it was reported.")
NEGATIVE_VALUE = _("Targets and achievements cannot be negative.")
YEAR_RANGE = _("Give a year between 2000 and 2100.")


class ActionPlanTargetQuerySet(RoleScopedQuerySet):
    """Targets against achievements. Sums add numbers of one unit only:
    people trained and units installed do not add up."""

    def editable_by(self, user):
        return self.filter(item__in=ActionPlanItem.objects.editable_by(user))

    def _totals(self, *group_by: str):
        zero = models.Value(0, output_field=models.DecimalField(max_digits=14, decimal_places=2))
        return (
            self.order_by()
            .values(*group_by, "item__unit")
            .annotate(
                target_total=Coalesce(models.Sum("target"), zero),
                achieved_total=Coalesce(models.Sum("achieved"), zero),
                rows=models.Count("pk"),
                rows_met=models.Count("pk", filter=models.Q(achieved__gte=models.F("target"))),
            )
            .order_by(*group_by, "item__unit")
        )

    def totals_by_year(self):
        """One row per year and unit: ``year``, ``item__unit``, ``target_total``,
        ``achieved_total``, ``rows`` and ``rows_met`` (achieved ≥ target)."""
        return self._totals("year")

    def totals_by_department(self):
        """As ``totals_by_year``, per responsible department too
        (``item__owner_department__acronym``)."""
        return self._totals("item__owner_department__acronym", "year")


class ActionPlanTarget(VersionedRecord):
    """The target of one plan-of-action activity for one year, and what was achieved."""

    item = models.ForeignKey(
        ActionPlanItem, models.CASCADE, related_name="targets", verbose_name=_("activity")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    target = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    achieved = models.DecimalField(
        _("achieved"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Leave empty until there is something to report."),
    )
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    evidence = models.TextField(
        _("evidence"), blank=True, help_text=_("Where the achievement is documented.")
    )
    evidence_file = models.FileField(
        _("evidence file"),
        upload_to="action_plan/%Y/",
        blank=True,
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS), validate_upload_size],
    )

    objects = ActionPlanTargetQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta(VersionedRecord.Meta):
        verbose_name = _("yearly target")
        verbose_name_plural = _("yearly targets")
        ordering = ["item", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "year"],
                name="action_plan_target_once_per_year",
                violation_error_message=_("This activity already has a target for that year."),
            ),
            models.CheckConstraint(
                condition=models.Q(target__gte=0)
                & (models.Q(achieved__isnull=True) | models.Q(achieved__gte=0)),
                name="action_plan_target_not_negative",
                violation_error_message=NEGATIVE_VALUE,
            ),
            models.CheckConstraint(
                condition=models.Q(achieved__isnull=True) | models.Q(reported_on__isnull=False),
                name="action_plan_target_achieved_has_date",
                violation_error_message=ACHIEVED_WITHOUT_DATE,
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100),
                name="action_plan_target_year_range",
                violation_error_message=YEAR_RANGE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.year}"

    def clean(self) -> None:
        if self.achieved is not None and not self.reported_on:
            raise ValidationError({"reported_on": ACHIEVED_WITHOUT_DATE})

    @property
    def is_met(self) -> bool:
        return self.achieved is not None and self.achieved >= self.target
