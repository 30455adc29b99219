"""The admin of the cooperation register."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coop_lib.admin import RecordInlineMixin
from coop_lib.admin_scoping import ParentScopedInline, RoleScopedAdmin
from partnerships.admin_forms import CooperationAdminForm
from partnerships.csv_columns import cooperation_spec, partner_spec
from partnerships.imports import CooperationImport, PartnerImport
from partnerships.lifecycle import missing_for_kinds, next_stage
from partnerships.models import (
    EXPIRY_WARNING_DAYS,
    ActionPlanItem,
    ActionPlanTarget,
    Cooperation,
    Department,
    Document,
    FocusArea,
    Partner,
    Person,
    Sector,
    Stage,
    StageChange,
)
from partnerships.services import move_to_stage


@admin.register(Department)
class DepartmentAdmin(RoleScopedAdmin):
    list_display = ("acronym", "name", "kind", "is_active", "email")
    list_filter = ("kind", "is_active")
    search_fields = ("acronym", "name", "aliases")


class PartnerCountryFilter(admin.SimpleListFilter):
    """The countries partners are in, by name in the user's language; not
    every country of the world."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        return Partner.objects.countries()

    def queryset(self, request, queryset):
        return queryset.filter(country=self.value()) if self.value() else queryset


@admin.register(Partner)
class PartnerAdmin(RoleScopedAdmin):
    csv_spec = staticmethod(partner_spec)
    import_kind = PartnerImport
    list_display = ("name", "kind", "country_name", "region")
    list_filter = ("kind", PartnerCountryFilter)
    search_fields = ("name", "aliases", "region")

    @admin.display(description=_("country"), ordering="country")
    def country_name(self, partner: Partner) -> str:
        return partner.country.name


class FocusAreaInline(RecordInlineMixin, admin.TabularInline):
    model = FocusArea
    extra = 1


@admin.register(Sector)
class SectorAdmin(RoleScopedAdmin):
    list_display = ("name",)
    search_fields = ("name",)
    inlines = (FocusAreaInline,)


@admin.register(FocusArea)
class FocusAreaAdmin(RoleScopedAdmin):
    list_display = ("name", "sector")
    list_filter = ("sector",)
    list_select_related = ("sector",)
    search_fields = ("name", "sector__name")


@admin.register(Person)
class PersonAdmin(RoleScopedAdmin):
    list_display = ("full_name", "current_position", "department", "partner")
    list_select_related = ("department", "partner")
    # Only the departments and partners people belong to: hundreds of links otherwise.
    list_filter = (
        ("department", admin.RelatedOnlyFieldListFilter),
        ("partner", admin.RelatedOnlyFieldListFilter),
    )
    # What the search reads is PersonQuerySet.matching_text: these, and the
    # person's organisation (get_search_results).
    search_fields = ("full_name", "aliases", "current_position")
    autocomplete_fields = ("department", "partner")

    def get_queryset(self, request):
        # The autocomplete names each person's organisation (autocomplete_result).
        return super().get_queryset(request).select_related("department", "partner")

    def get_search_results(self, request, queryset, search_term):
        for word in search_term.split():
            queryset = queryset.matching_text(word)
        return queryset, False

    def autocomplete_result(self, person: Person) -> dict:
        """A person as the autocomplete offers them: name, position and
        organisation, so that two people of one name can be told apart and a
        search by organisation shows why each person was found; and whether
        they are of the city (the meeting form makes such a first participant
        the host)."""
        organisation = person.department or person.partner
        details = ", ".join(str(part) for part in (person.current_position, organisation) if part)
        return {
            "text": f"{person.full_name} — {details}" if details else person.full_name,
            "from_city": person.department_id is not None,
        }


class DocumentInline(RecordInlineMixin, admin.StackedInline):
    model = Document
    fk_name = "cooperation"
    extra = 0
    fields = (
        ("kind", "number"),
        "title",
        ("signed_on", "valid_from", "valid_until"),
        "file",
        ("previous", "relation"),
        ("sectors", "focus_areas"),
    )
    autocomplete_fields = ("previous", "sectors", "focus_areas")

    def get_queryset(self, request):
        # Each row's scope fields read their values from these.
        return (
            super()
            .get_queryset(request)
            .select_related("previous")
            .prefetch_related("sectors", "focus_areas")
        )


class StageChangeInline(admin.TabularInline):
    """The stage history, written only through ``move_to_stage``."""

    model = StageChange
    fields = ("changed_at", "from_stage", "to_stage", "changed_by", "override_reason")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


class ActionPlanItemInline(ParentScopedInline, admin.TabularInline):
    """The activities; their yearly targets are kept on each activity's page."""

    model = ActionPlanItem
    fields = ("activity", "owner_department", "indicator", "unit")
    autocomplete_fields = ("owner_department",)
    show_change_link = True
    extra = 0


