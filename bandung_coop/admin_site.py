"""The admin site, titled for the city."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from coop_lib.admin_autocomplete import DescribedAutocompleteJsonView


class CoopAdminSite(admin.AdminSite):
    site_header = _("International Cooperation — Bandung City Government")
    site_title = _("Bandung International Cooperation")
    index_title = _("Cooperation register")

    def autocomplete_view(self, request):
        return DescribedAutocompleteJsonView.as_view(admin_site=self)(request)
