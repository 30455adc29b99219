from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from partnerships.admin_scoping import RoleScopedAdmin
from partnerships.models import Cooperation, Department, Document, FocusArea, Partner, Person, Sector

# Days left before an agreement lapses that turn its expiry column amber.
EXPIRY_WARNING_DAYS = 180


@admin.register(Department)
class DepartmentAdmin(RoleScopedAdmin):
    list_display = ("acronym", "name", "kind", "is_active", "email")
    list_filter = ("kind", "is_active")
    search_fields = ("acronym", "name", "aliases")


@admin.register(Partner)
class PartnerAdmin(RoleScopedAdmin):
    list_display = ("name", "kind", "country", "region")
    list_filter = ("kind", "country")
    search_fields = ("name", "aliases", "region")


class FocusAreaInline(admin.TabularInline):
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
    list_filter = ("department", "partner")
    search_fields = ("full_name", "aliases", "current_position")
    autocomplete_fields = ("department", "partner")


class DocumentInline(admin.StackedInline):
    model = Document
    extra = 0
    fields = (("kind", "number"), "title", ("signed_on", "valid_from", "valid_until"), "file")


@admin.register(Cooperation)
class CooperationAdmin(RoleScopedAdmin):
    list_display = ("title", "partner_names", "lead_department", "stage", "started_on")
    list_filter = ("stage", "kind", "sectors", "lead_department")
    list_select_related = ("lead_department",)
    search_fields = ("title", "description", "partners__name")
    date_hierarchy = "started_on"
    autocomplete_fields = ("partners", "lead_department", "supporting_departments", "sectors", "focus_areas")
    inlines = (DocumentInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("partners")

    @admin.display(description=_("partners"))
    def partner_names(self, cooperation: Cooperation) -> str:
        return ", ".join(partner.name for partner in cooperation.partners.all())


class ValidityFilter(admin.SimpleListFilter):
    title = _("validity")
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return [
            ("active", _("Active")),
            ("expiring", _("Expiring within 180 days")),
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
    autocomplete_fields = ("cooperation",)

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