@admin.register(Cooperation)
class CooperationAdmin(RoleScopedAdmin):
    csv_spec = staticmethod(cooperation_spec)
    import_kind = CooperationImport
    form = CooperationAdminForm
    list_display = ("title", "partner_names", "lead_department", "stage", "started_on")
    # meetings.admin adds the dormancy filter, which needs meetings and visits.
    list_filter = ("stage", "kind", "sectors", "lead_department")
    list_select_related = ("lead_department",)
    search_fields = ("title", "description", "partners__name")
    date_hierarchy = "started_on"
    autocomplete_fields = ("partners", "lead_department", "supporting_departments", "sectors", "focus_areas")
    readonly_fields = ("evidence_status",)
    inlines = (DocumentInline, ActionPlanItemInline, StageChangeInline)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "kind",
                    "partners",
                    "lead_department",
                    "supporting_departments",
                    "sectors",
                    "focus_areas",
                    "started_on",
                    "description",
                )
            },
        ),
        (_("Stage"), {"fields": ("stage", "override_reason", "evidence_status")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("partners")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**options, "fields": tuple(f for f in options["fields"] if f != "override_reason")})
            for name, options in fieldsets
        ]

    def save_model(self, request, obj, form, change):
        # Saved at the stage it had (a new one at the first); the stage moves
        # once the documents of the page are saved (save_related).
        obj.stage = form.stage_before
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        stage = form.cleaned_data.get("stage")
        if stage and stage != form.instance.stage:
            try:
                move_to_stage(
                    cooperation=form.instance,
                    stage=stage,
                    user=request.user,
                    expected_version=form.instance.version,
                    override_reason=form.cleaned_data.get("override_reason", ""),
                )
            except ValidationError as refusal:
                raise ValidationError({"stage": refusal}) from refusal

    @admin.display(description=_("partners"))
    def partner_names(self, cooperation: Cooperation) -> str:
        return ", ".join(partner.name for partner in cooperation.partners.all())

    @admin.display(description=_("evidence"))
    def evidence_status(self, cooperation: Cooperation) -> str:
        if cooperation.pk is None:
            return "—"
        # One query for both lines, on the change page and a past version's alike.
        held = set(cooperation.documents.values_list("kind", flat=True))
        lines = [_evidence_line(_("Missing for the current stage"), held, cooperation.stage)]
        if following := next_stage(cooperation.stage):
            lines.append(_evidence_line(_("Needed for the next stage"), held, following))
        return format_html_join("", "<p>{}</p>", ((line,) for line in lines))


def _evidence_line(heading: str, held_kinds: set[str], stage: str) -> str:
    missing = missing_for_kinds(held_kinds, stage)
    if not missing:
        return format_html(
            '{} ({}): <span class="evidence-complete">{}</span>',
            heading,
            Stage(stage).label,
            _("nothing, all documents are here"),
        )
    return format_html(
        '{} ({}): <span class="evidence-missing">{}</span>',
        heading,
        Stage(stage).label,
        ", ".join(str(evidence) for evidence in missing),
    )


class ValidityFilter(admin.SimpleListFilter):
    title = _("validity")
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return [
            ("active", _("Active")),
            ("expiring", format_lazy(_("Expiring within {days} days"), days=EXPIRY_WARNING_DAYS)),
            ("expired", _("Expired")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.active()
        if self.value() == "expiring":
            return queryset.expiring_within(days=EXPIRY_WARNING_DAYS)
        if self.value() == "expired":
            return queryset.expired()
        return queryset


@admin.register(Document)
class DocumentAdmin(RoleScopedAdmin):
    list_display = ("__str__", "cooperation", "kind", "signed_on", "valid_until", "expiry")
    list_filter = (ValidityFilter, "kind")
    list_select_related = ("cooperation",)
    search_fields = ("number", "title", "cooperation__title")
    date_hierarchy = "valid_until"
    autocomplete_fields = ("cooperation", "previous", "sectors", "focus_areas")

    @admin.display(description=_("days to expiry"), ordering="valid_until")
    def expiry(self, document: Document) -> str:
        days = document.days_to_expiry()
        if days is None:
            return "—"
        if days < 0:
            css_class = "expiry-expired"
        elif days <= EXPIRY_WARNING_DAYS:
            css_class = "expiry-soon"
        else:
            css_class = "expiry-ok"
        label = ngettext("%(days)d day", "%(days)d days", days) % {"days": days}
        return format_html('<span class="{}">{}</span>', css_class, label)


class ActionPlanTargetInline(ParentScopedInline, admin.TabularInline):
    model = ActionPlanTarget
    fields = ("year", "target", "achieved", "reported_on", "evidence", "evidence_file")
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("item")


@admin.register(ActionPlanItem)
class ActionPlanItemAdmin(RoleScopedAdmin):
    list_display = ("activity", "cooperation", "owner_department", "indicator", "unit")
    list_filter = ("owner_department", "cooperation")
    list_select_related = ("cooperation", "owner_department")
    search_fields = ("activity", "indicator", "cooperation__title")
    autocomplete_fields = ("cooperation", "owner_department")
    inlines = (ActionPlanTargetInline,)
