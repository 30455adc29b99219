"""The stock admin of ``manage.py bench``: the register's lists written as a
typical project writes them (plain ``ModelAdmin``, the same columns, filters,
search and date drill-down, Django's defaults for the rest: exact counts,
DISTINCT date drill-down, a query per row for computed columns), served
beside the project's own pages. A URLconf for benchmarking only, kept out of
the deployable packages."""

from django.contrib import admin
from django.urls import include, path
from django.utils import timezone

from bandung_coop.urls import urlpatterns as project_urls
from meetings.models import FollowUp, Meeting, Visit
from partnerships.models import Cooperation, Document, Partner, Person


class StockMeetingAdmin(admin.ModelAdmin):
    change_list_template = "admin/change_list.html"
    list_display = ("title", "starts_at", "place", "owner_department", "partner_names", "pending_follow_ups")
    list_filter = ("kind", "mode", "owner_department", "partners__country")
    search_fields = ("title", "place", "summary")
    date_hierarchy = "starts_at"

    @admin.display(description="partners")
    def partner_names(self, meeting):
        return ", ".join(partner.name for partner in meeting.partners.all())

    @admin.display(description="open follow-ups")
    def pending_follow_ups(self, meeting):
        return meeting.follow_ups.pending().count()


class StockVisitAdmin(admin.ModelAdmin):
    change_list_template = "admin/change_list.html"
    list_display = ("partner", "direction", "starts_on", "ends_on", "host_department", "member_count")
    list_filter = ("direction", "funding_source", "host_department")
    search_fields = ("partner__name", "purpose", "places")
    date_hierarchy = "starts_on"


class StockFollowUpAdmin(admin.ModelAdmin):
    change_list_template = "admin/change_list.html"
    list_display = ("description", "meeting", "owner_department", "due_on", "status", "overdue")
    list_filter = ("status", "owner_department")
    search_fields = ("description", "note", "meeting__title")
    date_hierarchy = "due_on"

    @admin.display(boolean=True)
    def overdue(self, follow_up):
        return follow_up.is_overdue()


class StockCooperationAdmin(admin.ModelAdmin):
    change_list_template = "admin/change_list.html"
    list_display = ("title", "partner_names", "lead_department", "stage", "started_on")
    list_filter = ("stage", "kind", "sectors", "lead_department")
    search_fields = ("title", "description", "partners__name")
    date_hierarchy = "started_on"

    @admin.display(description="partners")
    def partner_names(self, cooperation):
        return ", ".join(partner.name for partner in cooperation.partners.all())


class StockDocumentAdmin(admin.ModelAdmin):
    change_list_template = "admin/change_list.html"
    list_display = ("__str__", "cooperation", "kind", "signed_on", "valid_until", "expiry")
    list_filter = ("kind",)
    search_fields = ("number", "title", "cooperation__title")
    date_hierarchy = "valid_until"

    @admin.display(description="days to expiry")
    def expiry(self, document):
        if document.valid_until is None:
            return ""
        return (document.valid_until - timezone.localdate()).days


class StockPersonAdmin(admin.ModelAdmin):
    change_list_template = "admin/change_list.html"
    list_display = ("full_name", "current_position", "department", "partner")
    list_filter = ("department", "partner")
    search_fields = ("full_name", "aliases", "current_position")


class StockPartnerAdmin(admin.ModelAdmin):
    change_list_template = "admin/change_list.html"
    list_display = ("name", "kind", "country", "region")
    list_filter = ("kind", "country")
    search_fields = ("name", "aliases", "region")


baseline_site = admin.AdminSite(name="baseline")
baseline_site.register(Meeting, StockMeetingAdmin)
baseline_site.register(Visit, StockVisitAdmin)
baseline_site.register(FollowUp, StockFollowUpAdmin)
baseline_site.register(Cooperation, StockCooperationAdmin)
baseline_site.register(Document, StockDocumentAdmin)
baseline_site.register(Person, StockPersonAdmin)
baseline_site.register(Partner, StockPartnerAdmin)


urlpatterns = [*project_urls, path("baseline-admin/", include(baseline_site.urls[:2], namespace="baseline"))]
