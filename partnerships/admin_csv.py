"""CSV export from the admin: an action for the selected rows and, on every
list, a link that exports the whole filtered result the user is looking at."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy as _

from partnerships.admin_scoping import read_only_action
from partnerships.csv_export import csv_response, delimiter_for


class CsvExportAdminMixin:
    # A function returning the CsvSpec, built per request for its language.
    csv_spec = None
    actions = ["export_selected_as_csv"]

    def get_urls(self):
        opts = self.model._meta
        export = path(
            "export/",
            self.admin_site.admin_view(self.export_filtered_view),
            name=f"{opts.app_label}_{opts.model_name}_export",
        )
        return [export, *super().get_urls()]

    def export_filtered_view(self, request):
        """The changelist's own rows (filters, search, date drill-down, row rules)."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        delimiter = delimiter_for(request)
        # The changelist refuses parameters it does not know.
        request.GET = request.GET.copy()
        request.GET.pop("sep", None)
        rows = self.get_changelist_instance(request).get_queryset(request)
        return csv_response(queryset=rows, spec=self.csv_spec(), request=request, delimiter=delimiter)

    @admin.action(description=_("Export selected rows as CSV"))
    @read_only_action
    def export_selected_as_csv(self, request, queryset):
        return csv_response(queryset=queryset, spec=self.csv_spec(), request=request)
