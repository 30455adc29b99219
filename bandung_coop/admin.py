from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from bandung_coop.models import ReminderSent


@admin.register(ReminderSent)
class ReminderSentAdmin(SimpleHistoryAdmin):
    """Read-only: the answer to "was Disnaker told about this?"."""

    list_display = ("sent_on", "department", "kind", "object_id", "threshold_days", "due_on", "recipients")
    list_filter = ("kind", "department")
    list_select_related = ("department",)
    search_fields = ("recipients",)
    date_hierarchy = "sent_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
