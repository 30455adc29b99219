"""The log of reminders sent, and django-axes' login records with the
changelist checks of the register's own lists."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from bandung_coop.models import ReminderSent
from coop_lib.admin_input import CheckedHistoryIdsMixin, CheckedQueryStringMixin


@admin.register(ReminderSent)
class ReminderSentAdmin(CheckedQueryStringMixin, CheckedHistoryIdsMixin, SimpleHistoryAdmin):
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

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # django-simple-history saves a posted past version for anyone who may
        # view the record, though it shows no Revert button to them.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


admin.site.unregister((AccessAttempt, AccessLog, AccessFailureLog))


@admin.register(AccessAttempt)
class FailedLoginAdmin(CheckedQueryStringMixin, AccessAttemptAdmin):
    @admin.action(description=AccessAttemptAdmin.cleanup_expired_attempts.short_description)
    def cleanup_expired_attempts(self, request, queryset):
        # django-axes reads the request's attempt time, which it sets only on
        # login requests: without it the action fails (jazzband/django-axes#1424).
        AxesProxyHandler.update_request(request)
        return super().cleanup_expired_attempts(request, queryset)


@admin.register(AccessLog)
class CheckedAccessLogAdmin(CheckedQueryStringMixin, AccessLogAdmin):
    pass


@admin.register(AccessFailureLog)
class CheckedAccessFailureLogAdmin(CheckedQueryStringMixin, AccessFailureLogAdmin):
    pass
