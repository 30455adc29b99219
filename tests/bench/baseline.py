"""The baseline of ``manage.py bench``: the meeting admin written the usual
way (exact counts, DISTINCT date drill-down, a query per row for computed
columns), served beside the project's own pages. A URLconf for benchmarking
only, kept out of the deployable packages."""

from django.contrib import admin
from django.urls import include, path

from bandung_coop.urls import urlpatterns as project_urls
from meetings.models import Meeting


class BaselineMeetingAdmin(admin.ModelAdmin):
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


baseline_site = admin.AdminSite(name="baseline")
baseline_site.register(Meeting, BaselineMeetingAdmin)


urlpatterns = [*project_urls, path("baseline-admin/", include(baseline_site.urls[:2], namespace="baseline"))]
